import './no-telemetry.js';
import { API_AUDIENCE } from '@plein/auth';
import type { ConfigOf } from '@plein/config';
import { serveApp, toAccountableRecord, tokenUrlOf, verifierSettings } from '@plein/subgraph-kit';
import { GatewayModule, type RefusalLogSettings } from './gateway.module.js';
import { gatewaySettings } from './settings.js';

serveApp('gateway', gatewaySettings, (config) => {
  const tokenUrl = tokenUrlOf(config);
  return GatewayModule.forRoot(
    {
      registryUrl: config.REGISTRY_URL,
      pollMs: config.SUPERGRAPH_POLL_MS,
      startupTimeoutMs: config.SUPERGRAPH_STARTUP_TIMEOUT_MS,
      cacheFile: config.SUPERGRAPH_CACHE_FILE,
      subgraphTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
      subgraphMaxAnswerBytes: config.SUBGRAPH_MAX_ANSWER_BYTES,
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
          tokenUrl,
          clientId: config.USAGE_REPORT_CLIENT_ID,
          clientSecret: config.USAGE_REPORT_CLIENT_SECRET,
          intervalMs: config.USAGE_REPORT_MS,
        }
      : undefined,
    config.DATABASE_URL ? { events: config, databaseUrl: config.DATABASE_URL } : undefined,
    refusalLog(config, tokenUrl),
  );
});

/** With a database the gateway keeps the log of what it refused; its key and checkpoints are then required. */
function refusalLog(config: ConfigOf<typeof gatewaySettings>, tokenUrl: string): RefusalLogSettings | undefined {
  if (!config.DATABASE_URL) return undefined;
  if (!config.LOGBOEK_KEY || !config.LOGBOEK_CHECKPOINT_DIR)
    throw new Error(
      'gateway: with DATABASE_URL the gateway logs the requests it refuses; set LOGBOEK_KEY (at least 32 characters) and LOGBOEK_CHECKPOINT_DIR',
    );
  return {
    databaseUrl: config.DATABASE_URL,
    log: {
      schema: 'gateway',
      source: 'gateway',
      key: config.LOGBOEK_KEY,
      checkpointDir: config.LOGBOEK_CHECKPOINT_DIR,
      checkpointMs: config.LOGBOEK_CHECKPOINT_MS,
      ...(config.ACCOUNTABILITY_URL && config.USAGE_REPORT_CLIENT_ID && config.USAGE_REPORT_CLIENT_SECRET
        ? {
            ship: toAccountableRecord({
              url: config.ACCOUNTABILITY_URL,
              tokenUrl,
              clientId: config.USAGE_REPORT_CLIENT_ID,
              clientSecret: config.USAGE_REPORT_CLIENT_SECRET,
            }),
          }
        : {}),
    },
  };
}
