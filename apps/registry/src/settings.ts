import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings, setting } from '@plein/config';
import { eventSettings } from '@plein/events';

export const registrySettings = {
  ...commonSettings,
  ...databaseSettings,
  ...authSettings,
  ...eventSettings,
  USAGE_WINDOW_DAYS: setting(
    z.coerce.number().int().min(1).max(365).default(7),
    'a breaking change blocks a publication when clients used what it touches within this many days',
  ),
  VERIFY_ROUTING_URL: setting(z.stringbool().default(true), "check that a subgraph's routing URL serves the SDL it publishes"),
  PLEIN_OIN: setting(z.string().regex(/^\d{20}$/, 'a 20-digit OIN'), "the plein's own OIN: the source of the events it publishes"),
};
