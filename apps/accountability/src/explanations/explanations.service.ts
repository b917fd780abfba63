import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Caller } from '@plein/auth';
import { DomainError } from '@plein/domain';
import { pseudonymOf } from '@plein/events';
import {
  AccessRecordEntity,
  ExplanationRequestEntity,
  type AccessRecordRow,
  type ExplanationRequestRow,
} from '../accountability.entities.js';
import { ACCOUNTABILITY_CONFIG, type AccountabilityConfig } from '../settings.js';
import { OversightLog } from '../signals/oversight-log.js';
import { Rule } from '../signals/detector.js';

/** Why an access is marked for the resident, in their language and about the access rather than the employee. */
const FOR_RESIDENT: Record<string, string> = {
  [Rule.OUTSIDE_OFFICE_HOURS]: 'Dit was buiten de kantooruren van de organisatie.',
  [Rule.MANY_HOUSEHOLDS]: 'De medewerker opende toen veel meer huishoudens dan gewoonlijk.',
  [Rule.REPEATED_REFUSALS]: 'De organisatie werd in korte tijd meermaals geweigerd om uw gegevens te zien.',
  [Rule.PROTECTED_RESIDENT]: 'U hoort bij de mensen over wie de organisatie extra waakt.',
  [Rule.NO_EARLIER_BASIS]: 'De organisatie had niet eerder met u te maken en keek alleen op grond van de wet.',
  [Rule.BURST]: 'Het hoorde bij ongewoon veel opvragingen in korte tijd.',
};

export interface UnusualAccess {
  source: string;
  traceId: string;
  time: Date;
  organisation: string | null;
  why: string[];
}

/**
 * The resident's side of accountability: which of the accesses to their data were outside the
 * normal pattern, and their requests for an explanation of any entry (the Logboek's "Inzage"),
 * each reaching the receiving organisation's security officer with a deadline.
 */
@Injectable()
export class ExplanationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OversightLog) private readonly oversight: OversightLog,
    @Inject(ACCOUNTABILITY_CONFIG) private readonly config: AccountabilityConfig,
  ) {}

  async unusualFor(caller: Caller): Promise<UnusualAccess[]> {
    const rows = (await this.dataSource.query(
      `SELECT r.source, r.trace_id, min(r.at) AS at, min(r.receiver_org) AS receiver_org, array_agg(DISTINCT s.rule) AS rules
       FROM access_record r JOIN signal_evidence e ON e.record_id = r.id JOIN misuse_signal s ON s.id = e.signal_id
       WHERE r.subject = $1 AND NOT r.refused GROUP BY r.source, r.trace_id ORDER BY 3 DESC LIMIT 500`,
      [this.subjectOf(caller)],
    )) as Array<{ source: string; trace_id: string; at: string; receiver_org: string | null; rules: string[] }>;
    return rows.map((r) => ({
      source: r.source,
      traceId: r.trace_id,
      time: new Date(r.at),
      organisation: r.receiver_org,
      why: r.rules.map((rule) => FOR_RESIDENT[rule] ?? rule),
    }));
  }

  /**
   * A resident asks the organisation that received their data to explain one access: an entry of
   * their data tracker, named as the tracker shows it (the agency, and the request's trace).
   */
  async request(caller: Caller, entry: { source: string; traceId: string }, question: string): Promise<ExplanationRequestRow> {
    const text = question.trim();
    if (text.length < 3 || text.length > 2000) throw new DomainError('INVALID_QUESTION', 'Ask your question in 3 to 2,000 characters.');
    const subject = this.subjectOf(caller);
    const record = /^[0-9a-f]{32}$/.test(entry.traceId)
      ? await this.dataSource.getRepository(AccessRecordEntity).findOne({
          where: { source: entry.source.slice(0, 63), traceId: entry.traceId, subject, refused: false },
          order: { id: 'ASC' },
        })
      : null;
    // Somebody else's entry reads like one that does not exist.
    if (!record || !record.receiverOrg) throw new DomainError('NOT_FOUND', 'There is no access to your data with that number.');
    const dueAt = new Date(Date.now() + this.config.EXPLANATION_DAYS * 86_400_000);
    const row = await this.dataSource.getRepository(ExplanationRequestEntity).save({
      id: randomUUID(),
      recordId: record.id,
      subject,
      org: record.receiverOrg,
      question: text,
      dueAt,
      answer: null,
      answeredAt: null,
      answeredBy: null,
    });
    return row;
  }

  async ofResident(caller: Caller): Promise<Array<ExplanationRequestRow & { record: AccessRecordRow }>> {
    const rows = await this.dataSource
      .getRepository(ExplanationRequestEntity)
      .find({ where: { subject: this.subjectOf(caller) }, order: { askedAt: 'DESC' } });
    return this.withRecords(rows);
  }

  /** The requests to the officer's organisation, open ones first, by deadline. */
  async ofOrganisation(caller: Caller, traceparent?: string): Promise<Array<ExplanationRequestRow & { record: AccessRecordRow }>> {
    const rows = await this.dataSource
      .getRepository(ExplanationRequestEntity)
      .createQueryBuilder('x')
      .where('x.org = :org', { org: caller.org })
      .orderBy('x.answered_at IS NULL', 'DESC')
      .addOrderBy('x.due_at', 'ASC')
      .take(200)
      .getMany();
    await this.oversight.record(
      caller,
      'explanation requests read',
      rows.map((r) => r.subject),
      traceparent,
    );
    return this.withRecords(rows);
  }

  async answer(
    caller: Caller,
    id: string,
    answer: string,
    traceparent?: string,
  ): Promise<ExplanationRequestRow & { record: AccessRecordRow }> {
    const text = answer.trim();
    if (text.length < 3 || text.length > 4000) throw new DomainError('INVALID_ANSWER', 'Answer in 3 to 4,000 characters.');
    const repo = this.dataSource.getRepository(ExplanationRequestEntity);
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findOneBy({ id: id.toLowerCase(), org: caller.org! }) : null;
    if (!row) throw new DomainError('NOT_FOUND', 'Your organisation has no request with that id.');
    if (row.answeredAt) throw new DomainError('ALREADY_ANSWERED', 'This request was answered already; the resident has that answer.');
    await this.oversight.record(caller, 'explanation given to resident', [row.subject], traceparent);
    await repo.update({ id: row.id }, { answer: text, answeredAt: new Date(), answeredBy: caller.subject });
    return (await this.withRecords([(await repo.findOneBy({ id: row.id }))!]))[0]!;
  }

  private async withRecords(rows: ExplanationRequestRow[]) {
    const records = rows.length
      ? await this.dataSource.getRepository(AccessRecordEntity).findBy({ id: In(rows.map((r) => r.recordId)) })
      : [];
    const byId = new Map(records.map((r) => [Number(r.id), r]));
    return rows.map((r) => ({ ...r, record: byId.get(Number(r.recordId))! }));
  }

  private subjectOf(caller: Caller): string {
    return pseudonymOf(caller.bsn!, this.config.PSEUDONYM_KEY);
  }
}
