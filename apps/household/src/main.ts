import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { HouseholdModule } from './household.module.js';
import { householdSettings } from './settings.js';

serveApp('household', householdSettings, (config) =>
  HouseholdModule.forRoot(
    { registryUrl: config.REGISTRY_URL, refreshMs: config.PROVIDER_REFRESH_MS, sourceTimeoutMs: config.SOURCE_TIMEOUT_MS },
    verifierSettings(config),
  ),
);
