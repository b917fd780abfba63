import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings, setting, type ConfigOf } from '@plein/config';
import { eventSettings } from '@plein/events';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from './delivery/retry-schedule.js';

export const dispatcherSettings = {
  ...commonSettings,
  ...databaseSettings,
  ...authSettings,
  ...eventSettings,
  WEBHOOK_ALLOW_LOOPBACK_HTTP: setting(
    z.stringbool().default(false),
    'development only: accept http:// webhook URLs to loopback; production accepts https only',
  ),
  DELIVERY_TIMEOUT_MS: setting(z.coerce.number().int().min(100).max(60_000).default(5_000), 'time a receiver has to answer one delivery'),
  DELIVERY_RETRY_SCHEDULE: setting(
    z
      .string()
      .default(DEFAULT_RETRY_SCHEDULE)
      .transform((text, ctx) => {
        try {
          return parseRetrySchedule(text);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
          return z.NEVER;
        }
      }),
    'delays before the 2nd, 3rd, … attempt of a failed delivery (e.g. 5s,5m,30m,2h,5h,10h,10h, ±20 % jitter); after the last, a dead letter and the subscription paused',
  ),
  SUBSCRIPTION_SYNC_MS: setting(
    z.coerce.number().int().min(100).max(600_000).default(5_000),
    'how often an instance picks up subscriptions created or removed through another instance',
  ),
};

export type DispatcherConfig = ConfigOf<typeof dispatcherSettings>;
