import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IncomeAwardEntity, type IncomeAwardRow } from './income-award.entity.js';

@Injectable()
export class IncomeLedgerRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

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
