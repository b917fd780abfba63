import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { HouseholdModule } from './household.module.js';
import { householdSettings } from './settings.js';

serveApp('household', householdSettings, (config) =>
  HouseholdModule.forRoot(
    {
      registryUrl: config.REGISTRY_URL,
      refreshMs: config.PROVIDER_REFRESH_MS,
      sourceTimeoutMs: config.SOURCE_TIMEOUT_MS,
      events: { events: config, databaseUrl: config.DATABASE_URL },
    },
    verifierSettings(config, 'household'),
    {
      app: 'household',
      source: 'household',
      consentUrl: config.CONSENT_URL,
      ttlMs: config.CONSENT_CACHE_TTL_MS,
      timeoutMs: config.CONSENT_TIMEOUT_MS,
      events: config,
      databaseUrl: config.DATABASE_URL,
    },
  ),
);
