import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings, loadConfig } from '@plein/config';
import { runApp, startOrExit, verifierSettings } from '@plein/subgraph-kit';
import { RegistryModule } from './registry.module.js';

startOrExit(async () => {
  const config = loadConfig('registry', { ...commonSettings, ...databaseSettings, ...authSettings });
  await runApp(RegistryModule.forRoot(config.DATABASE_URL, verifierSettings(config)), {
    name: 'registry',
    port: config.PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
  });
});
