import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { RegistryModule } from './registry.module.js';
import { registrySettings } from './settings.js';

serveApp('registry', registrySettings, (config) =>
  RegistryModule.forRoot(config.DATABASE_URL, verifierSettings(config, 'registry'), config.PLEIN_OIN, config, {
    usageWindowDays: config.USAGE_WINDOW_DAYS,
    verifyRoutingUrl: config.VERIFY_ROUTING_URL,
  }),
);
