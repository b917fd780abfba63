import { createHash, createHmac } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { insertFromJson, preparedQuery, quoteIdent, type JsonColumn } from '@plein/persistence';
import {
  ProcessingLogEntity,
  ProcessingLogHeadEntity,
  ProcessingLogShippedEntity,
  type ProcessingLogRow,
} from './processing-log.entity.js';
import { CreateProcessingLog1795440000000 } from './migrations/1795440000000-create-processing-log.js';
import { LogActorAndShipping1796236914653 } from './migrations/1796236914653-log-actor-and-shipping.js';
import { RefusalsWithoutSubject1796300000000 } from './migrations/1796300000000-refusals-without-subject.js';
import { ReceiverRoleAsTheRecordKeeps1796400000000 } from './migrations/1796400000000-receiver-role-as-the-record-keeps.js';
import { checkpointMac, type Checkpoint } from './checkpoints.js';
import { entryProblem } from './entry-rules.js';

/** Add to a source's database definition. */
export const processingLogDatabase = {
  entities: [ProcessingLogEntity, ProcessingLogHeadEntity, ProcessingLogShippedEntity],
  migrations: [
    CreateProcessingLog1795440000000,
    LogActorAndShipping1796236914653,
    RefusalsWithoutSubject1796300000000,
    ReceiverRoleAsTheRecordKeeps1796400000000,
  ],
} as const;

export type NewLogEntry = Omit<ProcessingLogRow, 'seq' | 'prevHash' | 'hash'>;

const GENESIS = '0'.repeat(64);

/** An entry that may not be written (`entryProblem`); nothing of the append was. */
export class UnloggableEntryError extends Error {
  constructor(problem: string) {
    super(`The access cannot be logged, so it does not happen: ${problem}.`);
    this.name = 'UnloggableEntryError';
  }
}

/** The fields a row's MAC covers, in a fixed order, so any change to any of them shows. */
function canonical(row: Omit<ProcessingLogRow, 'hash'>): string {
  // The actor came later: rows without one keep the form they were signed in, and a row's
  // actor cannot be added or removed without the MAC showing it.
  const actor = row.actor === null || row.actor === undefined ? [] : [row.actor];
  return JSON.stringify([
    row.seq,
    row.traceId,
    row.operationId,
    row.parentOperationId,
    row.name,
    row.statusCode,
    row.startTime.toISOString(),
    row.endTime.toISOString(),
    row.processingActivityId,
    row.dataSubjectId,
    row.purpose,
    row.legalBasis,
    row.receiverOrg,
    row.receiverRole,
    row.category,
    row.source,
    row.prevHash,
    ...actor,
  ]);
}

/**
 * HMAC-SHA256 of the row with the source's log key, which is not in the source's database:
 * whoever can rewrite the database cannot recompute the chain.
 */
export function macOf(key: string, row: Omit<ProcessingLogRow, 'hash'>): string {
  return createHmac('sha256', key).update(canonical(row)).digest('hex');
}

export interface LogHead {
  seq: number;
  hash: string;
}

/**
 * A source's processing log. Appends resolve only once committed — the caller returns data
 * after this, never before. Appends that arrive while one is being written are written
 * together in the next transaction (group commit): one lock and one head update per batch,
 * not per access, so a busy source writes more entries per transaction instead of queueing
 * on the lock. Across replicas, the head row keeps one chain order: a batch that follows the
 * head this process wrote last is one statement that moves the head only if it still stands
 * there; when another replica (or anyone) moved it, the batch is written again under the lock.
 */
export class ProcessingLog {
  private queue: Array<{ entries: readonly NewLogEntry[]; done: (e?: unknown) => void }> = [];
  private flushing: Promise<void> | undefined;
  private written: LogHead | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly key: string,
  ) {}

  /** The newest head this process wrote, for checkpoints. */
  get lastWritten(): LogHead | undefined {
    return this.written;
  }

  /**
   * Refuses, before anything is queued, an entry the accountable record would refuse
   * (`entryProblem`): its caller's access must not happen, and the appends batched with it go on.
   */
  append(entries: readonly NewLogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const problem = entries.map(entryProblem).find((p) => p !== null);
    if (problem) return Promise.reject(new UnloggableEntryError(problem));
    const appended = new Promise<void>((resolve, reject) =>
      this.queue.push({ entries, done: (e?: unknown) => (e === undefined ? resolve() : reject(e)) }),
    );
    this.flushing ??= this.flush();
    return appended;
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        this.written = await this.write(batch.flatMap((b) => b.entries));
        for (const b of batch) b.done();
      } catch (e) {
        for (const b of batch) b.done(e ?? new Error('append failed'));
      }
    }
    this.flushing = undefined;
  }

  /**
   * One batch. After a batch of its own, a process knows the head, and in the common case (one
   * writer per source) nobody has moved it since: the rows and the moved head are then one
   * statement in a transaction of its own, prepared once per connection. Its UPDATE takes the
   * head row's lock and re-checks the head under it, so it moves nothing when the head is not
   * where this process left it.
   */
  private async write(entries: readonly NewLogEntry[]): Promise<LogHead> {
    const known = this.written;
    if (known) {
      const { rows, head } = this.chain(entries, known);
      const [moved] = await preparedQuery<{ n: number }>(
        this.dataSource,
        `WITH moved AS (
           UPDATE ${this.table('processing_log_head')} SET last_seq = $2, last_hash = $3
            WHERE id = 1 AND last_seq = $4 AND last_hash = $5 RETURNING 1
         ), appended AS (${insertFromJson(this.table('processing_log'), COLUMNS)} WHERE EXISTS (SELECT 1 FROM moved) RETURNING 1)
         SELECT count(*)::int AS n FROM appended`,
        [JSON.stringify(rows.map(toSql)), head.seq, head.hash, known.seq, known.hash],
      );
      if (moved?.n === rows.length) return head;
    }
    return this.writeLocked(entries);
  }

  /**
   * The first batch of a process, or one after another writer: the lock (the head row may not
   * exist yet), then the head, locked against a writer that follows its own known head (a
   * statement of its own, so it reads what the previous holder committed), then the rows and the
   * new head in one statement.
   */
  private async writeLocked(entries: readonly NewLogEntry[]): Promise<LogHead> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [lockKey(this.schema)]);
      const [stored] = (await m.query(
        `SELECT last_seq, last_hash FROM ${this.table('processing_log_head')} WHERE id = 1 FOR UPDATE`,
      )) as Array<{
        last_seq: string;
        last_hash: string;
      }>;
      const { rows, head } = this.chain(entries, { seq: Number(stored?.last_seq ?? 0), hash: stored?.last_hash ?? GENESIS });
      await m.query(
        `WITH appended AS (${insertFromJson(this.table('processing_log'), COLUMNS)})
         INSERT INTO ${this.table('processing_log_head')} (id, last_seq, last_hash) VALUES (1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET last_seq = EXCLUDED.last_seq, last_hash = EXCLUDED.last_hash`,
        [JSON.stringify(rows.map(toSql)), head.seq, head.hash],
      );
      return head;
    });
  }

  /** The entries as rows chained on from `after`, each signed with the source's key. */
  private chain(entries: readonly NewLogEntry[], after: LogHead): { rows: ProcessingLogRow[]; head: LogHead } {
    let seq = after.seq;
    let prevHash = after.hash;
    const rows = entries.map((e) => {
      seq += 1;
      const unsigned = { ...e, seq, prevHash };
      const row = { ...unsigned, hash: macOf(this.key, unsigned) };
      prevHash = row.hash;
      return row;
    });
    return { rows, head: { seq, hash: prevHash } };
  }

  private table(name: string): string {
    return `${quoteIdent(this.schema)}.${name}`;
  }
}

/** Logboek status codes: the data was processed, or the access was refused and nothing left. */
export const LogStatus = { OK: 1, REFUSED: 2 } as const;

/** The accesses to one subject's data (not the refused attempts), newest first. */
export async function entriesAbout(manager: DataSource | EntityManager, dataSubjectId: string, limit = 500): Promise<ProcessingLogRow[]> {
  return manager
    .getRepository(ProcessingLogEntity)
    .find({ where: { dataSubjectId, statusCode: LogStatus.OK }, order: { seq: 'DESC' }, take: limit });
}

export interface VerificationReport {
  schema: string;
  entries: number;
  problems: string[];
}

/**
 * Walks the chain from the first entry: every MAC must match its row under the source's key
 * (an altered row, or a chain recomputed without the key, fails), every row must point at the
 * one before it and sequence numbers have no gaps (removed or inserted rows), the head names
 * the last row, and every checkpoint kept outside the database must still be in the chain
 * (a log cut short and its head moved back, or replaced as a whole, fails here).
 */
export async function verifyLog(
  dataSource: DataSource,
  schema: string,
  integrity: { key: string; checkpoints: readonly Checkpoint[] },
): Promise<VerificationReport> {
  const s = quoteIdent(schema);
  const problems: string[] = [];
  const checkpointed = new Map<number, Checkpoint[]>();
  for (const c of integrity.checkpoints) {
    const { mac, ...unsigned } = c;
    if (c.source !== schema || checkpointMac(integrity.key, unsigned) !== mac) {
      problems.push(`checkpoint at entry ${c.seq} (${c.at}) is not genuine`);
      continue;
    }
    checkpointed.set(c.seq, [...(checkpointed.get(c.seq) ?? []), c]);
  }
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let count = 0;
  const batch = 5_000;
  for (;;) {
    const rows = await readEntries(dataSource, schema, expectedSeq - 1, batch);
    for (const row of rows) {
      if (row.seq !== expectedSeq) problems.push(`entries ${expectedSeq}–${row.seq - 1} are missing`);
      if (row.prevHash !== prevHash) problems.push(`entry ${row.seq} does not follow the entry before it`);
      if (macOf(integrity.key, row) !== row.hash) problems.push(`entry ${row.seq} was altered`);
      for (const c of checkpointed.get(row.seq) ?? []) {
        if (c.hash !== row.hash) problems.push(`entry ${row.seq} is not the one checkpointed at ${c.at}: the log was rewritten`);
      }
      checkpointed.delete(row.seq);
      expectedSeq = row.seq + 1;
      prevHash = row.hash;
      count++;
    }
    if (rows.length < batch) break;
  }
  const [head] = (await dataSource.query(`SELECT last_seq, last_hash FROM ${s}.processing_log_head WHERE id = 1`)) as Array<{
    last_seq: string;
    last_hash: string;
  }>;
  const lastSeq = Number(head?.last_seq ?? 0);
  if (lastSeq !== expectedSeq - 1 || (head?.last_hash ?? GENESIS) !== prevHash)
    problems.push(`the log ends at entry ${expectedSeq - 1}, but its head says ${lastSeq}: entries were removed or the head was altered`);
  const beyond = [...checkpointed.values()].flat().sort((a, b) => b.seq - a.seq)[0];
  if (beyond)
    problems.push(
      `the log ends at entry ${expectedSeq - 1}, but entry ${beyond.seq} was checkpointed at ${beyond.at}: entries were removed from the end`,
    );
  return { schema, entries: count, problems };
}

const SELECTED =
  'seq, trace_id, operation_id, parent_operation_id, name, status_code, start_time, end_time, processing_activity_id, data_subject_id, purpose, legal_basis, receiver_org, receiver_role, category, source, actor, prev_hash, hash';

/** Up to `limit` entries after `afterSeq`, in chain order. */
export async function readEntries(
  manager: DataSource | EntityManager,
  schema: string,
  afterSeq: number,
  limit: number,
): Promise<ProcessingLogRow[]> {
  const rows = (await manager.query(`SELECT ${SELECTED} FROM ${quoteIdent(schema)}.processing_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [
    afterSeq,
    limit,
  ])) as Array<Record<string, unknown>>;
  return rows.map(fromSql);
}

/**
 * Up to `limit` entries not yet handed to the accountable record, in chain order: the position
 * and the entries in one prepared statement, as the shipper asks after every batch of views.
 */
export async function readUnshipped(dataSource: DataSource, schema: string, limit: number): Promise<ProcessingLogRow[]> {
  const s = quoteIdent(schema);
  const rows = await preparedQuery<Record<string, unknown>>(
    dataSource,
    `SELECT ${SELECTED} FROM ${s}.processing_log
      WHERE seq > COALESCE((SELECT last_seq FROM ${s}.processing_log_shipped WHERE id = 1), 0) ORDER BY seq LIMIT $1`,
    [limit],
  );
  return rows.map(fromSql);
}

/** The log's columns, in the order `toSql` names them. */
const COLUMNS: readonly JsonColumn[] = [
  ['seq', 'bigint'],
  ['trace_id', 'text'],
  ['operation_id', 'text'],
  ['parent_operation_id', 'text'],
  ['name', 'text'],
  ['status_code', 'smallint'],
  ['start_time', 'timestamptz'],
  ['end_time', 'timestamptz'],
  ['processing_activity_id', 'text'],
  ['data_subject_id', 'text'],
  ['purpose', 'text'],
  ['legal_basis', 'text'],
  ['receiver_org', 'text'],
  ['receiver_role', 'text'],
  ['category', 'text'],
  ['source', 'text'],
  ['actor', 'text'],
  ['prev_hash', 'text'],
  ['hash', 'text'],
];

function toSql(r: ProcessingLogRow): Record<string, unknown> {
  return {
    seq: r.seq,
    trace_id: r.traceId,
    operation_id: r.operationId,
    parent_operation_id: r.parentOperationId,
    name: r.name,
    status_code: r.statusCode,
    start_time: r.startTime.toISOString(),
    end_time: r.endTime.toISOString(),
    processing_activity_id: r.processingActivityId,
    data_subject_id: r.dataSubjectId,
    purpose: r.purpose,
    legal_basis: r.legalBasis,
    receiver_org: r.receiverOrg,
    receiver_role: r.receiverRole,
    category: r.category,
    source: r.source,
    actor: r.actor ?? null,
    prev_hash: r.prevHash,
    hash: r.hash,
  };
}

function fromSql(r: Record<string, unknown>): ProcessingLogRow {
  const nullable = (v: unknown) => (v === null ? null : String(v).trimEnd());
  return {
    seq: Number(r['seq']),
    traceId: String(r['trace_id']),
    operationId: String(r['operation_id']),
    parentOperationId: nullable(r['parent_operation_id']),
    name: String(r['name']),
    statusCode: Number(r['status_code']),
    startTime: new Date(r['start_time'] as string),
    endTime: new Date(r['end_time'] as string),
    processingActivityId: String(r['processing_activity_id']),
    dataSubjectId: nullable(r['data_subject_id']),
    purpose: String(r['purpose']),
    legalBasis: String(r['legal_basis']),
    receiverOrg: nullable(r['receiver_org']),
    receiverRole: String(r['receiver_role']),
    category: String(r['category']),
    source: String(r['source']),
    actor: nullable(r['actor']),
    prevHash: String(r['prev_hash']),
    hash: String(r['hash']),
  };
}

function lockKey(schema: string): string {
  return createHash('sha256').update(`processing-log:${schema}`).digest().readBigInt64BE(0).toString();
}
