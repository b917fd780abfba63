import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  Optional,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '@plein/auth';
import { SourceLog, refusedRequestEntry, type SourceLogSettings } from '@plein/processing-log';
import { processingActivityUri } from '@plein/subgraph-kit';

const REFUSAL_LOG_SETTINGS = Symbol('REFUSAL_LOG_SETTINGS');

/** Why the gateway refused a verified caller before any subgraph was asked. */
export type GatewayRefusal = 'PURPOSE_NOT_ALLOWED' | 'RATE_LIMITED';

/** How long one caller's rate-limit refusals count as one: a flood of 429s writes one entry a minute, not one a request. */
const RATE_LIMIT_ENTRY_MS = 60_000;

/**
 * The requests the gateway refused, in the gateway's own processing log (chained, checkpointed,
 * handed to the accountable record like every source's), so misuse detection sees a caseworker
 * stating purposes they were not granted or an account flooding the API. Without a database
 * (a gateway that only polls the registry) refusals are structured log lines only.
 */
@Injectable()
export class GatewayRefusals implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('refused');
  private readonly log: SourceLog | undefined;
  private readonly rateLimited = new Map<string, number>();

  constructor(
    @Optional() @Inject(DataSource) dataSource: DataSource | null,
    @Optional() @Inject(REFUSAL_LOG_SETTINGS) settings: SourceLogSettings | null,
  ) {
    this.log = dataSource && settings ? new SourceLog(dataSource, settings, (m) => this.logger.error(m)) : undefined;
  }

  onModuleInit(): void {
    this.log?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.log?.stop();
  }

  /**
   * Records a refusal before it goes back. A failure to record is reported and the caller is
   * refused all the same: nothing leaves either way.
   */
  async refused(
    code: GatewayRefusal,
    caller: Caller | null | undefined,
    request: { purpose?: string; traceparent?: string },
  ): Promise<void> {
    if (code === 'RATE_LIMITED' && caller && !this.firstInMinute(caller)) return;
    this.logger.warn(
      JSON.stringify({
        refused: code,
        org: caller?.org ?? null,
        client: caller?.clientId ?? null,
        subject: caller?.subject ?? null,
        ...(request.purpose ? { purpose: request.purpose } : {}),
      }),
    );
    if (!this.log || !caller) return;
    try {
      await this.log.append([
        refusedRequestEntry({
          // A fixed name: the operation name is the caller's own text and could carry a BSN.
          name: 'GraphQL request',
          code,
          purpose: request.purpose ?? null,
          caller,
          traceparent: request.traceparent,
          processingActivityId: processingActivityUri('gateway', 'api-access'),
          source: 'gateway',
        }),
      ]);
    } catch (e) {
      this.logger.error(`could not log a refusal (${code}); refused all the same: ${(e as Error).message}`);
    }
  }

  private firstInMinute(caller: Caller): boolean {
    const key = `${caller.clientId}|${caller.subject}`;
    const now = Date.now();
    const last = this.rateLimited.get(key);
    if (last !== undefined && now - last < RATE_LIMIT_ENTRY_MS) return false;
    if (this.rateLimited.size > 10_000)
      for (const [k, at] of this.rateLimited) if (now - at >= RATE_LIMIT_ENTRY_MS) this.rateLimited.delete(k);
    this.rateLimited.set(key, now);
    return true;
  }
}

/** Global: the GraphQL context (purpose) and the rate limiter (middleware) both record refusals. */
@Global()
@Module({})
export class GatewayRefusalsModule {
  static forRoot(settings: SourceLogSettings | undefined): DynamicModule {
    return {
      module: GatewayRefusalsModule,
      providers: [...(settings ? [{ provide: REFUSAL_LOG_SETTINGS, useValue: settings }] : []), GatewayRefusals],
      exports: [GatewayRefusals],
    };
  }
}
