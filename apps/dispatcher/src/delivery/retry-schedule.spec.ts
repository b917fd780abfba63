import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule, retryDelay } from './retry-schedule.js';

describe('the retry schedule of webhook deliveries', () => {
  it('runs by default from seconds over minutes to hours, about a day in all', () => {
    const schedule = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE);
    expect(schedule[0]).toBe(5_000);
    const total = schedule.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20 * 3_600_000);
    expect(total).toBeLessThan(36 * 3_600_000);
    expect([...schedule].sort((a, b) => a - b)).toEqual(schedule);
  });

  it('refuses a schedule it cannot read, naming the step', () => {
    expect(() => parseRetrySchedule('5s,soon')).toThrow('"soon" is not a delay');
    expect(() => parseRetrySchedule('5s,-1m')).toThrow('"-1m"');
    expect(() => parseRetrySchedule('100h')).toThrow('longer than 48 hours');
    expect(() => parseRetrySchedule(Array(31).fill('1s').join(','))).toThrow('1 to 30 steps');
  });

  it('spreads retries by up to a fifth either way and ends after the last step', () => {
    const schedule = parseRetrySchedule('10s,1m');
    expect(retryDelay(schedule, 1, () => 0)).toBe(8_000);
    expect(retryDelay(schedule, 1, () => 1)).toBe(12_000);
    expect(retryDelay(schedule, 2, () => 0.5)).toBe(60_000);
    expect(retryDelay(schedule, 3)).toBeUndefined();
  });
});
