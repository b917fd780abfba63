import { EntitySchema } from 'typeorm';
import { outboxDatabase } from '@plein/events';
import type { AppDatabase } from '@plein/persistence';
import { CreateConsent1795437837806 } from '../migrations/1795437837806-create-consent.js';

export interface ConsentRow {
  id: string;
  subjectBsn: string;
  granteeOrg: string;
  purpose: string;
  categories: string[];
  /** Agency keys; empty means every source. */
  sources: string[];
  validFrom: Date;
  validUntil: Date;
  revokedAt: Date | null;
  grantedAt: Date;
}

export interface ConsentHistoryRow {
  id: number;
  consentId: string;
  action: 'granted' | 'revoked';
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
  ],
  columns: {
    id: { type: 'uuid', primary: true },
    subjectBsn: { name: 'subject_bsn', type: 'char', length: 9 },
    granteeOrg: { name: 'grantee_org', type: 'char', length: 20 },
    purpose: { type: 'varchar', length: 40 },
    categories: { type: 'text', array: true },
    sources: { type: 'text', array: true },
    validFrom: { name: 'valid_from', type: 'timestamptz' },
    validUntil: { name: 'valid_until', type: 'timestamptz' },
    revokedAt: { name: 'revoked_at', type: 'timestamptz', nullable: true },
    grantedAt: { name: 'granted_at', type: 'timestamptz', createDate: true },
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
  entities: [ConsentEntity, ConsentHistoryEntity, StatutoryBasisEntity, ...outboxDatabase.entities],
  migrations: [...outboxDatabase.migrations, CreateConsent1795437837806],
};
