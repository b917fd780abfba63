import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, httpUrl, setting } from '@plein/config';
import { eventSettings } from '@plein/events';

export const gatewaySettings = {
  ...commonSettings,
  ...authSettings,
  ...eventSettings,
  REGISTRY_URL: setting(httpUrl(), 'base URL of the registry the supergraph is loaded from'),
  DATABASE_URL: setting(
    z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    'with the event settings: where the gateway hears of publications at once (embedded log, dead letters); polling only without it',
    true,
  ),
  SUPERGRAPH_POLL_MS: setting(
    z.coerce.number().int().min(100).max(600_000).default(15_000),
    'how often the registry is asked for a newer supergraph without an announcement (ms); publications swap at once',
  ),
  MAX_QUERY_DEPTH: setting(z.coerce.number().int().min(2).max(50).default(10), 'deepest field nesting a query may have'),
  MAX_QUERY_ALIASES: setting(z.coerce.number().int().min(0).max(500).default(30), 'most aliases a query may use'),
  MAX_QUERY_COST: setting(z.coerce.number().int().min(10).max(1_000_000).default(5_000), 'highest estimated cost a query may have'),
  MAX_QUERY_TOKENS: setting(z.coerce.number().int().min(50).max(100_000).default(2_000), 'most tokens a query document may have'),
  MAX_QUERY_DIRECTIVES: setting(z.coerce.number().int().min(0).max(500).default(20), 'most directives a query may use'),
  RATE_LIMIT_PER_MINUTE: setting(
    z.coerce.number().int().min(1).max(1_000_000).default(6_000),
    'requests per minute one caller (client and subject) may make to this replica; 429 with Retry-After beyond it',
  ),
  USAGE_REPORT_CLIENT_ID: setting(
    z.string().min(1).optional(),
    'service-account client (role plein-admin) the gateway reports field usage with; without it, no usage is reported and no breaking change blocks',
  ),
  USAGE_REPORT_CLIENT_SECRET: setting(z.string().min(1).optional(), 'its client secret', true),
  USAGE_REPORT_MS: setting(
    z.coerce.number().int().min(100).max(600_000).default(10_000),
    'how often field usage is reported to the registry',
  ),
  SUPERGRAPH_CACHE_FILE: setting(
    z.string().min(1).optional(),
    'file holding the last good supergraph; with it, a gateway started while the registry is down still serves',
  ),
  SUPERGRAPH_STARTUP_TIMEOUT_MS: setting(
    z.coerce.number().int().min(0).default(60_000),
    'how long start-up waits for a first supergraph (ms)',
  ),
};
