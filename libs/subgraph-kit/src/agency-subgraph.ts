import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { z } from 'zod';
import { AuthModule, authSettings, refuseDevelopmentIssuer, type VerifierSettings } from '@plein/auth';
import { commonSettings, databaseSettings, httpUrl, loadConfig, setting, type ConfigOf } from '@plein/config';
import { ConsentEnforcementModule, consentClientSettings } from '@plein/consent-client';
import { eventSettings, outboxDatabase } from '@plein/events';
import { inTimestampOrder, type AppDatabase } from '@plein/persistence';
import { processingLogDatabase } from '@plein/processing-log';
import { ProcessingLogModule } from './processing/processing-log.module.js';
import { DatabaseModule } from './database.module.js';
import { AgencyEventsModule } from './events/agency-events.js';
import { subgraphGraphQLOptions } from './graphql-options.js';
import { IncomeAwardEntity } from './income/income-award.entity.js';
import { IncomeProviderModule } from './income/income-provider.module.js';
import type { SchemeCatalogue } from './income/income-provider.js';
import { CreateIncomeLedger1763890000000 } from './income/migrations/1763890000000-create-income-ledger.js';
import { runApp } from './run-app.js';
import { toAccountableRecord } from './processing/accountable-record.js';

/** A source of personal data keeps a processing log: its key and checkpoints, outside its database. */
export const logboekSettings = {
  LOGBOEK_KEY: setting(
    z.string().min(32, 'at least 32 characters'),
    "key of the processing log's MACs and checkpoints; kept outside the source's database",
    true,
  ),
  LOGBOEK_CHECKPOINT_DIR: setting(
    z.string().min(1),
    "where the processing log's head is checkpointed, outside the database (a volume its operators cannot rewrite)",
  ),
  LOGBOEK_CHECKPOINT_MS: setting(
    z.coerce.number().int().min(100).max(60_000).default(1_000),
    'how often a changed log head is checkpointed',
  ),
  ACCOUNTABILITY_URL: setting(
    httpUrl().optional(),
    "the plein's accountable record, where the log is handed over as it is written (with the app's service account); without it the log stays at the source only",
  ),
};

export const agencySettings = {
  ...commonSettings,
  ...databaseSettings,
  ...authSettings,
  ...eventSettings,
  ...consentClientSettings,
  PSEUDONYM_KEY: setting(z.string().min(32, 'at least 32 characters'), 'key of resident pseudonyms (events, processing log)', true),
  DB_POOL_SIZE: setting(z.coerce.number().int().min(1).max(100).default(10), 'database connections per process'),
  ...logboekSettings,
  AGENCY_OIN: setting(
    z
      .string()
      .regex(/^\d{20}$/, 'a 20-digit OIN')
      .optional(),
    "the agency's OIN: the source of the events it publishes (with DISPATCHER_URL and EVENT_PUBLISHER_CLIENT_SECRET)",
  ),
  DISPATCHER_URL: setting(httpUrl().optional(), "the plein's event endpoint's base URL; without it the agency publishes no events"),
  EVENT_PUBLISHER_CLIENT_ID: setting(z.string().min(1).optional(), "the agency's publisher account (default <agency>-publisher)"),
  EVENT_PUBLISHER_CLIENT_SECRET: setting(z.string().min(1).optional(), 'its client secret', true),
};

export type AgencyConfig = ConfigOf<typeof agencySettings>;

export interface AgencySubgraph {
  /** Subgraph name on the plein, and the Postgres schema this agency owns. */
  key: string;
  schemes: SchemeCatalogue;
  /** The agency's own modules beside the income contract (the municipality adds persons). */
  imports?: Array<Type | DynamicModule>;
  entities?: AppDatabase['entities'];
  migrations?: AppDatabase['migrations'];
  orphanedTypes?: Function[];
}

/** The income ledger every demo agency keeps; an agency joining for real maps its own data. */
export const incomeLedgerDatabase = {
  entities: [IncomeAwardEntity],
  migrations: [CreateIncomeLedger1763890000000],
} as const;

export function agencyDatabase(agency: AgencySubgraph): AppDatabase {
  return {
    schema: agency.key,
    entities: [...incomeLedgerDatabase.entities, ...processingLogDatabase.entities, ...outboxDatabase.entities, ...(agency.entities ?? [])],
    migrations: inTimestampOrder([
      ...incomeLedgerDatabase.migrations,
      ...(agency.migrations ?? []),
      ...processingLogDatabase.migrations,
      ...outboxDatabase.migrations,
    ]),
  };
}

export function agencyModule(agency: AgencySubgraph, config: AgencyConfig): DynamicModule {
  @Module({})
  class AgencyModule {}
  return {
    module: AgencyModule,
    imports: [
      AuthModule.forRoot(verifierSettings(config, agency.key)),
      DatabaseModule.forApp(agencyDatabase(agency), config.DATABASE_URL, config.DB_POOL_SIZE),
      ConsentEnforcementModule.forApp({
        app: agency.key,
        source: agency.key,
        consentUrl: config.CONSENT_URL,
        ttlMs: config.CONSENT_CACHE_TTL_MS,
        timeoutMs: config.CONSENT_TIMEOUT_MS,
        events: config,
        databaseUrl: config.DATABASE_URL,
      }),
      GraphQLModule.forRoot(subgraphGraphQLOptions(agency.orphanedTypes ? { orphanedTypes: agency.orphanedTypes } : {})),
      ProcessingLogModule.forSource({
        schema: agency.key,
        source: agency.key,
        pseudonymKey: config.PSEUDONYM_KEY,
        logKey: config.LOGBOEK_KEY,
        checkpointDir: config.LOGBOEK_CHECKPOINT_DIR,
        checkpointMs: config.LOGBOEK_CHECKPOINT_MS,
        ...(config.ACCOUNTABILITY_URL && config.EVENT_PUBLISHER_CLIENT_SECRET
          ? {
              ship: toAccountableRecord({
                url: config.ACCOUNTABILITY_URL,
                tokenUrl: tokenUrlOf(config),
                clientId: config.EVENT_PUBLISHER_CLIENT_ID ?? `${agency.key}-publisher`,
                clientSecret: config.EVENT_PUBLISHER_CLIENT_SECRET,
              }),
            }
          : {}),
      }),
      IncomeProviderModule.forSchemes(agency.schemes),
      ...(config.DISPATCHER_URL && config.EVENT_PUBLISHER_CLIENT_SECRET && config.AGENCY_OIN
        ? [
            AgencyEventsModule.forAgency({
              schema: agency.key,
              oin: config.AGENCY_OIN,
              endpoint: new URL('events', config.DISPATCHER_URL.replace(/\/?$/, '/')).toString(),
              tokenUrl: tokenUrlOf(config),
              clientId: config.EVENT_PUBLISHER_CLIENT_ID ?? `${agency.key}-publisher`,
              clientSecret: config.EVENT_PUBLISHER_CLIENT_SECRET,
            }),
          ]
        : []),
      ...(agency.imports ?? []),
    ],
  };
}

/** The realm's token endpoint, for an app's own service account. */
export function tokenUrlOf(config: { KEYCLOAK_URL: string; KEYCLOAK_REALM: string }): string {
  return `${config.KEYCLOAK_URL.replace(/\/$/, '')}/realms/${config.KEYCLOAK_REALM}/protocol/openid-connect/token`;
}

/** Everything an agency's main.ts does: read its configuration and serve its subgraph. */
export async function runAgencySubgraph(agency: AgencySubgraph, env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(agency.key, agencySettings, env);
  await refuseDevelopmentIssuer({ authServerUrl: config.KEYCLOAK_URL, realm: config.KEYCLOAK_REALM }, env);
  return runApp(agencyModule(agency, config), {
    name: agency.key,
    port: config.PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
  });
}

/**
 * The verifier settings from an app's validated configuration. `ownClient` is the app's client
 * id when KEYCLOAK_AUDIENCE does not name it: every app accepts only tokens addressed to itself.
 */
export function verifierSettings(config: ConfigOf<typeof authSettings>, ownClient: string): VerifierSettings {
  return {
    authServerUrl: config.KEYCLOAK_URL,
    realm: config.KEYCLOAK_REALM,
    audience: config.KEYCLOAK_AUDIENCE ?? ownClient,
    jwksRefreshMs: config.JWKS_REFRESH_MS,
    ...(config.PLEIN_CLIENT_SECRET ? { clientSecret: config.PLEIN_CLIENT_SECRET } : {}),
  };
}
