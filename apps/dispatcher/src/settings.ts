import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings, setting, type ConfigOf } from '@plein/config';
import { eventSettings } from '@plein/events';

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
  DELIVERY_MAX_ATTEMPTS: setting(
    z.coerce.number().int().min(1).max(20).default(8),
    'attempts per event (exponential backoff between them) before it goes to the dead letters',
  ),
  SUBSCRIPTION_SYNC_MS: setting(
    z.coerce.number().int().min(100).max(600_000).default(5_000),
    'how often an instance picks up subscriptions created or removed through another instance',
  ),
};

export type DispatcherConfig = ConfigOf<typeof dispatcherSettings>;
