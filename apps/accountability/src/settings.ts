import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings, setting, type ConfigOf } from '@plein/config';
import { eventSettings } from '@plein/events';
import { logboekSettings } from '@plein/subgraph-kit';

export const accountabilitySettings = {
  ...commonSettings,
  ...databaseSettings,
  ...authSettings,
  ...eventSettings,
  ...logboekSettings,
  PLEIN_OIN: setting(z.string().regex(/^\d{20}$/, 'a 20-digit OIN'), "the plein's own OIN: the source of misuse signals"),
  PSEUDONYM_KEY: setting(
    z.string().min(32, 'at least 32 characters'),
    "key of resident pseudonyms: a resident's own entries, and a resident marked as protected, are found by one",
    true,
  ),
  EXPLANATION_DAYS: setting(
    z.coerce.number().int().min(1).max(90).default(30),
    "days an organisation has to answer a resident's request for an explanation (AVG art. 12(3): one month)",
  ),
  REPLAY_HOURS: setting(
    z.coerce.number().int().min(1).max(168).default(24),
    "hours of the record the rules' windows are rebuilt from when the service starts",
  ),
};

export type AccountabilityConfig = ConfigOf<typeof accountabilitySettings>;

export const ACCOUNTABILITY_CONFIG = Symbol('ACCOUNTABILITY_CONFIG');
