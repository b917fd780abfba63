import { z } from 'zod';
import { commonSettings, httpUrl, loadConfig, setting } from '@plein/config';
import { startOrExit } from '@plein/subgraph-kit';
import { IdentityProvider } from './identity-provider.js';

const settings = {
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

startOrExit(async () => {
  const config = loadConfig('idp', settings);
  const idp = new IdentityProvider({
    baseUrl: config.IDP_PUBLIC_URL.replace(/\/$/, ''),
    seed: config.PLEIN_SEED,
    keysFile: config.IDP_KEYS_FILE,
    keyGraceMs: config.IDP_KEY_GRACE_MS,
    accessTokenTtlSeconds: config.IDP_TOKEN_TTL_SECONDS,
    allowKeyRotation: config.IDP_ALLOW_KEY_ROTATION,
  });
  const app = await idp.start();
  const server = app.listen(config.PORT, config.HOST, () => console.log(`idp: issuer ${idp.issuer}`));
  const stop = () => {
    idp.stop();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (process.send) process.once('disconnect', stop);
});
