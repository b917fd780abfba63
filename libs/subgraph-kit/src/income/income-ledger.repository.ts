import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

  /** Awards running on `day` for any of the given people, and one-off payments of the past year. */
  async findActive(bsns: readonly string[], day: string): Promise<IncomeAwardRow[]> {
    return this.dataSource
      .getRepository(IncomeAwardEntity)
      .createQueryBuilder('a')
      .where('a.bsn = ANY(:bsns)', { bsns })
      .andWhere('a.start_date <= :day', { day })
      .andWhere('(a.end_date IS NULL OR a.end_date >= :day)', { day })
      .andWhere("(a.period <> 'ONE_OFF' OR a.start_date > CAST(:day AS date) - 365)", { day })
      .orderBy('a.bsn')
      .addOrderBy('a.scheme')
      .addOrderBy('a.id')
      .getMany();
  }
}
