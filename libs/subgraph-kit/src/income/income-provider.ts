import { DomainError, parseBsn, parsePaymentPeriod, type Bsn } from '@plein/domain';
import { MAX_SUBJECTS_PER_CALL, type IncomeStreamV1 } from '@plein/income-contract';
import type { IncomeAwardRow } from './income-award.entity.js';

/** The schemes an agency pays, by code, with the Dutch names residents know them by. */
export type SchemeCatalogue = Readonly<Record<string, string>>;

export function parseSubjects(bsns: readonly string[]): Bsn[] {
  if (bsns.length === 0 || bsns.length > MAX_SUBJECTS_PER_CALL) {
    throw new DomainError('TOO_MANY_SUBJECTS', `Ask for 1 to ${MAX_SUBJECTS_PER_CALL} people per call; got ${bsns.length}.`);
  }
  return [...new Set(bsns.map(parseBsn))];
}

export function toIncomeStream(row: IncomeAwardRow, schemes: SchemeCatalogue): IncomeStreamV1 {
  return {
    id: row.id,
    bsn: row.bsn,
    scheme: row.scheme,
    schemeName: schemes[row.scheme] ?? row.scheme,
    amountCents: row.amountCents,
    period: parsePaymentPeriod(row.period),
    startDate: row.startDate,
    endDate: row.endDate,
  };
}
