import { commonSettings, databaseSettings, loadConfig } from '@plein/config';
import { runApp, startOrExit } from '@plein/subgraph-kit';
import { RegistryModule } from './registry.module.js';

startOrExit(async () => {
  const config = loadConfig('registry', { ...commonSettings, ...databaseSettings });
  await runApp(RegistryModule.forRoot(config.DATABASE_URL), {
    name: 'registry',
    port: config.PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
  });
});
