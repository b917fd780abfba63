import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '@plein/auth';
import type { Permitted } from '@plein/consent-client';
import { parseBsn } from '@plein/domain';
import { pseudonymOf } from '@plein/events';
import { appendToLog, continueTrace, entriesAbout, type ProcessingLogRow } from '@plein/processing-log';

export const PROCESSING_LOG_SETTINGS = Symbol('PROCESSING_LOG_SETTINGS');
export interface ProcessingLogSettings {
  /** The source's own schema, where its log lives. */
  schema: string;
  /** The source's agency key. */
  source: string;
  pseudonymKey: string;
}

/** Where the plein's register of processing activities names this one. */
export function processingActivityUri(source: string, activity: string): string {
  return `https://ontmoetingsplein.nl/verwerkingsactiviteiten/${source}/${activity}`;
}

/**
 * The source's Logboek Dataverwerkingen: one entry per access per data subject, written and
 * committed before the data leaves. Subjects are logged by pseudonym, never by BSN.
 */
@Injectable()
export class ProcessingLogger {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PROCESSING_LOG_SETTINGS) private readonly settings: ProcessingLogSettings,
  ) {}

  async accessed(
    caller: Caller,
    headers: Record<string, string>,
    access: { name: string; activity: string; category: string; permitted: Permitted; startTime: Date },
    subjects: readonly string[],
  ): Promise<void> {
    const trace = continueTrace(headers['traceparent']);
    const endTime = new Date();
    await appendToLog(
      this.dataSource,
      this.settings.schema,
      subjects.map((bsn) => ({
        traceId: trace.traceId,
        operationId: trace.spanId,
        parentOperationId: trace.parentSpanId,
        name: access.name,
        statusCode: 1,
        startTime: access.startTime,
        endTime,
        processingActivityId: processingActivityUri(this.settings.source, access.activity),
        dataSubjectId: this.subjectId(bsn),
        purpose: access.permitted.purpose,
        legalBasis: access.permitted.basis.get(bsn) ?? 'unknown',
        receiverOrg: caller.org,
        receiverRole: caller.roles.join(','),
        category: access.category,
        source: this.settings.source,
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
