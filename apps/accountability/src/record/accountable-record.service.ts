import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@plein/domain';
import { insertFromJson, preparedQuery, type JsonColumn } from '@plein/persistence';
import { rowOf } from './access-record.js';
import { OversightLog } from '../signals/oversight-log.js';
import { SignalsService } from '../signals/signals.service.js';
import { handOverSchema } from './record-entry.js';

export const RecordErrorCode = { INVALID_RECORD: 'INVALID_RECORD' } as const;

/** The record's columns a hand-over fills. */
const COLUMNS: readonly JsonColumn[] = [
  ['source_org', 'text'],
  ['source', 'text'],
  ['seq', 'bigint'],
  ['hash', 'text'],
  ['at', 'timestamptz'],
  ['name', 'text'],
  ['refused', 'boolean'],
  ['basis', 'text'],
  ['subject', 'text'],
  ['purpose', 'text'],
  ['receiver_org', 'text'],
  ['receiver_roles', 'text'],
  ['actor', 'text'],
  ['trace_id', 'text'],
  ['category', 'text'],
  ['activity', 'text'],
];

const INSERT = `${insertFromJson('accountability.access_record', COLUMNS)} ON CONFLICT DO NOTHING RETURNING *`;

/**
 * The plein's accountable record: every source's processing log as it is written, pseudonymous,
 * one row per entry, kept once however often it is handed over. Each new entry goes through the
 * misuse rules before the hand-over is acknowledged, so what is accepted has been looked at.
 */
@Injectable()
export class AccountableRecord {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SignalsService) private readonly signals: SignalsService,
    @Inject(OversightLog) oversight: OversightLog,
  ) {
    // The service's own log is a source like any other: its entries come here.
    oversight.handEntriesTo((sourceOrg, entries) => this.handOver(sourceOrg, { entries }));
  }

  /** Entries from `sourceOrg`'s log (the organisation its account belongs to); all or nothing. */
  async handOver(sourceOrg: string, body: unknown): Promise<{ received: number; recorded: number }> {
    const parsed = handOverSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DomainError(
        RecordErrorCode.INVALID_RECORD,
        `The hand-over was refused and nothing of it kept: ${issue.path.join('.') || 'body'}: ${issue.message}.`,
      );
    }
    // Plain SQL, prepared once per connection: every source hands over here for every view (ADR
    // 0018). What the record has already is left as it is.
    const rows = parsed.data.entries.map((e) => ({
      source_org: sourceOrg,
      source: e.source,
      seq: e.seq,
      hash: e.hash,
      at: new Date(e.startTime).toISOString(),
      name: e.name,
      refused: e.statusCode === 2,
      basis: e.legalBasis,
      subject: e.dataSubjectId,
      purpose: e.purpose,
      receiver_org: e.receiverOrg,
      receiver_roles: e.receiverRole,
      actor: e.actor ?? null,
      trace_id: e.traceId,
      category: e.category,
      activity: e.processingActivityId,
    }));
    const inserted = await preparedQuery(this.dataSource, INSERT, [JSON.stringify(rows)]);
    const fresh = inserted.map(rowOf).sort((a, b) => a.id - b.id);
    await this.signals.evaluate(fresh);
    return { received: rows.length, recorded: fresh.length };
  }
}
