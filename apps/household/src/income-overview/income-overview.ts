import { monthlyCents, type PaymentPeriod } from '@plein/domain';
import type { IncomeStreamV1 } from '@plein/income-contract';

/**
 * The household income overview, assembled from every income provider's answer. Pure: the
 * caller gathers the answers; this decides what they add up to.
 */

export const SourceStatus = {
  OK: 'OK',
  UNAVAILABLE: 'UNAVAILABLE',
  TIMEOUT: 'TIMEOUT',
  INVALID_RESPONSE: 'INVALID_RESPONSE',
  PARTIAL: 'PARTIAL',
  NO_CONSENT: 'NO_CONSENT',
  BASIS_UNKNOWN: 'BASIS_UNKNOWN',
} as const;
export type SourceStatus = (typeof SourceStatus)[keyof typeof SourceStatus];

export interface ProviderRef {
  subgraph: string;
  agency: { key: string; name: string; oin: string };
}

export type SourceAnswer = (
  | { provider: ProviderRef; status: 'OK'; streams: IncomeStreamV1[]; durationMs: number }
  | { provider: ProviderRef; status: Exclude<SourceStatus, 'OK' | 'PARTIAL'>; message: string; durationMs: number }
) & {
  /** The members this source was asked about, when not all of them (the others had no basis). */
  asked?: readonly string[];
};

export interface MemberRef {
  bsn: string;
  givenName: string;
  familyName: string;
}

export interface OverviewStream {
  id: string;
  agencyKey: string;
  agencyName: string;
  scheme: string;
  schemeName: string;
  amountCents: number;
  period: PaymentPeriod;
  /** Null for one-off payments: they have no monthly equivalent and are shown apart. */
  monthlyCents: number | null;
  startDate: string;
  endDate: string | null;
}

export interface MemberIncome {
  bsn: string;
  name: string;
  /** Agencies whose data about this member was not asked for: no basis for the stated purpose. */
  withheldFrom: string[];
  totalMonthlyCents: number;
  streams: OverviewStream[];
  oneOffPayments: OverviewStream[];
}

export interface AgencyTotal {
  agencyKey: string;
  agencyName: string;
  totalMonthlyCents: number;
  streamCount: number;
}

export interface SourceReport {
  agencyKey: string;
  agencyName: string;
  oin: string;
  status: SourceStatus;
  streamCount: number;
  durationMs: number;
  message: string | null;
  /** Whom this source was not asked about: members by name, co-residents as "medebewoner". */
  withheldMembers: string[];
}

export interface IncomeOverview {
  totalMonthlyCents: number;
  /**
   * True only when every source answered about every member, and there was a source: a
   * partial total must not pass for the whole.
   */
  complete: boolean;
  /** Members the caller has no basis to see at all: left out of the overview, counted here. */
  coResidentCount: number;
  members: MemberIncome[];
  agencies: AgencyTotal[];
  sources: SourceReport[];
}

/**
 * A provider may only speak about the people it was asked about; an answer that mentions
 * anyone else is discarded whole rather than trusted in part.
 */
export function checkAnswer(answer: SourceAnswer, members: ReadonlySet<string>): SourceAnswer {
  if (answer.status !== 'OK') return answer;
  const asked = answer.asked ? new Set(answer.asked) : members;
  const stranger = answer.streams.find((s) => !asked.has(s.bsn));
  if (stranger) {
    return {
      provider: answer.provider,
      status: 'INVALID_RESPONSE',
      message: 'The source returned streams for a person it was not asked about.',
      durationMs: answer.durationMs,
      ...(answer.asked ? { asked: answer.asked } : {}),
    };
  }
  return answer;
}

/** One label per co-resident: they are counted, never named. */
export const CO_RESIDENT = 'medebewoner';

export function buildOverview(members: readonly MemberRef[], answers: readonly SourceAnswer[], coResidentCount = 0): IncomeOverview {
  const asked = new Set(members.map((m) => m.bsn));
  const withheld = (bsn: string) =>
    answers
      .filter((a) => a.asked && !a.asked.includes(bsn))
      .map((a) => a.provider.agency.key)
      .sort();
  const checked = answers.map((a) => checkAnswer(a, asked));
  const perMember = new Map(members.map((m) => [m.bsn, [] as OverviewStream[]]));
  for (const answer of checked) {
    if (answer.status !== 'OK') continue;
    for (const s of answer.streams) {
      perMember.get(s.bsn)!.push({
        id: s.id,
        agencyKey: answer.provider.agency.key,
        agencyName: answer.provider.agency.name,
        scheme: s.scheme,
        schemeName: s.schemeName,
        amountCents: s.amountCents,
        period: s.period,
        monthlyCents: monthlyCents(s.amountCents, s.period),
        startDate: s.startDate,
        endDate: s.endDate,
      });
    }
  }

  const memberIncomes: MemberIncome[] = members.map((m) => {
    const all = perMember.get(m.bsn)!.sort(byAgencyThenScheme);
    const streams = all.filter((s) => s.monthlyCents !== null);
    return {
      bsn: m.bsn,
      name: `${m.givenName} ${m.familyName}`,
      withheldFrom: withheld(m.bsn),
      totalMonthlyCents: sum(streams.map((s) => s.monthlyCents!)),
      streams,
      oneOffPayments: all.filter((s) => s.monthlyCents === null),
    };
  });

  const agencyTotals = new Map<string, AgencyTotal>();
  for (const stream of memberIncomes.flatMap((m) => [...m.streams, ...m.oneOffPayments])) {
    const total = agencyTotals.get(stream.agencyKey) ?? {
      agencyKey: stream.agencyKey,
      agencyName: stream.agencyName,
      totalMonthlyCents: 0,
      streamCount: 0,
    };
    total.totalMonthlyCents += stream.monthlyCents ?? 0;
    total.streamCount += 1;
    agencyTotals.set(stream.agencyKey, total);
  }

  const household = members.length + coResidentCount;
  const nameOf = new Map(members.map((m) => [m.bsn, `${m.givenName} ${m.familyName}`]));
  const sources: SourceReport[] = checked
    .map((a) => {
      const askedAbout = a.asked ?? members.map((m) => m.bsn);
      const withheldMembers = [
        ...members.filter((m) => !askedAbout.includes(m.bsn)).map((m) => nameOf.get(m.bsn)!),
        ...Array.from({ length: coResidentCount }, () => CO_RESIDENT),
      ];
      // A source that answered about some members answered: it is partial, not refused.
      const status = a.status === 'OK' && withheldMembers.length > 0 ? SourceStatus.PARTIAL : a.status;
      return {
        agencyKey: a.provider.agency.key,
        agencyName: a.provider.agency.name,
        oin: a.provider.agency.oin,
        status,
        streamCount: a.status === 'OK' ? a.streams.length : 0,
        durationMs: Math.round(a.durationMs),
        message:
          status === SourceStatus.PARTIAL
            ? `Asked about ${household - withheldMembers.length} of ${household} members; no basis for the stated purpose for the others.`
            : a.status === 'OK'
              ? null
              : a.message,
        withheldMembers,
      };
    })
    .sort((x, y) => x.agencyKey.localeCompare(y.agencyKey));

  return {
    totalMonthlyCents: sum(memberIncomes.map((m) => m.totalMonthlyCents)),
    // Complete only when every provider that should have been asked answered: an overview that
    // asked nobody (no providers known yet) is not a complete one.
    complete: sources.length > 0 && sources.every((s) => s.status === 'OK'),
    coResidentCount,
    members: memberIncomes,
    agencies: [...agencyTotals.values()].sort((x, y) => x.agencyKey.localeCompare(y.agencyKey)),
    sources,
  };
}

function byAgencyThenScheme(a: OverviewStream, b: OverviewStream): number {
  return a.agencyKey.localeCompare(b.agencyKey) || a.scheme.localeCompare(b.scheme) || a.id.localeCompare(b.id);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
