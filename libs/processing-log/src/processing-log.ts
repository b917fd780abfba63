import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { quoteIdent } from '@plein/persistence';
import { ProcessingLogEntity, ProcessingLogHeadEntity, type ProcessingLogRow } from './processing-log.entity.js';
import { CreateProcessingLog1795440000000 } from './migrations/1795440000000-create-processing-log.js';

/** Add to a source's database definition. */
export const processingLogDatabase = {
  entities: [ProcessingLogEntity, ProcessingLogHeadEntity],
  migrations: [CreateProcessingLog1795440000000],
} as const;

export type NewLogEntry = Omit<ProcessingLogRow, 'seq' | 'prevHash' | 'hash'>;

const GENESIS = '0'.repeat(64);

/** The fields a row's hash covers, in a fixed order, so any change to any of them shows. */
function canonical(row: Omit<ProcessingLogRow, 'hash'>): string {
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
  ]);
}

export function hashOf(row: Omit<ProcessingLogRow, 'hash'>): string {
  return createHash('sha256').update(canonical(row)).digest('hex');
}

/**
 * Appends entries to the source's processing log in one transaction and resolves only once
 * they are committed: the caller returns data after this, never before. Appends to one log
 * are serialised (a transaction-scoped advisory lock) so the chain has one order.
 */
export async function appendToLog(dataSource: DataSource, schema: string, entries: readonly NewLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await dataSource.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [lockKey(schema)]);
    const head = await m.getRepository(ProcessingLogHeadEntity).findOneBy({ id: 1 });
    let seq = Number(head?.lastSeq ?? 0);
    let prevHash = head?.lastHash ?? GENESIS;
    const rows: ProcessingLogRow[] = entries.map((e) => {
      seq += 1;
      const unhashed = { ...e, seq, prevHash };
      const row = { ...unhashed, hash: hashOf(unhashed) };
      prevHash = row.hash;
      return row;
    });
    await m.getRepository(ProcessingLogEntity).insert(rows);
    await m.getRepository(ProcessingLogHeadEntity).save({ id: 1, lastSeq: seq, lastHash: prevHash });
  });
}

export async function entriesAbout(manager: DataSource | EntityManager, dataSubjectId: string, limit = 500): Promise<ProcessingLogRow[]> {
  return manager.getRepository(ProcessingLogEntity).find({ where: { dataSubjectId }, order: { seq: 'DESC' }, take: limit });
}

export interface VerificationReport {
  schema: string;
  entries: number;
  problems: string[];
}

/**
 * Walks the chain from the first entry: every hash must match its row, every row must point at
 * the one before it, sequence numbers have no gaps, and the head names the last row. Any row
 * altered, removed or inserted out of turn breaks one of these.
 */
export async function verifyLog(dataSource: DataSource, schema: string): Promise<VerificationReport> {
  const s = quoteIdent(schema);
  const problems: string[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let count = 0;
  const batch = 5_000;
  for (;;) {
    const rows = (await dataSource.query(
      `SELECT seq, trace_id, operation_id, parent_operation_id, name, status_code, start_time, end_time, processing_activity_id, data_subject_id, purpose, legal_basis, receiver_org, receiver_role, category, source, prev_hash, hash
       FROM ${s}.processing_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
      [expectedSeq, batch],
    )) as Array<Record<string, unknown>>;
    for (const r of rows) {
      const row = fromSql(r);
      if (row.seq !== expectedSeq) problems.push(`entries ${expectedSeq}–${row.seq - 1} are missing`);
      if (row.prevHash !== prevHash) problems.push(`entry ${row.seq} does not follow the entry before it`);
      if (hashOf(row) !== row.hash) problems.push(`entry ${row.seq} was altered`);
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
  return { schema, entries: count, problems };
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
    dataSubjectId: String(r['data_subject_id']),
    purpose: String(r['purpose']),
    legalBasis: String(r['legal_basis']),
    receiverOrg: nullable(r['receiver_org']),
    receiverRole: String(r['receiver_role']),
    category: String(r['category']),
    source: String(r['source']),
    prevHash: String(r['prev_hash']),
    hash: String(r['hash']),
  };
}

function lockKey(schema: string): string {
  return createHash('sha256').update(`processing-log:${schema}`).digest().readBigInt64BE(0).toString();
}
