import { DEMO_AGENCIES } from '@plein/demo-population';
import type { AppDatabase } from '@plein/persistence';
import { agencyDatabase } from '@plein/subgraph-kit';
import { gemeenteSubgraph } from '../../apps/agencies/gemeente/src/gemeente.subgraph.js';
import { accountabilityDatabase } from '../../apps/accountability/src/accountability.database.js';
import { catalogueDatabase } from '../../apps/catalogue/src/services/catalogue.entities.js';
import { consentDatabase } from '../../apps/consent/src/consents/consent.entities.js';
import { dispatcherDatabase } from '../../apps/dispatcher/src/dispatcher.database.js';
import { gatewayDatabase } from '../../apps/gateway/src/gateway.database.js';
import { registryDatabase } from '../../apps/registry/src/registry.database.js';
import { webDatabase } from '../../apps/web/src/session/session.entity.js';

/** How the embedded runtime starts one deployable of the plein. */
export interface PleinApp {
  name: string;
  /** Entry point, relative to the build output folder: the app bundled into one file (tools/build/bundle.ts). */
  main: string;
  /** Port relative to the plein's base port. */
  portOffset: number;
  database?: AppDatabase;
  /** Folder of its checked-in migrations, for the migration generator. */
  migrationsDir?: string;
  /** A subgraph the embedded runtime publishes to the registry once it runs. */
  subgraph: boolean;
}

const agencyApps: PleinApp[] = DEMO_AGENCIES.map((agency, i) => ({
  name: agency.key,
  main: `apps/agencies/${agency.key}/src/main.bundle.js`,
  portOffset: 10 + i,
  database:
    agency.key === gemeenteSubgraph.key ? agencyDatabase(gemeenteSubgraph) : agencyDatabase({ key: agency.key, schemes: agency.schemes }),
  migrationsDir: agency.key === gemeenteSubgraph.key ? 'apps/agencies/gemeente/src/migrations' : 'libs/subgraph-kit/src/income/migrations',
  subgraph: true,
}));

export const REGISTRY: PleinApp = {
  name: 'registry',
  main: 'apps/registry/src/main.bundle.js',
  portOffset: 1,
  database: registryDatabase,
  migrationsDir: 'apps/registry/src/migrations',
  subgraph: true,
};

export const HOUSEHOLD: PleinApp = { name: 'household', main: 'apps/household/src/main.bundle.js', portOffset: 2, subgraph: true };

export const IDP: PleinApp = { name: 'idp', main: 'apps/idp/src/main.bundle.js', portOffset: 3, subgraph: false };

export const DISPATCHER: PleinApp = {
  name: 'dispatcher',
  main: 'apps/dispatcher/src/main.bundle.js',
  portOffset: 4,
  database: dispatcherDatabase,
  migrationsDir: 'apps/dispatcher/src/migrations',
  subgraph: true,
};

export const CONSENT: PleinApp = {
  name: 'consent',
  main: 'apps/consent/src/main.bundle.js',
  portOffset: 5,
  database: consentDatabase,
  migrationsDir: 'apps/consent/src/migrations',
  subgraph: true,
};

export const CATALOGUE: PleinApp = {
  name: 'catalogue',
  main: 'apps/catalogue/src/main.bundle.js',
  portOffset: 6,
  database: catalogueDatabase,
  migrationsDir: 'apps/catalogue/src/migrations',
  subgraph: true,
};

/** The one GraphQL endpoint; its database holds the log of the requests it refused. */
export const GATEWAY: PleinApp = {
  name: 'gateway',
  main: 'apps/gateway/src/main.bundle.js',
  portOffset: 0,
  database: gatewayDatabase,
  subgraph: false,
};

/** The accountable record: every source's processing log, misuse signals, the security officers' work. */
export const ACCOUNTABILITY: PleinApp = {
  name: 'accountability',
  main: 'apps/accountability/src/main.bundle.js',
  portOffset: 8,
  database: accountabilityDatabase,
  migrationsDir: 'apps/accountability/src/migrations',
  subgraph: true,
};

/** The web pages: a backend-for-frontend in front of the gateway. */
export const WEB: PleinApp = {
  name: 'web',
  main: 'apps/web/src/main.bundle.js',
  portOffset: 7,
  database: webDatabase,
  migrationsDir: 'apps/web/src/migrations',
  subgraph: false,
};

/** The release's migration job (tools/plein/migrate.ts), bundled like the apps. */
/**
 * Node's flags for every app, here and in the container image (deploy/image/Dockerfile). After a
 * burst of views V8's memory reducer ran up to three full collections per process to give memory
 * back, in waves across all sixteen processes for minutes: 2–3 % of a core at rest. One of them
 * gives nearly all the memory back (ADR 0018).
 */
export const APP_NODE_FLAGS: readonly string[] = ['--memory-reducer-single-gc'];

export const MIGRATION_JOB_MAIN = 'tools/plein/migrate.bundle.js';

export const PLEIN_APPS: readonly PleinApp[] = [
  IDP,
  REGISTRY,
  HOUSEHOLD,
  DISPATCHER,
  CONSENT,
  CATALOGUE,
  ACCOUNTABILITY,
  ...agencyApps,
  GATEWAY,
  WEB,
];

export function pleinApp(name: string): PleinApp {
  const app = PLEIN_APPS.find((a) => a.name === name);
  if (!app) throw new Error(`No app "${name}"; apps: ${PLEIN_APPS.map((a) => a.name).join(', ')}`);
  return app;
}
