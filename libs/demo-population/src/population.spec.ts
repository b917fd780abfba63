import { describe, expect, it } from '@jest/globals';
import { isValidBsn } from '@plein/domain';
import { DEMO_AGENCIES } from './agencies.js';
import { demoBsn, generateHousehold, generatePopulation } from './population.js';

const day = '2026-11-23';

describe('synthetic population', () => {
  it('is the same for the same seed and different for another', () => {
    const a = [...generatePopulation({ households: 50, seed: 's1', referenceDate: day })];
    const b = [...generatePopulation({ households: 50, seed: 's1', referenceDate: day })];
    const c = [...generatePopulation({ households: 50, seed: 's2', referenceDate: day })];
    expect(b).toEqual(a);
    expect(c.map((h) => h.id)).not.toEqual(a.map((h) => h.id));
  });

  it('regenerates any household alone, equal to its place in the stream', () => {
    const all = [...generatePopulation({ households: 30, seed: 'x', referenceDate: day })];
    expect(generateHousehold('x', 17, day)).toEqual(all[17]);
  });

  it('gives every person a valid, unique BSN', () => {
    const bsns = [...generatePopulation({ households: 5_000, seed: 'bsn', referenceDate: day })].flatMap((h) =>
      h.members.map((m) => m.bsn),
    );
    expect(bsns.every(isValidBsn)).toBe(true);
    expect(new Set(bsns).size).toBe(bsns.length);
  });

  it('keeps BSNs unique at the far end of a million households', () => {
    const far = [999_999, 999_998, 500_000].flatMap((i) => [0, 1, 7].map((m) => demoBsn('plein', i, m)));
    expect(far.every(isValidBsn)).toBe(true);
    expect(new Set(far).size).toBe(far.length);
  });

  it('starts with a household whose income comes in twelve parts from seven agencies', () => {
    const [first] = generatePopulation({ households: 1, seed: 'plein', referenceDate: day });
    expect(first!.awards).toHaveLength(12);
    expect(new Set(first!.awards.map((a) => a.agency))).toEqual(new Set(DEMO_AGENCIES.map((a) => a.key)));
    expect(first!.members.map((m) => m.givenName)).toEqual(['Fatima', 'Yassin', 'Noor', 'Adam']);
  });

  it('only awards schemes an agency pays, with every agency paying someone', () => {
    const awards = [...generatePopulation({ households: 2_000, seed: 'mix', referenceDate: day })].flatMap((h) => h.awards);
    for (const a of awards) expect(Object.keys(DEMO_AGENCIES.find((x) => x.key === a.agency)!.schemes)).toContain(a.scheme);
    expect(new Set(awards.map((a) => a.agency)).size).toBe(DEMO_AGENCIES.length);
  });

  it('refuses a size outside 1 to 1,000,000', () => {
    expect(() => [...generatePopulation({ households: 0, seed: 's' })]).toThrow(RangeError);
    expect(() => [...generatePopulation({ households: 1_000_001, seed: 's' })]).toThrow(RangeError);
  });
});
