import { z } from 'zod';
import { commonSettings, httpUrl, setting } from '@plein/config';

export const idpSettings = {
  ...commonSettings,
  IDP_PUBLIC_URL: setting(httpUrl(), 'base URL clients reach the identity provider at; the issuer is <url>/realms/plein'),
  IDP_KEYS_FILE: setting(z.string().optional(), 'file keeping the signing keys across restarts (in memory when unset)'),
  IDP_KEY_GRACE_MS: setting(
    z.coerce
      .number()
      .int()
      .min(0)
      .default(10 * 60_000),
    'how long a retired signing key stays published (ms)',
  ),
  IDP_TOKEN_TTL_SECONDS: setting(z.coerce.number().int().min(10).max(86_400).default(900), 'access token lifetime'),
  IDP_ALLOW_KEY_ROTATION: setting(z.stringbool().default(false), 'serve the development key-rotation endpoint'),
  PLEIN_SEED: setting(z.string().default('plein'), 'population seed the demo residents come from'),
  IDP_DEVELOPMENT_MODE: setting(
    z.stringbool().default(false),
    'must be true: this identity provider logs anyone in by name and is for development and tests only',
  ),
  IDP_CLIENT_KEY: setting(
    z.string().min(32, 'at least 32 characters').optional(),
    "key the apps' development client secrets derive from",
    true,
  ),
  IDP_WEB_URLS: setting(
    z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean),
      ),
    'base URLs of the web pages (apps/web), comma-separated: their /callback and / are allowed as redirects',
  ),
  IDP_EXCHANGED_TOKEN_TTL_SECONDS: setting(
    z.coerce.number().int().min(10).max(900).default(300),
    'lifetime of tokens made by token exchange (one hop)',
  ),
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The dev identity provider refuses to serve anywhere it could be mistaken for a real one: it
 * must be told it is development, and it listens on loopback only.
 */
export function checkDevelopmentOnly(config: { IDP_DEVELOPMENT_MODE: boolean; HOST: string }): void {
  if (!config.IDP_DEVELOPMENT_MODE)
    throw new Error(
      'idp: refusing to start: IDP_DEVELOPMENT_MODE is not true. This identity provider is for development and tests only; production uses Keycloak (KEYCLOAK_URL).',
    );
  if (!LOOPBACK.has(config.HOST))
    throw new Error(`idp: refusing to start on HOST=${config.HOST}: the development identity provider binds to loopback (127.0.0.1) only.`);
}
