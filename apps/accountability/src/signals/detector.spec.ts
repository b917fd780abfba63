import { describe, expect, it } from '@jest/globals';
import { MisuseDetector, Rule, type DetectorFacts, type Hit, type RecordedAccess } from './detector.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds.js';

const UTRECHT = '00000001002220647000';
const ZEIST = '00000001001891358000';
const CASEWORKER = 'caseworker,purpose:schuldhulpverlening';

/** A Tuesday in Amsterdam (winter time, UTC+1). */
const at = (hhmm: string, day = '2026-12-01') => new Date(`${day}T${hhmm}:00+01:00`);

class Day {
  readonly records: RecordedAccess[] = [];
  private trace = 0;
  private residents = 0;

  /** One household view: the municipality's record of each member, and their income at two agencies. */
  view(actor: string, org: string, time: Date, opts: { basis?: string; members?: string[]; purpose?: string } = {}): string[] {
    const trace = (++this.trace).toString(16).padStart(32, '0');
    const members = opts.members ?? [this.resident(), this.resident()];
    for (const subject of members)
      for (const category of ['household', 'income', 'income'])
        this.add({
          at: time,
          subject,
          org,
          roles: CASEWORKER,
          actor,
          traceId: trace,
          category,
          purpose: opts.purpose ?? 'schuldhulpverlening',
          basis: opts.basis ?? 'consent:c-1',
          refused: false,
        });
    return members;
  }

  refusal(actor: string, org: string, time: Date, subject: string): void {
    const trace = (++this.trace).toString(16).padStart(32, '0');
    this.add({
      at: time,
      subject,
      org,
      roles: CASEWORKER,
      actor,
      traceId: trace,
      category: 'household',
      purpose: 'schuldhulpverlening',
      basis: 'refused: NO_CONSENT',
      refused: true,
    });
  }

  /** A request refused before any resident was in question (role, purpose, rate). */
  refusedRequest(actor: string, org: string, time: Date, code: string): void {
    const trace = (++this.trace).toString(16).padStart(32, '0');
    this.add({
      at: time,
      subject: null,
      org,
      roles: CASEWORKER,
      actor,
      traceId: trace,
      category: 'request',
      purpose: 'none',
      basis: `refused: ${code}`,
      refused: true,
    });
  }

  resident(): string {
    return `urn:plein:pseudonym:r${++this.residents}`;
  }

  private add(r: Omit<RecordedAccess, 'id'>): void {
    this.records.push({ ...r, id: this.records.length + 1 });
  }
}

function facts(options: { thresholds?: Record<string, Thresholds>; protectedAt?: Record<string, string> } = {}): DetectorFacts {
  return {
    thresholdsOf: (org) => options.thresholds?.[org] ?? DEFAULT_THRESHOLDS,
    protectedFor: (org, subject) => options.protectedAt?.[`${org}|${subject}`],
    knewBefore: () => Promise.resolve(true),
  };
}

async function run(detector: MisuseDetector, records: readonly RecordedAccess[]): Promise<Map<string, Hit>> {
  // Signals are keyed like the service keys them: one per rule, organisation and key.
  const signals = new Map<string, Hit>();
  for (const r of [...records].sort((a, b) => a.at.getTime() - b.at.getTime()))
    for (const hit of await detector.observe(r)) {
      const key = `${hit.rule}|${hit.org}|${hit.key}`;
      const evidence = new Set([...(signals.get(key)?.evidence ?? []), ...hit.evidence]);
      signals.set(key, { ...hit, evidence: [...evidence] });
    }
  return signals;
}

describe('misuse rules over a scripted day', () => {
  it('raise exactly the planted misuses and nothing for a day of ordinary work', async () => {
    const day = new Day();
    const colleagues = ['km-1', 'km-2', 'km-3'];
    // Ordinary work: three Utrecht caseworkers and Zeist's debt counsellor open a household every ten minutes, 08:00–17:00,
    // and now and then ask about someone they have no basis for, once.
    for (let minute = 0; minute < 9 * 60; minute += 10) {
      const time = new Date(at('08:00').getTime() + minute * 60_000);
      for (const actor of colleagues) day.view(actor, UTRECHT, time);
      day.view('sb-1', ZEIST, time);
      if (minute % 90 === 0) day.refusal('km-1', UTRECHT, time, day.resident());
    }
    // Planted: Zeist's counsellor opens a household at 03:05.
    day.view('sb-1', ZEIST, at('03:05'));
    // Planted: km-2 opens 40 households between 10:00 and 10:58.
    for (let i = 0; i < 40; i++) day.view('km-2', UTRECHT, new Date(at('10:00').getTime() + i * 90_000));
    // Planted: km-3 is refused five times about one resident within twenty minutes.
    const target = day.resident();
    for (let i = 0; i < 5; i++) day.refusal('km-3', UTRECHT, new Date(at('14:00').getTime() + i * 4 * 60_000), target);
    // Planted: km-1 looks up a colleague Utrecht marked as protected.
    const colleague = day.resident();
    day.view('km-1', UTRECHT, at('15:33'), { members: [colleague] });

    const detector = new MisuseDetector(facts({ protectedAt: { [`${UTRECHT}|${colleague}`]: 'colleague' } }));
    const signals = await run(detector, day.records);

    expect([...signals.values()].map((s) => [s.rule, s.org, s.actor]).sort()).toEqual(
      [
        [Rule.MANY_HOUSEHOLDS, UTRECHT, 'km-2'],
        [Rule.OUTSIDE_OFFICE_HOURS, ZEIST, 'sb-1'],
        [Rule.PROTECTED_RESIDENT, UTRECHT, 'km-1'],
        [Rule.REPEATED_REFUSALS, UTRECHT, 'km-3'],
      ].sort(),
    );
    const many = [...signals.values()].find((s) => s.rule === Rule.MANY_HOUSEHOLDS)!;
    expect(many.reason).toMatch(/^Opened 2\d households in 60 minutes; the median of 2 active colleagues was [56](\.5)? /);
    const refusals = [...signals.values()].find((s) => s.rule === Rule.REPEATED_REFUSALS)!;
    expect(refusals.subject).toBe(target);
    expect(refusals.evidence).toHaveLength(5);
    expect([...signals.values()].find((s) => s.rule === Rule.OUTSIDE_OFFICE_HOURS)!.reason).toContain('03:05 on Tuesday');
  });

  it('signal a person refused again and again before any resident was in question, per reason, and not a slip now and then', async () => {
    const day = new Day();
    // A slip: four refusals of one kind in an hour, and a few of another.
    for (let i = 0; i < 4; i++) day.refusedRequest('km-1', UTRECHT, new Date(at('09:00').getTime() + i * 60_000), 'FORBIDDEN_ROLE');
    for (let i = 0; i < 3; i++) day.refusedRequest('km-1', UTRECHT, new Date(at('09:10').getTime() + i * 60_000), 'PURPOSE_NOT_ALLOWED');
    // Planted: km-2 tries operations their role does not allow, five times in ten minutes.
    for (let i = 0; i < 5; i++) day.refusedRequest('km-2', UTRECHT, new Date(at('11:00').getTime() + i * 2 * 60_000), 'FORBIDDEN_ROLE');
    // Spread over a day, five are no pattern.
    for (let i = 0; i < 5; i++) day.refusedRequest('km-3', UTRECHT, new Date(at('08:00').getTime() + i * 2 * 3_600_000), 'FORBIDDEN_ROLE');

    const signals = [...(await run(new MisuseDetector(facts()), day.records)).values()];
    expect(signals.map((s) => [s.rule, s.actor, s.subject])).toEqual([[Rule.REPEATED_REFUSALS, 'km-2', null]]);
    expect(signals[0]!.reason).toBe('Was refused 5 times in 60 minutes (FORBIDDEN_ROLE): trying operations the role does not allow.');
    expect(signals[0]!.evidence).toHaveLength(5);
  });

  it('keeps each organisation to its own thresholds: a night shift is office hours there', async () => {
    const nightShift: Thresholds = { ...DEFAULT_THRESHOLDS, officeHours: { from: '22:00', to: '06:00', days: [1, 2, 3, 4, 5] } };
    const day = new Day();
    day.view('sb-1', ZEIST, at('03:05')); // Tuesday night: the shift that began Monday 22:00
    day.view('km-1', UTRECHT, at('03:05'));
    day.view('sb-1', ZEIST, at('12:00'));
    const signals = await run(new MisuseDetector(facts({ thresholds: { [ZEIST]: nightShift } })), day.records);
    expect([...signals.values()].map((s) => [s.rule, s.actor, s.reason.slice(0, 41)])).toEqual([
      [Rule.OUTSIDE_OFFICE_HOURS, 'km-1', "Opened a resident's data at 03:05 on Tues"],
      [Rule.OUTSIDE_OFFICE_HOURS, 'sb-1', "Opened a resident's data at 12:00 on Tues"],
    ]);
  });

  it("leaves a security officer's reading of the record to the record: no signal for reading evidence at night", async () => {
    const detector = new MisuseDetector(facts());
    const officer = {
      at: at('03:10'),
      subject: 'urn:plein:pseudonym:r1',
      org: UTRECHT,
      roles: 'security-officer',
      actor: 'so-1',
      traceId: 'f'.repeat(32),
      purpose: 'toezicht',
      basis: 'AVG art. 5(2) en 32',
      refused: false,
    };
    expect(await detector.observe({ ...officer, id: 1, category: 'processing-log' })).toEqual([]);
    // The same officer opening a resident's household record at that hour is signalled like anyone.
    expect((await detector.observe({ ...officer, id: 2, category: 'household' })).map((h) => h.rule)).toEqual([Rule.OUTSIDE_OFFICE_HOURS]);
  });

  it('signals a first read on a statutory basis alone, not one after the organisation had dealings with the resident', async () => {
    const known = new Set<string>();
    const detector = new MisuseDetector({ ...facts(), knewBefore: (org, subject) => Promise.resolve(known.has(`${org}|${subject}`)) });
    const day = new Day();
    const [signalled] = day.view('km-1', UTRECHT, at('09:00'), {
      basis: 'statutory:Wgs art. 3',
      purpose: 'vroegsignalering',
      members: [day.resident()],
    });
    const stranger = day.resident();
    known.add(`${UTRECHT}|${signalled}`);
    day.view('km-1', UTRECHT, at('09:10'), { basis: 'statutory:Wgs art. 3', purpose: 'vroegsignalering', members: [stranger] });
    day.view('km-1', UTRECHT, at('09:20'), { basis: 'consent:c-9', members: [day.resident()] });
    const signals = [...(await run(detector, day.records)).values()];
    expect(signals.map((s) => s.rule)).toEqual([Rule.NO_EARLIER_BASIS]);
    expect(signals[0]!.reason).toContain('Wgs art. 3');
    expect(new Set(day.records.filter((r) => signals[0]!.evidence.includes(r.id)).map((r) => r.subject))).toEqual(new Set([stranger]));
  });

  it('signals a burst from one account, and not the same pace spread out', async () => {
    const day = new Day();
    const tight = { ...DEFAULT_THRESHOLDS, burst: { windowSeconds: 10, count: 50 } };
    for (let i = 0; i < 20; i++) day.view('script', UTRECHT, new Date(at('11:00').getTime() + i * 200)); // 120 accesses in 4 s
    for (let i = 0; i < 20; i++) day.view('steady', UTRECHT, new Date(at('11:00').getTime() + i * 5_000)); // 120 in 100 s
    const signals = [...(await run(new MisuseDetector(facts({ thresholds: { [UTRECHT]: tight } })), day.records)).values()].filter(
      (s) => s.rule === Rule.BURST,
    );
    expect(signals.map((s) => s.actor)).toEqual(['script']);
    // From the 50th access in ten seconds on, every access of the script is evidence, and nothing of the steady colleague's.
    expect(signals[0]!.evidence).toHaveLength(120);
    expect(new Set(day.records.filter((r) => signals[0]!.evidence.includes(r.id)).map((r) => r.actor))).toEqual(new Set(['script']));
  });
});
