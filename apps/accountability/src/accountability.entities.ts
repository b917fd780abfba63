import { EntitySchema } from 'typeorm';

/**
 * One entry of the accountable record: an access or a refusal at a source, as the source's
 * processing log has it, without personal data — who (organisation, role, the token subject),
 * when, which resident by pseudonym, which source and purpose, on what basis, and the outcome.
 * `sourceOrg` is the organisation whose account handed the entry over; with `seq` and `hash` the
 * entry can be checked against that source's chain.
 */
export interface AccessRecordRow {
  id: number;
  sourceOrg: string;
  source: string;
  seq: number;
  hash: string;
  at: Date;
  name: string;
  refused: boolean;
  basis: string;
  /** The resident by pseudonym; none for a request refused before any resident was in question. */
  subject: string | null;
  purpose: string;
  receiverOrg: string | null;
  receiverRoles: string;
  actor: string | null;
  traceId: string;
  category: string;
  activity: string;
  receivedAt: Date;
}

export const AccessRecordEntity = new EntitySchema<AccessRecordRow>({
  name: 'AccessRecord',
  tableName: 'access_record',
  uniques: [{ name: 'UQ_access_record_entry', columns: ['sourceOrg', 'source', 'seq'] }],
  checks: [{ name: 'access_record_subject_chk', expression: '"subject" IS NOT NULL OR "refused"' }],
  indices: [
    { name: 'IDX_access_record_receiver_at', columns: ['receiverOrg', 'at'] },
    { name: 'IDX_access_record_receiver_subject', columns: ['receiverOrg', 'subject'] },
    { name: 'IDX_access_record_subject', columns: ['subject'] },
  ],
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    sourceOrg: { name: 'source_org', type: 'char', length: 20 },
    source: { type: 'varchar', length: 63 },
    seq: { type: 'bigint' },
    hash: { type: 'char', length: 64 },
    at: { type: 'timestamptz' },
    name: { type: 'varchar', length: 200 },
    refused: { type: 'boolean' },
    basis: { type: 'varchar', length: 300 },
    subject: { type: 'varchar', length: 200, nullable: true },
    purpose: { type: 'varchar', length: 60 },
    receiverOrg: { name: 'receiver_org', type: 'char', length: 20, nullable: true },
    receiverRoles: { name: 'receiver_roles', type: 'varchar', length: 200 },
    actor: { type: 'varchar', length: 200, nullable: true },
    traceId: { name: 'trace_id', type: 'char', length: 32 },
    category: { type: 'varchar', length: 40 },
    activity: { type: 'varchar', length: 500 },
    receivedAt: { name: 'received_at', type: 'timestamptz', createDate: true },
  },
});

/** A rule that fired, for one organisation's security officer. One per rule and key; evidence grows. */
export interface MisuseSignalRow {
  id: string;
  org: string;
  rule: string;
  key: string;
  reason: string;
  actor: string | null;
  subject: string | null;
  status: string;
  firstAt: Date;
  lastAt: Date;
  raisedAt: Date;
}

export const MisuseSignalEntity = new EntitySchema<MisuseSignalRow>({
  name: 'MisuseSignal',
  tableName: 'misuse_signal',
  uniques: [{ name: 'UQ_misuse_signal_key', columns: ['org', 'rule', 'key'] }],
  indices: [
    { name: 'IDX_misuse_signal_org_status', columns: ['org', 'status'] },
    { name: 'IDX_misuse_signal_subject', columns: ['subject'] },
  ],
  columns: {
    id: { type: 'uuid', primary: true },
    org: { type: 'char', length: 20 },
    rule: { type: 'varchar', length: 40 },
    key: { type: 'varchar', length: 500 },
    reason: { type: 'varchar', length: 1000 },
    actor: { type: 'varchar', length: 200, nullable: true },
    subject: { type: 'varchar', length: 200, nullable: true },
    status: { type: 'varchar', length: 30, default: 'open' },
    firstAt: { name: 'first_at', type: 'timestamptz' },
    lastAt: { name: 'last_at', type: 'timestamptz' },
    raisedAt: { name: 'raised_at', type: 'timestamptz', createDate: true },
  },
});

export interface SignalEvidenceRow {
  signalId: string;
  recordId: number;
}

export const SignalEvidenceEntity = new EntitySchema<SignalEvidenceRow>({
  name: 'SignalEvidence',
  tableName: 'signal_evidence',
  indices: [{ name: 'IDX_signal_evidence_record', columns: ['recordId'] }],
  columns: {
    signalId: { name: 'signal_id', type: 'uuid', primary: true },
    recordId: { name: 'record_id', type: 'bigint', primary: true },
  },
});

/** What a security officer (or the employee asked) did with a signal: append-only, and in the service's own processing log. */
export interface SignalActionRow {
  id: number;
  signalId: string;
  at: Date;
  actor: string;
  action: string;
  note: string;
}

export const SignalActionEntity = new EntitySchema<SignalActionRow>({
  name: 'SignalAction',
  tableName: 'signal_action',
  indices: [{ name: 'IDX_signal_action_signal', columns: ['signalId'] }],
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    signalId: { name: 'signal_id', type: 'uuid' },
    at: { type: 'timestamptz', createDate: true },
    actor: { type: 'varchar', length: 200 },
    action: { type: 'varchar', length: 30 },
    note: { type: 'varchar', length: 2000 },
  },
});

export interface OrgThresholdsRow {
  org: string;
  thresholds: unknown;
  updatedBy: string;
  updatedAt: Date;
}

export const OrgThresholdsEntity = new EntitySchema<OrgThresholdsRow>({
  name: 'OrgThresholds',
  tableName: 'org_thresholds',
  columns: {
    org: { type: 'char', length: 20, primary: true },
    thresholds: { type: 'jsonb' },
    updatedBy: { name: 'updated_by', type: 'varchar', length: 200 },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});

/** A resident an organisation watches over (a colleague, a public figure, geheimhouding in the BRP), by pseudonym only. */
export interface ProtectedResidentRow {
  org: string;
  subject: string;
  kind: string;
  addedBy: string;
  addedAt: Date;
}

export const ProtectedResidentEntity = new EntitySchema<ProtectedResidentRow>({
  name: 'ProtectedResident',
  tableName: 'protected_resident',
  columns: {
    org: { type: 'char', length: 20, primary: true },
    subject: { type: 'varchar', length: 200, primary: true },
    kind: { type: 'varchar', length: 30 },
    addedBy: { name: 'added_by', type: 'varchar', length: 200 },
    addedAt: { name: 'added_at', type: 'timestamptz', createDate: true },
  },
});

/** A resident's request to explain one entry of their data tracker, for the receiving organisation's security officer. */
export interface ExplanationRequestRow {
  id: string;
  recordId: number;
  subject: string;
  org: string;
  question: string;
  askedAt: Date;
  dueAt: Date;
  answer: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
}

export const ExplanationRequestEntity = new EntitySchema<ExplanationRequestRow>({
  name: 'ExplanationRequest',
  tableName: 'explanation_request',
  indices: [
    { name: 'IDX_explanation_request_org', columns: ['org', 'answeredAt'] },
    { name: 'IDX_explanation_request_subject', columns: ['subject'] },
  ],
  columns: {
    id: { type: 'uuid', primary: true },
    recordId: { name: 'record_id', type: 'bigint' },
    subject: { type: 'varchar', length: 200 },
    org: { type: 'char', length: 20 },
    question: { type: 'varchar', length: 2000 },
    askedAt: { name: 'asked_at', type: 'timestamptz', createDate: true },
    dueAt: { name: 'due_at', type: 'timestamptz' },
    answer: { type: 'varchar', length: 4000, nullable: true },
    answeredAt: { name: 'answered_at', type: 'timestamptz', nullable: true },
    answeredBy: { name: 'answered_by', type: 'varchar', length: 200, nullable: true },
  },
});

/**
 * An entry a source handed over that broke one of the record's rules: kept by its place in the
 * source's chain and the rules it broke, never its text (which may hold what the record must not).
 * The entry itself stays in the source's log, where its chain and MAC can be checked.
 */
export interface SetAsideEntryRow {
  sourceOrg: string;
  source: string;
  seq: number;
  hash: string;
  problem: string;
  receivedAt: Date;
}

export const SetAsideEntryEntity = new EntitySchema<SetAsideEntryRow>({
  name: 'SetAsideEntry',
  tableName: 'set_aside_entry',
  columns: {
    sourceOrg: { name: 'source_org', type: 'char', length: 20, primary: true, primaryKeyConstraintName: 'PK_set_aside_entry' },
    source: { type: 'varchar', length: 63, primary: true, primaryKeyConstraintName: 'PK_set_aside_entry' },
    seq: { type: 'bigint', primary: true, primaryKeyConstraintName: 'PK_set_aside_entry' },
    hash: { type: 'char', length: 64 },
    problem: { type: 'varchar', length: 1000 },
    receivedAt: { name: 'received_at', type: 'timestamptz', createDate: true },
  },
});
