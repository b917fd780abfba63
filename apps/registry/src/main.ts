import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings } from '@plein/config';
import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { RegistryModule } from './registry.module.js';

serveApp('registry', { ...commonSettings, ...databaseSettings, ...authSettings }, (config) =>
  RegistryModule.forRoot(config.DATABASE_URL, verifierSettings(config)),
);
