import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery, tableOf } from '@plein/persistence';
import { IncomeAwardEntity, type IncomeAwardRow } from './income-award.entity.js';

@Injectable()
export class IncomeLedgerRepository {
  readonly readinessName = 'income ledger';

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The ledger query once for nobody: the first caseworker's request does not pay for planning it. */
  async checkReadiness(): Promise<string> {
    await this.findActive([], new Date().toISOString().slice(0, 10));
    return 'readable';
  }

  /**
   * Awards running on `day` for any of the given people, and one-off payments of the past year.
   * Plain SQL, prepared: every view asks every agency this, and the query builder's work per call
   * cost more than the query (ADR 0018).
   */
  async findActive(bsns: readonly string[], day: string): Promise<IncomeAwardRow[]> {
    const rows = await preparedQuery<Record<string, string | number | null>>(
      this.dataSource,
      `SELECT id, bsn, scheme, amount_cents, period, to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date
       FROM ${tableOf(this.dataSource, IncomeAwardEntity)}
       WHERE bsn = ANY($1) AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2)
         AND (period <> 'ONE_OFF' OR start_date > CAST($2 AS date) - 365)
       ORDER BY bsn, scheme, id`,
      [bsns, day],
    );
    return rows.map((r) => ({
      id: String(r['id']),
      bsn: String(r['bsn']),
      scheme: String(r['scheme']),
      amountCents: Number(r['amount_cents']),
      period: String(r['period']),
      startDate: String(r['start_date']),
      endDate: r['end_date'] === null ? null : String(r['end_date']),
    }));
  }
}
