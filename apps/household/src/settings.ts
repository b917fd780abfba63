import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings, httpUrl, setting } from '@plein/config';
import { consentClientSettings } from '@plein/consent-client';
import { eventSettings } from '@plein/events';

export const householdSettings = {
  ...commonSettings,
  ...authSettings,
  ...databaseSettings,
  ...eventSettings,
  ...consentClientSettings,
  REGISTRY_URL: setting(httpUrl(), 'base URL of the registry, which lists the income providers'),
  SOURCE_TIMEOUT_MS: setting(z.coerce.number().int().min(50).max(30_000).default(2_000), 'time budget per income source (ms)'),
  PROVIDER_REFRESH_MS: setting(
    z.coerce.number().int().min(100).max(600_000).default(60_000),
    'how often the provider list is refreshed without an announcement (ms); publications refresh it at once',
  ),
};
