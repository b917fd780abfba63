import './no-telemetry.js';
import { API_AUDIENCE } from '@plein/auth';
import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { GatewayModule } from './gateway.module.js';
import { gatewaySettings } from './settings.js';

serveApp('gateway', gatewaySettings, (config) =>
  GatewayModule.forRoot(
    {
      registryUrl: config.REGISTRY_URL,
      pollMs: config.SUPERGRAPH_POLL_MS,
      startupTimeoutMs: config.SUPERGRAPH_STARTUP_TIMEOUT_MS,
      cacheFile: config.SUPERGRAPH_CACHE_FILE,
    },
    verifierSettings(config, API_AUDIENCE),
    {
      maxDepth: config.MAX_QUERY_DEPTH,
      maxAliases: config.MAX_QUERY_ALIASES,
      maxCost: config.MAX_QUERY_COST,
      maxTokens: config.MAX_QUERY_TOKENS,
      maxDirectives: config.MAX_QUERY_DIRECTIVES,
    },
    { perMinute: config.RATE_LIMIT_PER_MINUTE },
    config.USAGE_REPORT_CLIENT_ID && config.USAGE_REPORT_CLIENT_SECRET
      ? {
          registryUrl: config.REGISTRY_URL,
          tokenUrl: `${config.KEYCLOAK_URL}/realms/${config.KEYCLOAK_REALM}/protocol/openid-connect/token`,
          clientId: config.USAGE_REPORT_CLIENT_ID,
          clientSecret: config.USAGE_REPORT_CLIENT_SECRET,
          intervalMs: config.USAGE_REPORT_MS,
        }
      : undefined,
    config.DATABASE_URL ? { events: config, databaseUrl: config.DATABASE_URL } : undefined,
  ),
);
