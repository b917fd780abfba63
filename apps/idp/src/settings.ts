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
};
