import { EntitySchema } from 'typeorm';

/** One row per access per data subject, after the Logboek Dataverwerkingen interface. */
export interface ProcessingLogRow {
  seq: number;
  traceId: string;
  operationId: string;
  parentOperationId: string | null;
  name: string;
  statusCode: number;
  startTime: Date;
  endTime: Date;
  /** dpl.core.processing_activity_id: the register entry of the processing activity. */
  processingActivityId: string;
  /**
   * dpl.core.data_subject_id: the subject's pseudonym, never the BSN itself; none only for a
   * request refused before any resident was in question (status refused).
   */
  dataSubjectId: string | null;
  purpose: string;
  legalBasis: string;
  /** The organisation the data was given to (OIN), and the role it acted in. */
  receiverOrg: string | null;
  receiverRole: string;
  category: string;
  source: string;
  /** Who acted for the receiver: the token's subject (a person's opaque id, or a service account), never a name. */
  actor: string | null;
  prevHash: string;
  hash: string;
}

export const ProcessingLogEntity = new EntitySchema<ProcessingLogRow>({
  name: 'ProcessingLog',
  tableName: 'processing_log',
  indices: [{ name: 'IDX_processing_log_subject', columns: ['dataSubjectId', 'seq'] }],
  checks: [{ name: 'processing_log_subject_chk', expression: '"data_subject_id" IS NOT NULL OR "status_code" = 2' }],
  columns: {
    seq: { type: 'bigint', primary: true },
    traceId: { name: 'trace_id', type: 'char', length: 32 },
    operationId: { name: 'operation_id', type: 'char', length: 16 },
    parentOperationId: { name: 'parent_operation_id', type: 'char', length: 16, nullable: true },
    name: { type: 'varchar', length: 200 },
    statusCode: { name: 'status_code', type: 'smallint' },
    startTime: { name: 'start_time', type: 'timestamptz' },
    endTime: { name: 'end_time', type: 'timestamptz' },
    processingActivityId: { name: 'processing_activity_id', type: 'varchar', length: 500 },
    dataSubjectId: { name: 'data_subject_id', type: 'varchar', length: 200, nullable: true },
    purpose: { type: 'varchar', length: 60 },
    legalBasis: { name: 'legal_basis', type: 'varchar', length: 300 },
    receiverOrg: { name: 'receiver_org', type: 'char', length: 20, nullable: true },
    receiverRole: { name: 'receiver_role', type: 'varchar', length: 200 },
    category: { type: 'varchar', length: 40 },
    source: { type: 'varchar', length: 63 },
    actor: { type: 'varchar', length: 200, nullable: true },
    prevHash: { name: 'prev_hash', type: 'char', length: 64 },
    hash: { type: 'char', length: 64 },
  },
});

/** The end of the chain, kept beside it: deleting the newest rows would otherwise leave a valid, shorter chain. */
export interface ProcessingLogHeadRow {
  id: number;
  lastSeq: number;
  lastHash: string;
}

export const ProcessingLogHeadEntity = new EntitySchema<ProcessingLogHeadRow>({
  name: 'ProcessingLogHead',
  tableName: 'processing_log_head',
  checks: [{ name: 'processing_log_head_single_chk', expression: '"id" = 1' }],
  columns: {
    id: { type: 'smallint', primary: true },
    lastSeq: { name: 'last_seq', type: 'bigint' },
    lastHash: { name: 'last_hash', type: 'char', length: 64 },
  },
});

/** How far the log has been handed to the plein's accountable record (one row). */
export interface ProcessingLogShippedRow {
  id: number;
  lastSeq: number;
}

export const ProcessingLogShippedEntity = new EntitySchema<ProcessingLogShippedRow>({
  name: 'ProcessingLogShipped',
  tableName: 'processing_log_shipped',
  checks: [{ name: 'processing_log_shipped_single_chk', expression: '"id" = 1' }],
  columns: {
    id: { type: 'smallint', primary: true },
    lastSeq: { name: 'last_seq', type: 'bigint' },
  },
});
