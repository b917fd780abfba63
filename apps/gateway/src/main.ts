import './no-telemetry.js';
import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { GatewayModule } from './gateway.module.js';
import { gatewaySettings } from './settings.js';

serveApp('gateway', gatewaySettings, (config) =>
  GatewayModule.forRoot(
    { registryUrl: config.REGISTRY_URL, pollMs: config.SUPERGRAPH_POLL_MS, startupTimeoutMs: config.SUPERGRAPH_STARTUP_TIMEOUT_MS },
    verifierSettings(config),
    { maxDepth: config.MAX_QUERY_DEPTH, maxAliases: config.MAX_QUERY_ALIASES },
  ),
);
