import { EntitySchema } from 'typeorm';

/** One award of a scheme to a person, as the demo agencies keep their payments ledger. */
export interface IncomeAwardRow {
  id: string;
  bsn: string;
  scheme: string;
  amountCents: number;
  period: string;
  startDate: string;
  endDate: string | null;
}

export const IncomeAwardEntity = new EntitySchema<IncomeAwardRow>({
  name: 'IncomeAward',
  tableName: 'income_award',
  columns: {
    id: { type: 'uuid', primary: true },
    bsn: { type: 'char', length: 9 },
    scheme: { type: 'varchar', length: 64 },
    amountCents: { name: 'amount_cents', type: 'integer' },
    period: { type: 'varchar', length: 16 },
    startDate: { name: 'start_date', type: 'date' },
    endDate: { name: 'end_date', type: 'date', nullable: true },
  },
  indices: [{ name: 'income_award_bsn_idx', columns: ['bsn'] }],
  checks: [{ name: 'income_award_period_chk', expression: `"period" IN ('MONTH','FOUR_WEEKS','QUARTER','YEAR','ONE_OFF')` }],
});
