import { loadConfig, tellSupervisorListening } from '@plein/config';
import { startOrExit } from '@plein/subgraph-kit';
import { IdentityProvider } from './identity-provider.js';
import { checkDevelopmentOnly, idpSettings } from './settings.js';

startOrExit(async () => {
  const config = loadConfig('idp', idpSettings);
  checkDevelopmentOnly(config);
  const idp = new IdentityProvider({
    baseUrl: config.IDP_PUBLIC_URL.replace(/\/$/, ''),
    seed: config.PLEIN_SEED,
    keysFile: config.IDP_KEYS_FILE,
    keyGraceMs: config.IDP_KEY_GRACE_MS,
    accessTokenTtlSeconds: config.IDP_TOKEN_TTL_SECONDS,
    allowKeyRotation: config.IDP_ALLOW_KEY_ROTATION,
    clientKey: config.IDP_CLIENT_KEY,
    exchangedTokenTtlSeconds: config.IDP_EXCHANGED_TOKEN_TTL_SECONDS,
    webUrls: config.IDP_WEB_URLS,
  });
  const app = await idp.start();
  const server = app.listen(config.PORT, config.HOST, () => {
    console.log(`idp: issuer ${idp.issuer}`);
    tellSupervisorListening();
  });
  const stop = () => {
    idp.stop();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (process.send) process.once('disconnect', stop);
});
