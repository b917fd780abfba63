import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role, type Caller } from '@plein/auth';
import { DomainError, toCsv } from '@plein/domain';
import { OversightLog } from '../signals/oversight-log.js';

export type ReportKind = 'generic' | 'specific';

export interface ReportRow {
  day: string;
  source: string;
  purpose: string;
  outcome: string;
  /** Specific reports only: the employee or account, and the resident by pseudonym. */
  actor?: string;
  /** None for requests refused before any resident was in question. */
  subject?: string | null;
  accesses: number;
}

const MAX_DAYS = 92;

/**
 * Suwinet-style periodic reports of an organisation's own accesses, from the accountable record:
 * generic (per day, source, purpose and outcome; nobody traceable) for anyone of the
 * organisation, specific (per employee and resident pseudonym) for its security officer only.
 */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OversightLog) private readonly oversight: OversightLog,
  ) {}

  async report(caller: Caller, kind: ReportKind, from: string, to: string, traceparent?: string): Promise<ReportRow[]> {
    if (kind === 'specific' && !caller.roles.includes(Role.SECURITY_OFFICER))
      throw new DomainError('FORBIDDEN', 'A specific report (by employee and resident) is for the security officer only.');
    const start = dayOf(from);
    const end = dayOf(to);
    const days = (end.getTime() - start.getTime()) / 86_400_000;
    if (days < 0 || days >= MAX_DAYS) throw new DomainError('INVALID_PERIOD', `A report covers 1 to ${MAX_DAYS} days, from before to.`);
    const specific = kind === 'specific';
    const rows = (await this.dataSource.query(
      `SELECT to_char(at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD') AS day, source, purpose,
              CASE WHEN refused THEN 'refused' ELSE 'accessed' END AS outcome,
              ${specific ? 'actor, subject,' : ''} count(*)::int AS accesses
       FROM access_record WHERE receiver_org = $1 AND at >= $2 AND at < $3
       GROUP BY 1, 2, 3, 4${specific ? ', 5, 6' : ''} ORDER BY 1, 2, 3, 4${specific ? ', 5, 6' : ''} LIMIT 100000`,
      [caller.org, start, new Date(end.getTime() + 86_400_000)],
    )) as ReportRow[];
    if (specific)
      await this.oversight.record(
        caller,
        'specific access report read',
        rows.map((r) => r.subject ?? null),
        traceparent,
      );
    return rows;
  }
}

function dayOf(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)))
    throw new DomainError('INVALID_PERIOD', `Give days as YYYY-MM-DD; got "${text.slice(0, 20)}".`);
  return new Date(`${text}T00:00:00+01:00`);
}

export function reportCsv(rows: readonly ReportRow[], kind: ReportKind): string {
  return toCsv<ReportRow>(
    kind === 'specific'
      ? ['day', 'source', 'purpose', 'outcome', 'actor', 'subject', 'accesses']
      : ['day', 'source', 'purpose', 'outcome', 'accesses'],
    rows,
  );
}
