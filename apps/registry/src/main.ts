import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings, setting } from '@plein/config';
import { eventSettings } from '@plein/events';
import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { RegistryModule } from './registry.module.js';

const registrySettings = {
  ...commonSettings,
  ...databaseSettings,
  ...authSettings,
  ...eventSettings,
  PLEIN_OIN: setting(z.string().regex(/^\d{20}$/, 'a 20-digit OIN'), "the plein's own OIN: the source of the events it publishes"),
};

serveApp('registry', registrySettings, (config) =>
  RegistryModule.forRoot(config.DATABASE_URL, verifierSettings(config), config.PLEIN_OIN, config),
);
