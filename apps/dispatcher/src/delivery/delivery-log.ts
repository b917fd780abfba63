import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller, RefusalRecorder } from '@plein/auth';
import { currentTrace, LogStatus, SourceLog } from '@plein/processing-log';
import { forbiddenRoleEntry, processingActivityUri, toAccountableRecord, tokenUrlOf } from '@plein/subgraph-kit';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../settings.js';

/** What the plein gave (or refused) an organisation about a resident: an event, its details, a municipality its signals. */
export interface EventDisclosure {
  /** `event delivered`, `event details read`, `early-warning signals read`, … */
  name: string;
  activity: 'event-delivery' | 'event-details' | 'early-warning' | 'household-cases';
  subject: string;
  receiverOrg: string;
  receiverRole: string;
  purpose: string;
  /** `consent:<id>`, or for a refusal why. */
  basis: string;
  category: string;
  /** The agency whose data it is. */
  source: string;
  startTime: Date;
  traceparent?: string;
  /** The person or account who asked (token subject); none for what the plein sends of its own accord. */
  actor?: string;
}

/**
 * The dispatcher's own processing log (Logboek Dataverwerkingen): it discloses data about
 * residents — that an event happened, and its details — so it logs every disclosure like a
 * source does, committed before anything leaves, in the same chained and checkpointed form that
 * `npm run logboek:verify` checks.
 */
@Injectable()
export class DeliveryLog implements OnModuleInit, OnApplicationShutdown, RefusalRecorder {
  private readonly logger = new Logger('delivery-log');
  private readonly log: SourceLog;

  constructor(@Inject(DataSource) dataSource: DataSource, @Inject(DISPATCHER_CONFIG) config: DispatcherConfig) {
    this.log = new SourceLog(
      dataSource,
      {
        schema: 'dispatcher',
        source: 'dispatcher',
        key: config.LOGBOEK_KEY,
        checkpointDir: config.LOGBOEK_CHECKPOINT_DIR,
        checkpointMs: config.LOGBOEK_CHECKPOINT_MS,
        ...(config.ACCOUNTABILITY_URL
          ? {
              ship: toAccountableRecord({
                url: config.ACCOUNTABILITY_URL,
                tokenUrl: tokenUrlOf(config),
                clientId: config.EVENT_ROUTER_CLIENT_ID,
                clientSecret: config.EVENT_ROUTER_CLIENT_SECRET,
              }),
            }
          : {}),
      },
      (m) => this.logger.error(m),
    );
  }

  onModuleInit(): void {
    this.log.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.log.stop();
  }

  /** A caller refused for their role (an integrator at a publisher's route, …), logged before the refusal goes back. */
  forbiddenRole(caller: Caller, operation: string, headers: Readonly<Record<string, string>>): Promise<void> {
    return this.log.append([forbiddenRoleEntry('dispatcher', caller, operation, headers)]);
  }

  disclosed(d: EventDisclosure): Promise<void> {
    return this.write(d, LogStatus.OK);
  }

  refused(d: EventDisclosure): Promise<void> {
    return this.write(d, LogStatus.REFUSED);
  }

  private write(d: EventDisclosure, statusCode: number): Promise<void> {
    const trace = currentTrace(d.traceparent);
    return this.log.append([
      {
        traceId: trace.traceId,
        operationId: trace.spanId,
        parentOperationId: trace.parentSpanId,
        name: d.name,
        statusCode,
        startTime: d.startTime,
        endTime: new Date(),
        processingActivityId: processingActivityUri('dispatcher', d.activity),
        dataSubjectId: d.subject,
        purpose: d.purpose,
        legalBasis: d.basis,
        receiverOrg: d.receiverOrg,
        receiverRole: d.receiverRole,
        category: d.category,
        source: d.source,
        actor: d.actor ?? null,
      },
    ]);
  }
}
