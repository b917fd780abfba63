import { EntitySchema } from 'typeorm';
import { outboxDatabase } from '@plein/events';
import type { AppDatabase } from '@plein/persistence';
import { CreateConsent1795437837806 } from '../migrations/1795437837806-create-consent.js';
import { ConsentRequestsAndExpiry1795439290664 } from '../migrations/1795439290664-consent-requests-and-expiry.js';
import { ConsentReach1796170153781 } from '../migrations/1796170153781-consent-reach.js';
import { ConsentSubjectPseudonym1796211093437 } from '../migrations/1796211093437-consent-subject-pseudonym.js';
import { LiveConsentExpiryIndex1796400000000 } from '../migrations/1796400000000-live-consent-expiry-index.js';
import { ConsentEndNotify1796600000001 } from '../migrations/1796600000001-consent-end-notify.js';

export interface ConsentRow {
  id: string;
  subjectBsn: string;
  /**
   * The resident's pseudonym as events carry it, so an event can be matched to consents without a
   * BSN. Filled when a consent is given; rows written before (or by the seed) get it when the service starts.
   */
  subjectPseudonym?: string | null;
  granteeOrg: string;
  purpose: string;
  categories: string[];
  /** The agencies it covers (keys), resolved when it was given. */
  sources: string[];
  /** `agency:category` pairs, resolved when it was given: what the resident was shown. */
  coverage: string[];
  /** Agency key → name at the time, for history and receipts. */
  sourceNames: Record<string, string>;
  /** The resident's explicit choice to include agencies that join later. */
  alsoFutureSources: boolean;
  /** The organisation's name when it was given. */
  granteeName: string;
  /** A parent with authority who gave it for a minor; null when the resident gave it. */
  representativeBsn: string | null;
  /** Given for a minor: it ends when the child comes of age, and the child is asked. */
  lapsesAtMajority: boolean;
  validFrom: Date;
  validUntil: Date;
  revokedAt: Date | null;
  /** When its end was announced (consent.expired); null while it runs or when revoked first. */
  expiredAt: Date | null;
  grantedAt: Date;
  /** The caseworker's request it answers, if it came from one. */
  requestId: string | null;
}

export type RequestStatus = 'PENDING' | 'APPROVED' | 'DECLINED';

/** An organisation asks a resident for consent; the resident approves after a preview, or declines. */
export interface ConsentRequestRow {
  id: string;
  subjectBsn: string;
  requesterOrg: string;
  /** The caseworker who asked (username), shown to the resident. */
  requestedBy: string;
  requesterName: string;
  purpose: string;
  categories: string[];
  sources: string[];
  coverage: string[];
  sourceNames: Record<string, string>;
  validUntil: Date;
  message: string | null;
  status: RequestStatus;
  createdAt: Date;
  decidedAt: Date | null;
}

/** `lapsed`: a consent given by a parent ended when the child came of age. */
export type ConsentAction = 'granted' | 'revoked' | 'expired' | 'lapsed';

export interface ConsentHistoryRow {
  id: number;
  consentId: string;
  action: ConsentAction;
  /** Who did it: the resident's username, never their BSN. */
  actor: string;
  at: Date;
}

export interface StatutoryBasisRow {
  id: string;
  granteeOrg: string;
  purpose: string;
  law: string;
  article: string;
  categories: string[];
  sources: string[];
  createdBy: string;
  createdAt: Date;
}

export const ConsentEntity = new EntitySchema<ConsentRow>({
  name: 'Consent',
  tableName: 'consent',
  indices: [
    { name: 'IDX_consent_subject', columns: ['subjectBsn'] },
    { name: 'IDX_consent_grantee', columns: ['granteeOrg', 'purpose'] },
    { name: 'IDX_consent_subject_pseudonym', columns: ['subjectPseudonym', 'granteeOrg'] },
    // Finds the few rows still without a pseudonym without reading the table.
    { name: 'IDX_consent_without_pseudonym', columns: ['subjectBsn'], where: '"subject_pseudonym" IS NULL' },
    // The expiry announcer's question, asked every second: which live consents have run out.
    { name: 'IDX_consent_live_until', columns: ['validUntil'], where: '"revoked_at" IS NULL AND "expired_at" IS NULL' },
  ],
  // Nothing covers "every agency" silently: a consent names its agencies or says so explicitly.
  checks: [{ name: 'consent_reach_chk', expression: `"also_future_sources" OR cardinality("coverage") > 0` }],
  columns: {
    id: { type: 'uuid', primary: true },
    subjectBsn: { name: 'subject_bsn', type: 'char', length: 9 },
    subjectPseudonym: { name: 'subject_pseudonym', type: 'varchar', length: 100, nullable: true },
    granteeOrg: { name: 'grantee_org', type: 'char', length: 20 },
    purpose: { type: 'varchar', length: 40 },
    categories: { type: 'text', array: true },
    sources: { type: 'text', array: true },
    coverage: { type: 'text', array: true, default: () => "'{}'" },
    sourceNames: { name: 'source_names', type: 'jsonb', default: () => "'{}'" },
    alsoFutureSources: { name: 'also_future_sources', type: 'boolean', default: false },
    granteeName: { name: 'grantee_name', type: 'varchar', length: 200, default: '' },
    representativeBsn: { name: 'representative_bsn', type: 'char', length: 9, nullable: true },
    lapsesAtMajority: { name: 'lapses_at_majority', type: 'boolean', default: false },
    validFrom: { name: 'valid_from', type: 'timestamptz' },
    validUntil: { name: 'valid_until', type: 'timestamptz' },
    revokedAt: { name: 'revoked_at', type: 'timestamptz', nullable: true },
    expiredAt: { name: 'expired_at', type: 'timestamptz', nullable: true },
    grantedAt: { name: 'granted_at', type: 'timestamptz', createDate: true },
    requestId: { name: 'request_id', type: 'uuid', nullable: true },
  },
});

export const ConsentRequestEntity = new EntitySchema<ConsentRequestRow>({
  name: 'ConsentRequest',
  tableName: 'consent_request',
  indices: [
    { name: 'IDX_consent_request_subject', columns: ['subjectBsn', 'status'] },
    { name: 'IDX_consent_request_requester', columns: ['requesterOrg'] },
  ],
  checks: [{ name: 'consent_request_status_chk', expression: `"status" IN ('PENDING', 'APPROVED', 'DECLINED')` }],
  columns: {
    id: { type: 'uuid', primary: true },
    subjectBsn: { name: 'subject_bsn', type: 'char', length: 9 },
    requesterOrg: { name: 'requester_org', type: 'char', length: 20 },
    requestedBy: { name: 'requested_by', type: 'varchar', length: 200 },
    requesterName: { name: 'requester_name', type: 'varchar', length: 200, default: '' },
    purpose: { type: 'varchar', length: 40 },
    categories: { type: 'text', array: true },
    sources: { type: 'text', array: true },
    coverage: { type: 'text', array: true, default: () => "'{}'" },
    sourceNames: { name: 'source_names', type: 'jsonb', default: () => "'{}'" },
    validUntil: { name: 'valid_until', type: 'timestamptz' },
    message: { type: 'varchar', length: 500, nullable: true },
    status: { type: 'varchar', length: 10 },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    decidedAt: { name: 'decided_at', type: 'timestamptz', nullable: true },
  },
});

export const ConsentHistoryEntity = new EntitySchema<ConsentHistoryRow>({
  name: 'ConsentHistory',
  tableName: 'consent_history',
  indices: [{ name: 'IDX_consent_history_consent', columns: ['consentId'] }],
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    consentId: { name: 'consent_id', type: 'uuid' },
    action: { type: 'varchar', length: 20 },
    actor: { type: 'varchar', length: 200 },
    at: { type: 'timestamptz', createDate: true },
  },
});

export const StatutoryBasisEntity = new EntitySchema<StatutoryBasisRow>({
  name: 'StatutoryBasis',
  tableName: 'statutory_basis',
  columns: {
    id: { type: 'uuid', primary: true },
    granteeOrg: { name: 'grantee_org', type: 'char', length: 20 },
    purpose: { type: 'varchar', length: 40 },
    law: { type: 'varchar', length: 200 },
    article: { type: 'varchar', length: 100 },
    categories: { type: 'text', array: true },
    sources: { type: 'text', array: true },
    createdBy: { name: 'created_by', type: 'varchar', length: 200 },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});

export const consentDatabase: AppDatabase = {
  schema: 'consent',
  entities: [ConsentEntity, ConsentHistoryEntity, StatutoryBasisEntity, ConsentRequestEntity, ...outboxDatabase.entities],
  migrations: [
    ...outboxDatabase.migrations,
    CreateConsent1795437837806,
    ConsentRequestsAndExpiry1795439290664,
    ConsentReach1796170153781,
    ConsentSubjectPseudonym1796211093437,
    LiveConsentExpiryIndex1796400000000,
    ConsentEndNotify1796600000001,
  ],
};
