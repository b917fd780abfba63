import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { loadConfig, setting } from '@plein/config';
import { checkEventConfig, eventSettings } from '@plein/events';
import { householdSettings } from '../../apps/household/src/settings.js';
import { idpSettings } from '../../apps/idp/src/settings.js';

/** Settings of the embedded runtime (`npm start`); each app has its own on top. */
export const runtimeSettings = {
  PLEIN_HOME: setting(z.string().default('.plein'), 'folder for the embedded database and the runtime manifest'),
  PLEIN_PORT: setting(
    z.coerce.number().int().min(1024).max(65000).default(4000),
    'gateway port; the other apps take the ports just above it',
  ),
  PLEIN_PG_PORT: setting(z.coerce.number().int().min(1024).max(65535).default(54329), 'port of the embedded PostgreSQL server'),
  DATABASE_URL: setting(
    z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    'external PostgreSQL; when set, no embedded server is started',
    true,
  ),
  PLEIN_HOUSEHOLDS: setting(z.coerce.number().int().min(1).max(1_000_000).default(5_000), 'households seeded on first start'),
  PLEIN_SEED: setting(z.string().min(1).default('plein'), 'seed of the synthetic population'),
  SOURCE_TIMEOUT_MS: householdSettings.SOURCE_TIMEOUT_MS,
  JWKS_REFRESH_MS: authSettings.JWKS_REFRESH_MS,
  IDP_KEY_GRACE_MS: idpSettings.IDP_KEY_GRACE_MS,
  PLEIN_PROFILE_DIR: setting(
    z.string().min(1).optional(),
    'write a V8 CPU profile of every app into this folder when it stops (npm run bench -- --profile)',
  ),
  LOG_LEVEL: setting(z.enum(['error', 'warn', 'log', 'debug']).default('warn'), 'lowest log level the apps print'),
  ...eventSettings,
};

export type RuntimeConfig = ReturnType<typeof loadRuntimeConfig>;

export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig('plein', runtimeSettings, env);
  checkEventConfig('plein', config);
  return config;
}
