import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller, RefusalRecorder } from '@plein/auth';
import type { Permitted } from '@plein/consent-client';
import { parseBsn } from '@plein/domain';
import { pseudonymOf } from '@plein/events';
import { DomainError } from '@plein/domain';
import {
  LogStatus,
  SourceLog,
  currentTrace,
  entriesAbout,
  refusedRequestEntry,
  type NewLogEntry,
  type ProcessingLogRow,
  type ShipEntries,
} from '@plein/processing-log';

export const PROCESSING_LOG_SETTINGS = Symbol('PROCESSING_LOG_SETTINGS');
export interface ProcessingLogSettings {
  /** The source's own schema, where its log lives. */
  schema: string;
  /** The source's agency key. */
  source: string;
  pseudonymKey: string;
  /** The key of the log's MACs and checkpoints: not in the source's database. */
  logKey: string;
  /** Where the log's head is checkpointed, outside the database. */
  checkpointDir: string;
  /** How often a changed head is checkpointed. */
  checkpointMs: number;
  /** Where committed entries go for the plein's accountable record. */
  ship?: ShipEntries;
}

/** The refusals of a basis check that are recorded: no basis, no or a forbidden purpose. */
const REFUSALS = new Set(['NO_CONSENT', 'PURPOSE_REQUIRED', 'PURPOSE_NOT_ALLOWED']);

/** Where the plein's register of processing activities names this one. */
export function processingActivityUri(source: string, activity: string): string {
  return `https://ontmoetingsplein.nl/verwerkingsactiviteiten/${source}/${activity}`;
}

/** The log entry of a caller refused for their role (the access guard's `RefusalRecorder`), at any app that keeps a log. */
export function forbiddenRoleEntry(
  source: string,
  caller: Caller,
  operation: string,
  headers: Readonly<Record<string, string>>,
): NewLogEntry {
  return refusedRequestEntry({
    name: operation,
    code: 'FORBIDDEN_ROLE',
    purpose: caller.purpose,
    caller,
    traceparent: headers['traceparent'],
    processingActivityId: processingActivityUri(source, 'access-control'),
    source,
  });
}

/**
 * The source's Logboek Dataverwerkingen: one entry per access per data subject, written and
 * committed before the data leaves. Subjects are logged by pseudonym, never by BSN. The head
 * is checkpointed outside the database (SourceLog).
 */
@Injectable()
export class ProcessingLogger implements OnModuleInit, OnApplicationShutdown, RefusalRecorder {
  private readonly logger = new Logger('processing-log');
  private readonly log: SourceLog;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PROCESSING_LOG_SETTINGS) private readonly settings: ProcessingLogSettings,
  ) {
    this.log = new SourceLog(dataSource, { ...settings, key: settings.logKey }, (m) => this.logger.error(m));
  }

  onModuleInit(): void {
    this.log.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.log.stop();
  }

  async accessed(
    caller: Caller,
    headers: Record<string, string>,
    access: { name: string; activity: string; category: string; permitted: Permitted; startTime: Date },
    subjects: readonly string[],
  ): Promise<void> {
    await this.write(
      caller,
      headers,
      access,
      subjects,
      LogStatus.OK,
      access.permitted.purpose,
      (bsn) => access.permitted.basis.get(bsn) ?? 'unknown',
    );
  }

  /**
   * Runs a basis check; when it refuses, the attempt is logged (status refused, pseudonymous,
   * the reason without personal data) before the refusal goes back: misuse detection reads
   * refusals from the same log as accesses. Residents' data trackers list accesses only.
   */
  async refusalsOf<T>(
    caller: Caller,
    headers: Record<string, string>,
    access: { name: string; activity: string; category: string; startTime: Date },
    subjects: readonly string[],
    check: () => Promise<T>,
  ): Promise<T> {
    try {
      return await check();
    } catch (e) {
      if (e instanceof DomainError && REFUSALS.has(e.code)) {
        const reason = `refused: ${e.code}`;
        await this.write(caller, headers, access, subjects, LogStatus.REFUSED, caller.purpose ?? 'none', () => reason);
      }
      throw e;
    }
  }

  /** A caller whose role may not call the operation: logged with no resident, before the refusal goes back. */
  forbiddenRole(caller: Caller, operation: string, headers: Readonly<Record<string, string>>): Promise<void> {
    return this.log.append([forbiddenRoleEntry(this.settings.source, caller, operation, headers)]);
  }

  private async write(
    caller: Caller,
    headers: Record<string, string>,
    access: { name: string; activity: string; category: string; startTime: Date },
    subjects: readonly string[],
    statusCode: number,
    purpose: string,
    basis: (bsn: string) => string,
  ): Promise<void> {
    const trace = currentTrace(headers['traceparent']);
    const endTime = new Date();
    await this.log.append(
      subjects.map((bsn) => ({
        traceId: trace.traceId,
        operationId: trace.spanId,
        parentOperationId: trace.parentSpanId,
        name: access.name,
        statusCode,
        startTime: access.startTime,
        endTime,
        processingActivityId: processingActivityUri(this.settings.source, access.activity),
        dataSubjectId: this.subjectId(bsn),
        purpose,
        legalBasis: basis(bsn),
        receiverOrg: caller.org,
        receiverRole: caller.roles.join(','),
        category: access.category,
        source: this.settings.source,
        actor: caller.subject,
      })),
    );
  }

  /** The log about one resident, newest first, for their data tracker. */
  about(bsn: string): Promise<ProcessingLogRow[]> {
    return entriesAbout(this.dataSource, this.subjectId(bsn));
  }

  private subjectId(bsn: string): string {
    return pseudonymOf(parseBsn(bsn), this.settings.pseudonymKey);
  }
}
