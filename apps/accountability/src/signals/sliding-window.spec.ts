import { describe, expect, it } from '@jest/globals';
import { SlidingWindow } from './sliding-window.js';

const MINUTE = 60_000;
const access = (minute: number, id: number, trace = `t${id}`) => ({ at: minute * MINUTE, id, trace });

describe('a sliding window of accesses', () => {
  it('counts requests, not log entries, and lets what is older than the window go', () => {
    const window = new SlidingWindow();
    window.add(access(0, 1, 'a'), 60 * MINUTE);
    window.add(access(1, 2, 'a'), 60 * MINUTE); // the same request at a second source
    const now = window.add(access(2, 3, 'b'), 60 * MINUTE);
    expect([now.count, now.requests]).toEqual([3, 2]);
    const later = window.add(access(61, 4, 'c'), 60 * MINUTE);
    expect([later.count, later.requests]).toEqual([2, 2]); // minute 0 and 1 fell out; b and c remain
    expect(window.requestsAfter(1.5 * MINUTE)).toBe(2);
    expect(window.requestsAfter(10 * MINUTE)).toBe(1);
  });

  it('counts an access handed over late with the one that happened after it but arrived first: neither misses the other', () => {
    const window = new SlidingWindow();
    window.add(access(10, 1), 60 * MINUTE);
    window.add(access(12, 2), 60 * MINUTE);
    const late = window.add(access(11, 3), 60 * MINUTE);
    expect([late.count, late.requests]).toEqual([3, 3]);
    expect(late.evidenceFor('k')).toEqual([1, 2, 3]);
  });

  it('gives each access as evidence for a signal once, and the whole window for a new signal', () => {
    const window = new SlidingWindow();
    for (let i = 1; i <= 5; i++) window.add(access(i, i), 60 * MINUTE);
    expect(window.add(access(6, 6), 60 * MINUTE).evidenceFor('km-2|2026-12-01')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(window.add(access(7, 7), 60 * MINUTE).evidenceFor('km-2|2026-12-01')).toEqual([7]);
    window.add(access(8, 8), 60 * MINUTE); // below the threshold: no signal, no evidence given
    expect(window.add(access(9, 9), 60 * MINUTE).evidenceFor('km-2|2026-12-01')).toEqual([8, 9]);
    expect(window.add(access(10, 10), 60 * MINUTE).evidenceFor('km-2|2026-12-02')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps counting right through a long run of accesses, as the window moves on and is compacted', () => {
    const window = new SlidingWindow();
    let last = window.add(access(0, 0), 10 * MINUTE);
    const given: number[] = [...last.evidenceFor('burst')];
    // An account at 50 accesses a minute for five hours: 15,000 accesses through a 10-minute window.
    for (let i = 1; i < 15_000; i++) {
      last = window.add(access(i / 50, i), 10 * MINUTE);
      given.push(...last.evidenceFor('burst'));
    }
    expect([last.count, last.requests]).toEqual([500, 500]);
    expect(given).toEqual(Array.from({ length: 15_000 }, (_, i) => i));
  });
});
