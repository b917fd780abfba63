import { Logger } from '@nestjs/common';
import type { ApolloServerPlugin } from '@apollo/server';
import { ServiceAccountToken } from '@plein/auth';
import { TypeInfo, visit, visitWithTypeInfo, getNamedType, type DocumentNode, type GraphQLSchema } from 'graphql';

export interface UsageReportSettings {
  registryUrl: string;
  /** Client credentials of the gateway's service account (role plein-admin), and where to get a token. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  intervalMs: number;
}

/** The schema coordinates (Type.field) an operation selects, as resolved against the API schema. */
export function coordinatesOf(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent && field && !field.name.startsWith('__')) {
          used.add(`${parent.name}.${field.name}`);
          used.add(getNamedType(field.type).name);
        }
      },
    }),
  );
  return used;
}

/**
 * Counts which fields the gateway's clients actually use and reports the counts to the
 * registry, which checks publications against them: a breaking change to a field nobody used
 * in the window is reported but does not block. Nothing about the caller or the variables is
 * kept: only schema coordinates and counts.
 */
export class UsageRecorder {
  private readonly logger = new Logger('usage');
  private counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly token: ServiceAccountToken;

  constructor(private readonly settings: UsageReportSettings) {
    this.token = new ServiceAccountToken({ ...settings, audience: 'registry' });
  }

  plugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ document, schema }) => {
          for (const c of coordinatesOf(schema, document)) this.counts.set(c, (this.counts.get(c) ?? 0) + 1);
        },
      }),
    };
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.settings.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  async flush(): Promise<void> {
    if (this.counts.size === 0) return;
    const batch = this.counts;
    this.counts = new Map();
    try {
      const res = await fetch(
        new URL('graphql', this.settings.registryUrl.endsWith('/') ? this.settings.registryUrl : `${this.settings.registryUrl}/`),
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: await this.token.authorization() },
          body: JSON.stringify({
            query: 'mutation($u: [FieldUsageInput!]!) { reportFieldUsage(usage: $u) }',
            variables: { u: [...batch].map(([coordinate, count]) => ({ coordinate, count })) },
          }),
          signal: AbortSignal.timeout(5_000),
        },
      );
      const body = (await res.json()) as { errors?: Array<{ message: string }> };
      if (body.errors?.length) throw new Error(body.errors[0]!.message);
    } catch (e) {
      // Kept for the next report: usage counts are additive, a late report is still right.
      for (const [c, n] of batch) this.counts.set(c, (this.counts.get(c) ?? 0) + n);
      this.logger.warn(`usage report postponed: ${(e as Error).message}`);
    }
  }
}
