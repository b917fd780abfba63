import type { Thresholds } from './thresholds.js';
import { SlidingWindow } from './sliding-window.js';

/** One entry of the accountable record, as the rules see it: pseudonymous, no personal data. */
export interface RecordedAccess {
  /** Its place in the accountable record (arrival order). */
  id: number;
  at: Date;
  /** The pseudonym of the resident whose data it was; none for a request refused before any resident was in question. */
  subject: string | null;
  /** The organisation that received the data or was refused (OIN); null for the plein's own work. */
  org: string | null;
  /** The receiver's roles, comma-separated, as the source logged them. */
  roles: string;
  /** The token subject of the person or account (an opaque id). */
  actor: string | null;
  traceId: string;
  category: string;
  purpose: string;
  /** `consent:<id>`, `statutory:<law> <article>`, …; for a refusal `refused: <code>`. */
  basis: string;
  refused: boolean;
}

export const Rule = {
  OUTSIDE_OFFICE_HOURS: 'outside-office-hours',
  MANY_HOUSEHOLDS: 'many-households',
  REPEATED_REFUSALS: 'repeated-refusals',
  PROTECTED_RESIDENT: 'protected-resident',
  NO_EARLIER_BASIS: 'no-earlier-basis',
  BURST: 'burst',
} as const;
export type Rule = (typeof Rule)[keyof typeof Rule];

/** A rule that fired: one signal per key (a person's day, or a person and a resident), its evidence growing. */
export interface Hit {
  rule: Rule;
  org: string;
  actor: string | null;
  subject: string | null;
  /** Accesses with one key are one signal. */
  key: string;
  /** What a security officer reads: why this is unusual, in numbers. */
  reason: string;
  /** The records that show it. */
  evidence: number[];
}

/** What the rules need to know beyond the stream itself. */
export interface DetectorFacts {
  thresholdsOf(org: string): Thresholds;
  /** Why the organisation marked this resident as protected, if it did. */
  protectedFor(org: string, subject: string): string | undefined;
  /** Whether the organisation received data about the resident before, outside the request `traceId`. */
  knewBefore(org: string, subject: string, traceId: string, beforeId: number): Promise<boolean>;
}

/** What the accountable record's own log files an officer's reading of entries under. */
export const OVERSIGHT_CATEGORY = 'processing-log';

/** What a refusal before any resident was in question suggests, by its code. */
const REFUSED_REQUEST: Record<string, string> = {
  FORBIDDEN_ROLE: 'trying operations the role does not allow',
  PURPOSE_NOT_ALLOWED: 'stating purposes the realm does not grant',
  RATE_LIMITED: 'asking faster than any desk work needs',
};

/** Roles that are people acting at a desk, whose own conduct the rules watch. */
const PERSON_ROLES = ['caseworker', 'security-officer'];

/**
 * The misuse rules, evaluated on the stream of the accountable record as each entry arrives,
 * with sliding windows in event time (when the access happened at the source). Keeps only what
 * its windows need; rebuilt after a restart by replaying the last day.
 */
export class MisuseDetector {
  private readonly households = new Map<string, Map<string, SlidingWindow>>();
  private readonly refusals = new Map<string, SlidingWindow>();
  private readonly bursts = new Map<string, SlidingWindow>();

  constructor(private readonly facts: DetectorFacts) {}

  async observe(r: RecordedAccess): Promise<Hit[]> {
    if (r.org === null || r.actor === null) return [];
    const t = this.facts.thresholdsOf(r.org);
    const local = localTime(r.at, t.timeZone);
    // A person at a desk opening residents' data; an officer reading the record's pseudonymous
    // entries (category processing-log) is in the record, but is not what these rules are about.
    const person = r.category !== OVERSIGHT_CATEGORY && r.roles.split(',').some((role) => PERSON_ROLES.includes(role));
    const hits: Hit[] = [];
    const seen = { at: r.at.getTime(), id: r.id, trace: r.traceId };
    const hit = (rule: Rule, key: string, reason: string, evidence: number[] = [r.id], subject: string | null = null) =>
      hits.push({ rule, org: r.org!, actor: r.actor, subject, key, reason, evidence });

    if (person && !r.refused && !withinOfficeHours(local, t.officeHours)) {
      hit(
        Rule.OUTSIDE_OFFICE_HOURS,
        `${r.actor}|${local.date}`,
        `Opened a resident's data at ${local.hhmm} on ${local.weekdayName} (${t.timeZone}), outside the office hours ${t.officeHours.from}–${t.officeHours.to} on ${dayNames(t.officeHours.days)}.`,
      );
    }

    if (person && !r.refused && r.category === 'household') {
      const colleaguesAndMe = this.of(this.households, r.org);
      const opened = this.windowOf(colleaguesAndMe, r.actor).add(seen, t.households.windowMinutes * 60_000);
      const mine = opened.requests;
      if (mine >= t.households.minimum) {
        const from = r.at.getTime() - t.households.windowMinutes * 60_000;
        const colleagues = [...colleaguesAndMe.entries()]
          .filter(([actor]) => actor !== r.actor)
          .map(([, window]) => window.requestsAfter(from))
          .filter((n) => n > 0);
        const median = medianOf(colleagues);
        if (median === undefined || mine >= t.households.timesColleagues * median) {
          const compared =
            median === undefined
              ? 'no colleague opened any in that time'
              : `the median of ${colleagues.length} active colleague${colleagues.length === 1 ? '' : 's'} was ${median}`;
          const key = `${r.actor}|${local.date}`;
          hit(
            Rule.MANY_HOUSEHOLDS,
            key,
            `Opened ${mine} households in ${t.households.windowMinutes} minutes; ${compared} (signalled from ${t.households.minimum}, and ${t.households.timesColleagues}× colleagues).`,
            opened.evidenceFor(key),
          );
        }
      }
    }

    if (r.refused && r.basis.startsWith('refused:')) {
      const code = r.basis.slice('refused:'.length).trim();
      // Per person and resident for refused lookups; per person and reason for requests refused
      // before any resident was in question (a role, a purpose, the rate).
      const about = r.subject ?? code;
      const windowKey = `${r.org}|${r.actor}|${about}`;
      const refused = this.windowOf(this.refusals, windowKey).add(seen, t.refusals.windowMinutes * 60_000);
      // Requests, not log entries: one request refused at several sources is one refusal.
      const times = refused.requests;
      if (times >= t.refusals.count) {
        const why =
          r.subject === null
            ? `(${code}): ${REFUSED_REQUEST[code] ?? 'asking for what the account may not ask'}`
            : `looking up one resident (${code}): trying without a basis`;
        const key = `${r.actor}|${about}|${local.date}`;
        hit(
          Rule.REPEATED_REFUSALS,
          key,
          `Was refused ${times} times in ${t.refusals.windowMinutes} minutes ${why}.`,
          refused.evidenceFor(key),
          r.subject,
        );
      }
    }

    const protectedAs = person && r.subject !== null ? this.facts.protectedFor(r.org, r.subject) : undefined;
    if (protectedAs) {
      hit(
        Rule.PROTECTED_RESIDENT,
        `${r.actor}|${r.subject}|${local.date}`,
        `${r.refused ? 'Tried to look up' : 'Looked up'} a resident your organisation marked as protected (${protectedAs}).`,
        [r.id],
        r.subject,
      );
    }

    if (
      person &&
      !r.refused &&
      r.subject !== null &&
      r.basis.startsWith('statutory:') &&
      !(await this.facts.knewBefore(r.org, r.subject, r.traceId, r.id))
    ) {
      hit(
        Rule.NO_EARLIER_BASIS,
        `${r.actor}|${local.date}`,
        `Read the data of a resident the organisation had no earlier dealings with — no consent, no signal delivered — on the statutory basis alone (${r.basis.slice('statutory:'.length)}, purpose ${r.purpose}).`,
      );
    }

    const recent = this.windowOf(this.bursts, `${r.org}|${r.actor}`).add(seen, t.burst.windowSeconds * 1000);
    if (recent.count >= t.burst.count) {
      const key = `${r.actor}|${local.date}`;
      hit(
        Rule.BURST,
        key,
        `Made ${recent.count} accesses in ${t.burst.windowSeconds} seconds (signalled from ${t.burst.count}).`,
        recent.evidenceFor(key),
      );
    }
    return hits;
  }

  private of(map: Map<string, Map<string, SlidingWindow>>, org: string): Map<string, SlidingWindow> {
    let inner = map.get(org);
    if (!inner) map.set(org, (inner = new Map()));
    return inner;
  }

  private windowOf<K>(map: Map<K, SlidingWindow>, key: K): SlidingWindow {
    let window = map.get(key);
    if (!window) map.set(key, (window = new SlidingWindow()));
    return window;
  }
}

function medianOf(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface LocalTime {
  date: string;
  hhmm: string;
  minutes: number;
  isoWeekday: number;
  weekdayName: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function localTime(at: Date, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'long',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const hhmm = `${parts['hour']}:${parts['minute']}`;
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    hhmm,
    minutes: Number(parts['hour']) * 60 + Number(parts['minute']),
    isoWeekday: WEEKDAYS.indexOf(parts['weekday']!) + 1,
    weekdayName: parts['weekday']!,
  };
}

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

/** Whether a local time falls in office hours; `from` after `to` is a shift across midnight, counted to the day it began. */
export function withinOfficeHours(local: LocalTime, hours: Thresholds['officeHours']): boolean {
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  if (from <= to) return hours.days.includes(local.isoWeekday) && local.minutes >= from && local.minutes < to;
  if (local.minutes >= from) return hours.days.includes(local.isoWeekday);
  const dayBefore = local.isoWeekday === 1 ? 7 : local.isoWeekday - 1;
  return local.minutes < to && hours.days.includes(dayBefore);
}

function dayNames(days: readonly number[]): string {
  return [...days]
    .sort()
    .map((d) => WEEKDAYS[d - 1]!.slice(0, 3))
    .join(', ');
}
