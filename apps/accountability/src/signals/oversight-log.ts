import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller, RefusalRecorder } from '@plein/auth';
import { LogStatus, SourceLog, currentTrace } from '@plein/processing-log';
import { forbiddenRoleEntry, processingActivityUri } from '@plein/subgraph-kit';
import { OVERSIGHT_CATEGORY } from './detector.js';
import { MAX_ENTRIES } from '../record/record-entry.js';
import { ACCOUNTABILITY_CONFIG, type AccountabilityConfig } from '../settings.js';

/** The basis of a security officer's work on the record: the controller's accountability and security duties. */
export const OVERSIGHT_BASIS = 'AVG art. 5(2) en 32; BIO 12.4';

/**
 * The service's own processing log: what a security officer read of the record and did with a
 * signal, per resident concerned, chained and checkpointed like every source's — and handed to
 * the accountable record itself, so the officers' own conduct meets the same rules.
 */
@Injectable()
export class OversightLog implements OnModuleInit, OnApplicationShutdown, RefusalRecorder {
  private readonly logger = new Logger('oversight-log');
  private readonly log: SourceLog;
  private receiver: ((sourceOrg: string, entries: unknown[]) => Promise<{ setAside: number }>) | undefined;

  constructor(@Inject(DataSource) dataSource: DataSource, @Inject(ACCOUNTABILITY_CONFIG) config: AccountabilityConfig) {
    this.log = new SourceLog(
      dataSource,
      {
        schema: 'accountability',
        source: 'accountability',
        key: config.LOGBOEK_KEY,
        checkpointDir: config.LOGBOEK_CHECKPOINT_DIR,
        checkpointMs: config.LOGBOEK_CHECKPOINT_MS,
        // In-process: the record is this service, which registers itself (it depends on what writes here).
        ship: async (entries) => {
          if (!this.receiver) throw new Error('the accountable record is not ready yet');
          // In the form and the portions a source sends them over HTTP, so they are checked the same
          // way: a backlog (an officer reading a large signal's evidence is an entry per resident)
          // would otherwise be one hand-over over the limit, refused again at every try.
          let setAside = 0;
          for (let i = 0; i < entries.length; i += MAX_ENTRIES)
            setAside += (await this.receiver(config.PLEIN_OIN, JSON.parse(JSON.stringify(entries.slice(i, i + MAX_ENTRIES))) as unknown[]))
              .setAside;
          return { setAside };
        },
      },
      (m) => this.logger.error(m),
    );
  }

  /** Where this log's entries go: the accountable record, once it exists. */
  handEntriesTo(receiver: (sourceOrg: string, entries: unknown[]) => Promise<{ setAside: number }>): void {
    this.receiver = receiver;
  }

  onModuleInit(): void {
    this.log.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.log.stop();
  }

  /** A caller refused for their role (a caseworker at the officers' queue), logged before the refusal goes back. */
  forbiddenRole(caller: Caller, operation: string, headers: Readonly<Record<string, string>>): Promise<void> {
    return this.log.append([forbiddenRoleEntry('accountability', caller, operation, headers)]);
  }

  /** An officer (or a resident's request) touched these residents' entries; committed before anything is shown. */
  async record(caller: Caller, what: string, subjects: ReadonlyArray<string | null>, traceparent?: string): Promise<void> {
    const trace = currentTrace(traceparent);
    const now = new Date();
    // Entries that name no resident (refused requests) carry no one's data to account for.
    const residents = new Set(subjects.filter((s): s is string => s !== null));
    await this.log.append(
      [...residents].map((subject) => ({
        traceId: trace.traceId,
        operationId: trace.spanId,
        parentOperationId: trace.parentSpanId,
        name: what,
        statusCode: LogStatus.OK,
        startTime: now,
        endTime: now,
        processingActivityId: processingActivityUri('accountability', 'toezicht'),
        dataSubjectId: subject,
        purpose: 'toezicht',
        legalBasis: OVERSIGHT_BASIS,
        receiverOrg: caller.org,
        receiverRole: caller.roles.join(','),
        category: OVERSIGHT_CATEGORY,
        source: 'accountability',
        actor: caller.subject,
      })),
    );
  }
}
