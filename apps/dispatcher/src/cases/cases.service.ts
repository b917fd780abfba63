import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Role, type Caller } from '@plein/auth';
import { ConsentClient, purposeOf } from '@plein/consent-client';
import { DomainError, parseBsn, type Bsn } from '@plein/domain';
import { CASE_CATEGORY, pseudonymOf } from '@plein/events';
import { DeliveryLog } from '../delivery/delivery-log.js';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../settings.js';
import { PublishedEventEntity, type PublishedEventRow } from '../publishing/published-event.entity.js';
import { RegisteredTypes } from '../publishing/registered-types.js';
import { casesFrom, type CaseStatusData, type CaseView } from './case-history.js';

/** A case as a household view shows it: whose it is. */
export interface MemberCaseView extends CaseView {
  bsn: string;
}

/**
 * MijnZaken: a resident's cases across agencies, from the case status events they published; and
 * a household's, for a caseworker whose organisation has a basis (category `case`) for each member
 * and each agency, decided by the consent service for the purpose the caseworker stated.
 */
@Injectable()
export class CasesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    @Inject(RegisteredTypes) private readonly types: RegisteredTypes,
    @Inject(ConsentClient) private readonly consent: ConsentClient,
    @Inject(DeliveryLog) private readonly log: DeliveryLog,
  ) {}

  /** The caller's own cases: found by their pseudonym, as the events name them. */
  async mine(caller: Caller): Promise<CaseView[]> {
    const [rows, names] = await Promise.all([this.events([this.pseudonym(caller.bsn!)]), this.types.agencyNames()]);
    return casesOf(rows, names);
  }

  /**
   * The cases of the household members the caller sees, per agency only for the members the
   * caller's organisation has a basis for there; each disclosure is logged, per member and agency,
   * before the answer leaves. A member or agency without a basis is left out; a basis nobody could
   * check is an error, never an empty list.
   */
  async ofHousehold(caller: Caller, members: Array<{ bsn: string }>, authorization: string): Promise<MemberCaseView[]> {
    const startTime = new Date();
    const bsnOf = new Map(members.map((m) => [this.pseudonym(m.bsn), m.bsn]));
    if (bsnOf.size === 0) return [];
    const [rows, names] = await Promise.all([this.events([...bsnOf.keys()]), this.types.agencyNames()]);
    const subjectOf = new Map([...bsnOf].map(([subject, bsn]) => [bsn, subject]));
    const purpose = purposeOf(caller);
    const org = caller.org!;
    const shown: MemberCaseView[] = [];
    for (const source of new Set(rows.map((r) => r.agencyKey))) {
      const fromSource = rows.filter((r) => r.agencyKey === source);
      const bsns = [...new Set(fromSource.map((r) => bsnOf.get(r.subject!)!))];
      const decisions = await this.consent.decide(authorization, { org, bsns, purpose, category: CASE_CATEGORY, source });
      for (const bsn of bsns) {
        const decision = decisions.get(bsn);
        if (decision && !decision.permit && decision.unknown)
          throw new DomainError(
            'CONSENT_UNAVAILABLE',
            `Whether there is a basis for cases from ${source} is not known right now: ${decision.reason}.`,
          );
        if (!decision?.permit) continue;
        const subject = subjectOf.get(bsn)!;
        await this.log.disclosed({
          name: 'household cases read',
          activity: 'household-cases',
          subject,
          receiverOrg: org,
          receiverRole: Role.CASEWORKER,
          actor: caller.subject,
          purpose,
          basis: decision.basis,
          category: CASE_CATEGORY,
          source,
          startTime,
        });
        shown.push(
          ...casesOf(
            fromSource.filter((r) => r.subject === subject),
            names,
          ).map((c) => ({ ...c, bsn })),
        );
      }
    }
    return shown;
  }

  private pseudonym(bsn: string): string {
    return pseudonymOf(parseBsn(bsn) as Bsn, this.config.PSEUDONYM_KEY);
  }

  private events(subjects: string[]): Promise<PublishedEventRow[]> {
    return this.dataSource
      .getRepository(PublishedEventEntity)
      .find({ where: { subject: In(subjects), category: CASE_CATEGORY }, order: { time: 'ASC' } });
  }
}

/** Case views from case status events, each named after its agency. */
function casesOf(rows: readonly PublishedEventRow[], agencyNames: ReadonlyMap<string, string>): CaseView[] {
  return casesFrom(
    rows.map((r) => ({
      agencyKey: r.agencyKey,
      agencyName: agencyNames.get(r.agencyKey) ?? r.agencyKey,
      data: r.data as unknown as CaseStatusData,
    })),
  );
}
