import { z } from 'zod';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time like 07:30');

/**
 * An organisation's thresholds for misuse signals. Every organisation starts from the defaults;
 * its security officer sets its own (night shifts, a call centre, a small team).
 */
export const thresholdsSchema = z.object({
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone like Europe/Amsterdam'),
  officeHours: z.object({
    /** Local time; `from` later than `to` is a night shift (22:00–06:00). */
    from: clock,
    to: clock,
    /** ISO weekdays the office works: 1 Monday … 7 Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  }),
  households: z.object({
    windowMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
    /** Households opened in the window below which nobody is signalled, whatever colleagues do. */
    minimum: z.number().int().min(2).max(100_000),
    /** How many times the median of active colleagues a caseworker must reach. */
    timesColleagues: z.number().min(1).max(100),
  }),
  refusals: z.object({
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    /** Refused lookups of one resident by one person in the window. */
    count: z.number().int().min(2).max(1_000),
  }),
  burst: z.object({
    windowSeconds: z.number().int().min(1).max(3_600),
    /** Accesses by one person or account in the window. */
    count: z.number().int().min(10).max(1_000_000),
  }),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  timeZone: 'Europe/Amsterdam',
  officeHours: { from: '07:00', to: '19:00', days: [1, 2, 3, 4, 5] },
  households: { windowMinutes: 60, minimum: 20, timesColleagues: 3 },
  refusals: { windowMinutes: 60, count: 5 },
  burst: { windowSeconds: 60, count: 600 },
};
