import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { TokenExchanger } from '@plein/auth';
import { ProviderDirectory, type IncomeProvider } from '../providers/provider-directory.js';
import { askPeer } from '@plein/peer-request';
import type { DataAccess, DataTracker, TrackerSource } from './data-tracker.types.js';

const QUERY = '{ processingLogV1 { time source category purpose legalBasis receiverOrg receiverRole processingActivityId traceId } }';
const answerSchema = z.object({
  data: z
    .object({
      processingLogV1: z.array(
        z.object({
          time: z.string(),
          source: z.string(),
          category: z.string(),
          purpose: z.string(),
          legalBasis: z.string(),
          receiverOrg: z.string().nullable(),
          receiverRole: z.string(),
          traceId: z.string(),
        }),
      ),
    })
    .nullable()
    .optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});

/**
 * The resident's data tracker: asks every source on the plein for its processing log about the
 * calling resident (each with a token exchanged for that source alone: a source answers only
 * about its caller) and merges them, newest first.
 */
@Injectable()
export class DataTrackerService {
  constructor(
    @Inject(ProviderDirectory) private readonly directory: ProviderDirectory,
    @Inject(TokenExchanger) private readonly exchanger: TokenExchanger,
  ) {}

  async track(headers: Record<string, string>, timeoutMs: number): Promise<DataTracker> {
    const providers = this.directory.current();
    const names = new Map(providers.map((p) => [p.agency.oin, p.agency.name]));
    const answers = await Promise.all(providers.map((p) => this.ask(p, headers, timeoutMs)));
    const accesses: DataAccess[] = answers
      .flatMap((a) =>
        a.entries.map((e) => ({
          time: new Date(e.time),
          organisation:
            e.receiverRole === 'resident' || !e.receiverOrg ? null : { oin: e.receiverOrg, name: names.get(e.receiverOrg) ?? null },
          role: e.receiverRole,
          source: a.provider.agency.key,
          sourceName: a.provider.agency.name,
          category: e.category,
          purpose: e.purpose,
          legalBasis: e.legalBasis,
          traceId: e.traceId,
        })),
      )
      .sort((x, y) => y.time.getTime() - x.time.getTime());
    const sources: TrackerSource[] = answers.map((a) => ({
      agencyKey: a.provider.agency.key,
      agencyName: a.provider.agency.name,
      status: a.status,
    }));
    return { accesses, sources: sources.sort((x, y) => x.agencyKey.localeCompare(y.agencyKey)) };
  }

  private async ask(provider: IncomeProvider, headers: Record<string, string>, timeoutMs: number) {
    type Entry = NonNullable<z.infer<typeof answerSchema>['data']>['processingLogV1'][number];
    const fail = (status: string) => ({ provider, status, entries: [] as Entry[] });
    try {
      const authorization = await this.exchanger.authorizationFor(headers['authorization'], provider.subgraph);
      const reply = await askPeer(provider.routingUrl, { authorization }, JSON.stringify({ query: QUERY }), { timeoutMs });
      if (reply.kind !== 'answer') return fail('UNAVAILABLE');
      const parsed = answerSchema.safeParse(JSON.parse(reply.text));
      if (!parsed.success) return fail('UNAVAILABLE');
      const entries = parsed.data.data?.processingLogV1;
      if (!entries) {
        const unknownField = parsed.data.errors?.some((e) => /Cannot query field "processingLogV1"/.test(e.message));
        return fail(unknownField ? 'NOT_SUPPORTED' : 'UNAVAILABLE');
      }
      return { provider, status: 'OK', entries };
    } catch {
      return fail('UNAVAILABLE');
    }
  }
}
