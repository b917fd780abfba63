import { z } from 'zod';
import { httpUrl, setting } from '@plein/config';

/** Settings of every app that enforces consent. */
export const consentClientSettings = {
  CONSENT_URL: setting(httpUrl(), "the consent service's GraphQL endpoint"),
  CONSENT_CACHE_TTL_MS: setting(
    z.coerce.number().int().min(0).max(60_000).default(5_000),
    'how long a decision is reused; revocations clear it sooner, and with the consent service down nothing older is trusted',
  ),
  CONSENT_TIMEOUT_MS: setting(z.coerce.number().int().min(50).max(10_000).default(1_000), 'time the consent service has to decide'),
};
