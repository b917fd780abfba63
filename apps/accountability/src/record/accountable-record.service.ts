import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { DomainError } from '@plein/domain';
import { insertFromJson, preparedQuery, type JsonColumn } from '@plein/persistence';
import { rowOf } from './access-record.js';
import { OversightLog } from '../signals/oversight-log.js';
import { SignalsService } from '../signals/signals.service.js';
import { sortHandOver } from './record-entry.js';

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

const SET_ASIDE = `${insertFromJson('accountability.set_aside_entry', [
  ['source_org', 'text'],
  ['source', 'text'],
  ['seq', 'bigint'],
  ['hash', 'text'],
  ['problem', 'text'],
])} ON CONFLICT DO NOTHING RETURNING source, seq, problem`;

/**
 * What an operator alerts on: a source whose entries the record cannot keep runs under a newer or
 * older rule set than the record, or is writing what it must not (ADR 0017).
 */
const setAsideEntries = new Counter({
  name: 'plein_record_set_aside_entries_total',
  help: 'Processing-log entries the accountable record set aside (kept by place and problem only), per organisation that handed them over.',
  labelNames: ['source_org'] as const,
});

/**
 * The plein's accountable record: every source's processing log as it is written, pseudonymous,
 * one row per entry, kept once however often it is handed over. Each new entry goes through the
 * misuse rules before the hand-over is acknowledged, so what is accepted has been looked at.
 */
@Injectable()
export class AccountableRecord {
  private readonly logger = new Logger('accountable-record');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SignalsService) private readonly signals: SignalsService,
    @Inject(OversightLog) oversight: OversightLog,
  ) {
    // The service's own log is a source like any other: its entries come here.
    oversight.handEntriesTo((sourceOrg, entries) => this.handOver(sourceOrg, { entries }));
  }

  /**
   * Entries from `sourceOrg`'s log (the organisation its account belongs to). Those that break a
   * rule are set aside by their place in the chain, counted and reported back; the rest are kept.
   */
  async handOver(sourceOrg: string, body: unknown): Promise<{ received: number; recorded: number; setAside: number }> {
    const sorted = sortHandOver(body);
    if ('refused' in sorted)
      throw new DomainError(RecordErrorCode.INVALID_RECORD, `The hand-over was refused and nothing of it kept: ${sorted.refused}.`);
    // Set aside first: a hand-over that fails after it is sent again, and what it kept is then
    // not new, so the accesses must be the last thing written (their rules run on what is new).
    const setAside = sorted.setAside.length
      ? await preparedQuery(this.dataSource, SET_ASIDE, [JSON.stringify(sorted.setAside.map((e) => ({ source_org: sourceOrg, ...e })))])
      : [];
    for (const e of setAside) {
      setAsideEntries.inc({ source_org: sourceOrg });
      this.logger.warn(`set aside entry ${String(e['seq'])} of ${String(e['source'])} from ${sourceOrg}: ${String(e['problem'])}`);
    }
    // Plain SQL, prepared once per connection: every source hands over here for every view (ADR
    // 0018). What the record has already is left as it is.
    const rows = sorted.keep.map((e) => ({
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
    const inserted = rows.length ? await preparedQuery(this.dataSource, INSERT, [JSON.stringify(rows)]) : [];
    const fresh = inserted.map(rowOf).sort((a, b) => a.id - b.id);
    await this.signals.evaluate(fresh);
    return { received: rows.length + sorted.setAside.length, recorded: fresh.length, setAside: setAside.length };
  }
}
