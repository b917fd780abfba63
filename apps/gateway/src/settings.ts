import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, httpUrl, setting } from '@plein/config';
import { eventSettings } from '@plein/events';
import { logboekSettings } from '@plein/subgraph-kit';

export const gatewaySettings = {
  ...commonSettings,
  ...authSettings,
  ...eventSettings,
  REGISTRY_URL: setting(httpUrl(), 'base URL of the registry the supergraph is loaded from'),
  DATABASE_URL: setting(
    z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    "the gateway's log of refused requests (schema gateway; needs LOGBOEK_KEY and LOGBOEK_CHECKPOINT_DIR), and with the event settings where it hears of publications at once; without it refusals are log lines only and the supergraph is polled",
    true,
  ),
  LOGBOEK_KEY: setting(logboekSettings.LOGBOEK_KEY.schema.optional(), logboekSettings.LOGBOEK_KEY.description, true),
  LOGBOEK_CHECKPOINT_DIR: setting(
    logboekSettings.LOGBOEK_CHECKPOINT_DIR.schema.optional(),
    logboekSettings.LOGBOEK_CHECKPOINT_DIR.description,
  ),
  LOGBOEK_CHECKPOINT_MS: logboekSettings.LOGBOEK_CHECKPOINT_MS,
  ACCOUNTABILITY_URL: setting(
    httpUrl().optional(),
    "the plein's accountable record, where the log of refused requests is handed over (with the USAGE_REPORT service account); without it the log stays with the gateway",
  ),
  SUPERGRAPH_POLL_MS: setting(
    z.coerce.number().int().min(100).max(600_000).default(60_000),
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
    "the gateway's service account (role plein-admin): reports field usage to the registry and hands the log of refused requests to the accountable record; without it, no usage is reported, no breaking change blocks and refusals stay in the gateway's log",
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
  SUBGRAPH_TIMEOUT_MS: setting(
    z.coerce.number().int().min(100).max(120_000).default(10_000),
    'how long a subgraph may take to answer its part of a request (ms); beyond it that part is an error and the rest is answered (the household waits 2 s for each source within this)',
  ),
  SUBGRAPH_MAX_ANSWER_BYTES: setting(
    z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .max(256 * 1024 * 1024)
      .default(8 * 1024 * 1024),
    'longest answer read from a subgraph (bytes); a longer one is cut off as it arrives and that part is an error',
  ),
  SUPERGRAPH_STARTUP_TIMEOUT_MS: setting(
    z.coerce.number().int().min(0).default(60_000),
    'how long start-up waits for a first supergraph (ms)',
  ),
};
