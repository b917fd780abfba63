import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings, httpUrl, setting, type ConfigOf } from '@plein/config';

export const webSettings = {
  ...commonSettings,
  ...databaseSettings,
  ...authSettings,
  WEB_PUBLIC_URL: setting(httpUrl(), 'the URL people reach these pages at; <url>/callback is the redirect URI in the realm'),
  GATEWAY_URL: setting(httpUrl(), "the plein's GraphQL API (the gateway's /graphql)"),
  WEB_CLIENT_ID: setting(z.string().default('plein-web'), 'the web pages’ client in the realm (authorization code with PKCE)'),
  WEB_CLIENT_SECRET: setting(
    z.string().min(1).optional(),
    'its secret when the realm makes it a confidential client (recommended in production)',
    true,
  ),
  SESSION_KEY: setting(
    z.string().min(32, 'at least 32 characters'),
    'key that signs the session cookie and seals the tokens in the session store (not in the database)',
    true,
  ),
  SESSION_MAX_MINUTES: setting(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(480),
    'longest a session lasts; it ends sooner when the login token expires',
  ),
  NODE_ENV: setting(z.string().default('development'), 'production: cookies only over HTTPS, HSTS sent'),
};

export type WebConfig = ConfigOf<typeof webSettings>;
