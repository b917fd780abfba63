import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, httpUrl, setting } from '@plein/config';

export const gatewaySettings = {
  ...commonSettings,
  ...authSettings,
  REGISTRY_URL: setting(httpUrl(), 'base URL of the registry the supergraph is loaded from'),
  SUPERGRAPH_POLL_MS: setting(
    z.coerce.number().int().min(100).max(60_000).default(1_000),
    'how often the registry is asked for a newer supergraph (ms)',
  ),
  MAX_QUERY_DEPTH: setting(z.coerce.number().int().min(2).max(50).default(10), 'deepest field nesting a query may have'),
  MAX_QUERY_ALIASES: setting(z.coerce.number().int().min(0).max(500).default(30), 'most aliases a query may use'),
  SUPERGRAPH_STARTUP_TIMEOUT_MS: setting(
    z.coerce.number().int().min(0).default(60_000),
    'how long start-up waits for a first supergraph (ms)',
  ),
};
