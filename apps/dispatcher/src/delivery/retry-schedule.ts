/**
 * When a failed delivery is tried again: a schedule in the spirit of Standard Webhooks — seconds,
 * then minutes, then hours, about a day in all — so a receiver that is down for a while (a
 * deployment, a night) gets everything afterwards, and one that is gone stops costing anything.
 */
export const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** "5s,5m,30m" → delays in ms after the 1st, 2nd, 3rd failed attempt. Throws with the reason. */
export function parseRetrySchedule(text: string): number[] {
  const steps = text.split(',').map((s) => s.trim());
  if (steps.length === 0 || steps.length > 30) throw new Error('a retry schedule has 1 to 30 steps');
  return steps.map((step) => {
    const match = /^(\d{1,6})(ms|s|m|h)$/.exec(step);
    if (!match) throw new Error(`"${step}" is not a delay such as 500ms, 5s, 5m or 2h`);
    const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
    if (ms > 48 * UNIT_MS.h) throw new Error(`"${step}" is longer than 48 hours`);
    return ms;
  });
}

/**
 * The delay after the given failed attempt (1-based), or undefined when the schedule is done.
 * ±20 % jitter, so the deliveries that failed together in an outage do not all return at once.
 */
export function retryDelay(schedule: readonly number[], failedAttempts: number, random: () => number = Math.random): number | undefined {
  const base = schedule[failedAttempts - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (0.8 + 0.4 * random()));
}
