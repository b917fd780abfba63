import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '@plein/auth';
import type { Bsn } from '@plein/domain';
import { CASE_CATEGORY, pseudonymOf } from '@plein/events';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../settings.js';
import { PublishedEventEntity } from '../publishing/published-event.entity.js';
import { RegisteredTypes } from '../publishing/registered-types.js';
import { casesFrom, type CaseStatusData, type CaseView } from './case-history.js';

/** MijnZaken: a resident's cases across agencies, from the case status events they published. */
@Injectable()
export class CasesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    @Inject(RegisteredTypes) private readonly types: RegisteredTypes,
  ) {}

  /** The caller's own cases: found by their pseudonym, as the events name them. */
  async mine(caller: Caller): Promise<CaseView[]> {
    const subject = pseudonymOf(caller.bsn! as Bsn, this.config.PSEUDONYM_KEY);
    const [rows, types] = await Promise.all([
      this.dataSource.getRepository(PublishedEventEntity).find({ where: { subject, category: CASE_CATEGORY }, order: { time: 'ASC' } }),
      this.types.all(),
    ]);
    const agencyNames = new Map([...types.values()].map((t) => [t.agencyKey, t.agencyName]));
    return casesFrom(
      rows.map((r) => ({
        agencyKey: r.agencyKey,
        agencyName: agencyNames.get(r.agencyKey) ?? r.agencyKey,
        data: r.data as unknown as CaseStatusData,
      })),
    );
  }
}
