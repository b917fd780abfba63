import { z } from 'zod';
import { databaseSettings, loadConfig, setting } from '@plein/config';
import { releaseMigrations } from './runtime.js';

/**
 * The release's migration job (deploy/kubernetes: Job `plein-migrate`): every schema migrated as
 * its owner, then the apps' role given exactly what they may do. Runs once per release; the apps'
 * replicas never migrate (their role owns nothing) and refuse to start while a migration is pending.
 */
const settings = {
  ...databaseSettings,
  APP_DATABASE_PASSWORD: setting(
    z.string().min(16, 'at least 16 characters'),
    'password of plein_app, the role every app connects as (its DATABASE_URL carries the same)',
    true,
  ),
};

async function main(): Promise<void> {
  const config = loadConfig('migrate', settings);
  await releaseMigrations(config.DATABASE_URL, config.APP_DATABASE_PASSWORD, (schema, line) => console.log(`[${schema}] ${line}`));
  console.log('migrations applied; role plein_app may read and write the tables, and only append to processing logs');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
