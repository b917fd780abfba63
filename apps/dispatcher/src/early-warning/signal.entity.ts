import { EntitySchema } from 'typeorm';
import type { SignalResult, SignalStatus } from '@plein/events';

/** One change a caseworker recorded: who, when, to what. */
export interface SignalChange {
  status: SignalStatus;
  resultaat: SignalResult | null;
  at: string;
  by: string;
}

/**
 * An early-warning signal as the municipality where its resident lives works on it. Its data
 * stays with the published event (same ref); this row holds where the plein routed it, by
 * pseudonym, and what the municipality recorded. Routed once, when it was published: the BSN
 * that decides where is known only at the plein's edge.
 */
export interface SignalRow {
  ref: string;
  municipalityOin: string;
  sourceOin: string;
  agencyKey: string;
  subject: string;
  status: SignalStatus;
  resultaat: SignalResult | null;
  note: string | null;
  history: SignalChange[];
  receivedAt: Date;
  updatedAt: Date;
}

export const SignalEntity = new EntitySchema<SignalRow>({
  name: 'EarlyWarningSignal',
  tableName: 'early_warning_signal',
  indices: [
    // A household's signals, for its municipality.
    { name: 'IDX_early_warning_signal_municipality_subject', columns: ['municipalityOin', 'subject'] },
    // A partner's own signals.
    { name: 'IDX_early_warning_signal_source', columns: ['sourceOin'] },
  ],
  columns: {
    ref: { type: 'uuid', primary: true },
    municipalityOin: { name: 'municipality_oin', type: 'char', length: 20 },
    sourceOin: { name: 'source_oin', type: 'char', length: 20 },
    agencyKey: { name: 'agency_key', type: 'varchar', length: 63 },
    subject: { type: 'varchar', length: 100 },
    status: { type: 'varchar', length: 40 },
    resultaat: { type: 'varchar', length: 40, nullable: true },
    note: { type: 'varchar', length: 2000, nullable: true },
    history: { type: 'jsonb', default: () => "'[]'" },
    receivedAt: { name: 'received_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});
