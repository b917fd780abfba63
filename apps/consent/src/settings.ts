import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings, httpUrl, setting, type ConfigOf } from '@plein/config';
import { eventSettings } from '@plein/events';

export const consentSettings = {
  ...commonSettings,
  ...databaseSettings,
  ...authSettings,
  ...eventSettings,
  PLEIN_OIN: setting(z.string().regex(/^\d{20}$/, 'a 20-digit OIN'), "the plein's own OIN: the source of consent events"),
  PSEUDONYM_KEY: setting(z.string().min(32, 'at least 32 characters'), 'key of the resident pseudonyms in events (HMAC of the BSN)', true),
  REGISTRY_URL: setting(httpUrl(), 'the registry, which lists the sources a consent can cover (for the preview)'),
  EXPIRY_CHECK_MS: setting(
    z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    'longest wait between looks for consents past their end (each is announced when it ends: the database tells every instance of every consent written; this catches one told while an instance was not listening)',
  ),
  MAX_CONSENT_DAYS: setting(z.coerce.number().int().min(1).max(1_100).default(730), 'longest validity a resident can give a consent'),
};

export type ConsentConfig = ConfigOf<typeof consentSettings>;
