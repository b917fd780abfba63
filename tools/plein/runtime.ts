import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_AGENCIES, DEMO_ORGANISATIONS, GEMEENTE, generateHousehold } from '@plein/demo-population';
import { API_AUDIENCE } from '@plein/auth';
import { PLEIN_OIN, appClientSecret } from '../../apps/idp/src/realm.js';
import { deadLetterDatabase, eventLogDatabase } from '@plein/events';
import { applyMigrations, grantAppRole, startEmbeddedPostgres, type RunningPostgres } from '@plein/persistence';
import { TELEMETRY_REGISTER } from '@plein/telemetry';
import { LISTENING_MESSAGE } from '@plein/config';
import {
  ACCOUNTABILITY,
  CATALOGUE,
  CONSENT,
  DISPATCHER,
  GATEWAY,
  HOUSEHOLD,
  IDP,
  PLEIN_APPS,
  REGISTRY,
  WEB,
  pleinApp,
  type PleinApp,
  APP_NODE_FLAGS,
} from './apps.js';
import { seedDemoServices } from './demo-services.js';
import type { RuntimeConfig } from './config.js';
import { householdCount, seedDemoConsents, seedDemoStatutoryBases, seedPopulation } from './seeding.js';
import { serviceToken } from './tokens.js';

/** The plein's own organisation, owner of its registry and household subgraphs. */
export const PLEIN_ORGANISATION = { key: 'plein', name: 'Ontmoetingsplein', oin: PLEIN_OIN };

/** The build output's root: this code runs from dist/tools/plein/, or from dist/chunks/ where the build puts code entry points share. */
const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = basename(HERE) === 'chunks' ? dirname(HERE) : resolve(HERE, '..', '..');

export interface RunningApp {
  name: string;
  url: string;
  pid: number;
}

export interface Manifest {
  gatewayUrl: string;
  /** The web pages. */
  webUrl: string;
  /** Keycloak-compatible base URL of the dev identity provider. */
  keycloakUrl: string;
  registryUrl: string;
  /** Where events go: the embedded log, or the Kafka brokers. */
  events: string;
  apps: RunningApp[];
  population: { seed: string; households: number; demoHouseholdId: string; demoBsn: string };
}

/**
 * The embedded runtime: one Postgres (embedded unless DATABASE_URL is given), every app as its
 * own process on loopback, the demo population seeded once, every subgraph published to the
 * registry, then the gateway. Stopping ends the processes in reverse order, then Postgres.
 */
export class PleinRuntime {
  private postgres: RunningPostgres | undefined;
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;
  /** The key the apps' development client secrets derive from (the dev IdP derives the same). */
  private clientKey = '';
  /** The key each source's processing-log key derives from (npm run logboek:verify derives the same). */
  private logboekKey = '';
  /** Only a start that got past its checks may remove the manifest: another plein's stays. */
  private ownsManifest = false;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly log: (app: string, line: string) => void,
  ) {}

  url(app: PleinApp): string {
    return `http://127.0.0.1:${this.config.PLEIN_PORT + app.portOffset}`;
  }

  async start(): Promise<Manifest> {
    const clock = new PhaseClock();
    const home = resolve(this.config.PLEIN_HOME);
    // Before anything is touched: a plein already running here, or a port another program holds,
    // is named, and what runs is left alone (its manifest included).
    await this.refuseWhenTaken(home);
    this.ownsManifest = true;
    // The manifest says "running": it exists only between a finished start and a stop.
    await rm(join(home, 'plein.json'), { force: true });
    const databaseUrl = await this.prepareDatabase();
    clock.lap('database');
    const population = await this.ensurePopulation(databaseUrl, home);
    clock.lap('population');

    const keycloakUrl = this.url(IDP);
    this.clientKey = await homeSecret(home, 'client.key');
    this.logboekKey = await homeSecret(home, 'logboek.key');
    const env = {
      DATABASE_URL: await this.appDatabaseUrl(databaseUrl, home),
      REGISTRY_URL: this.url(REGISTRY),
      SOURCE_TIMEOUT_MS: String(this.config.SOURCE_TIMEOUT_MS),
      KEYCLOAK_URL: keycloakUrl,
      PLEIN_OIN,
      JWKS_REFRESH_MS: String(this.config.JWKS_REFRESH_MS),
      // The embedded runtime is for development: integrators may point webhooks at their own machine.
      WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
      PSEUDONYM_KEY: await homeSecret(home, 'pseudonym.key'),
      CONSENT_URL: `${this.url(CONSENT)}/graphql`,
    };
    const subgraphs = PLEIN_APPS.filter((a) => a.subgraph && a !== REGISTRY);
    // All at once: an app needs the identity provider only for its first token or key set (its
    // readiness waits for that), and the registry only for publications, which come after.
    await Promise.all([
      this.startApps([IDP], {
        IDP_DEVELOPMENT_MODE: 'true',
        IDP_CLIENT_KEY: this.clientKey,
        IDP_PUBLIC_URL: keycloakUrl,
        IDP_KEYS_FILE: join(home, 'idp-keys.json'),
        IDP_KEY_GRACE_MS: String(this.config.IDP_KEY_GRACE_MS),
        IDP_ALLOW_KEY_ROTATION: 'true',
        IDP_WEB_URLS: this.url(WEB),
        PLEIN_SEED: population.seed,
      }),
      this.startApps([REGISTRY, ...subgraphs], env),
    ]);
    clock.lap('apps');
    await registerAgencies(this.url(REGISTRY), await serviceToken(keycloakUrl, 'plein-operator', 'registry'));
    // What each agency's deployment does: read its own subgraph's SDL (all at once here) …
    const publications = await Promise.all(
      [REGISTRY, ...subgraphs].map(async (app) => {
        const agency = agencyOf(app);
        const publisher = `${agency}-publisher`;
        const [own, registry] = await Promise.all([
          serviceToken(keycloakUrl, publisher, audienceOf(app)),
          serviceToken(keycloakUrl, publisher, 'registry'),
        ]);
        const sdl = await subgraphSdl(this.url(app), own);
        return { app, agency, sdl, token: registry };
      }),
    );
    // … and publish it, all at once: the registry composes publications that arrive together in
    // one go. The household and dispatcher subgraphs extend the municipality's Household, so they
    // come after it.
    const publish = (p: (typeof publications)[number]) =>
      publishSubgraph(this.url(REGISTRY), p.app.name, this.url(p.app), p.agency, p.sdl, p.token);
    await Promise.all(publications.filter((p) => !EXTENDS_HOUSEHOLD.includes(p.app)).map(publish));
    await Promise.all(publications.filter((p) => EXTENDS_HOUSEHOLD.includes(p.app)).map(publish));
    const services = await seedDemoServices(this.url(CATALOGUE), keycloakUrl);
    if (services > 0) this.log('seed', `${services} demo services published in the catalogue`);
    clock.lap('publications');
    // The web pages need the gateway only when someone opens them: both start together.
    const webSessionKey = await homeSecret(home, 'web-session.key');
    await Promise.all([
      this.startApps([GATEWAY], {
        ...env,
        SUPERGRAPH_CACHE_FILE: join(home, 'gateway', 'supergraph.json'),
        // The dev realm's operator account: the gateway reports field usage to the registry with it.
        USAGE_REPORT_CLIENT_ID: 'plein-operator',
        USAGE_REPORT_CLIENT_SECRET: 'plein-operator-secret',
      }),
      this.startApps([WEB], {
        ...env,
        WEB_PUBLIC_URL: this.url(WEB),
        GATEWAY_URL: `${this.url(GATEWAY)}/graphql`,
        SESSION_KEY: webSessionKey,
      }),
    ]);

    clock.lap('gateway and web');
    this.log('plein', `started in ${clock.summary()}`);

    const manifest: Manifest = {
      gatewayUrl: `${this.url(GATEWAY)}/graphql`,
      webUrl: this.url(WEB),
      keycloakUrl,
      registryUrl: this.url(REGISTRY),
      events:
        this.config.PLEIN_EVENTS === 'kafka'
          ? `Kafka at ${this.config.KAFKA_BROKERS!.join(',')}`
          : 'embedded log (Postgres schema eventlog)',
      apps: [...this.children].map(([name, child]) => ({ name, url: this.url(PLEIN_APPS.find((a) => a.name === name)!), pid: child.pid! })),
      population,
    };
    // Written aside and renamed: whoever waits for the manifest (a test, npm run token) reads it
    // whole or not at all — a reader once found it created but still empty.
    await writeFile(join(home, 'plein.json.partial'), JSON.stringify(manifest, null, 2));
    await rename(join(home, 'plein.json.partial'), join(home, 'plein.json'));
    return manifest;
  }

  private async refuseWhenTaken(home: string): Promise<void> {
    const running = await readFile(join(home, 'plein.json'), 'utf8')
      .then((s) => JSON.parse(s) as Manifest)
      .catch(() => undefined);
    if (running && (await answers(running.gatewayUrl.replace(/\/graphql$/, '/health/live'))))
      throw new StartRefused(
        `a plein is already running from ${home} (gateway ${running.gatewayUrl}). Use that one, stop it with Ctrl-C in its terminal, ` +
          `or start a second one beside it with its own PLEIN_HOME, PLEIN_PORT and PLEIN_PG_PORT.`,
      );
    const ports = [
      ...PLEIN_APPS.map((app) => ({ port: this.config.PLEIN_PORT + app.portOffset, what: `${app.name}, PLEIN_PORT + ${app.portOffset}` })),
      ...(this.config.DATABASE_URL ? [] : [{ port: this.config.PLEIN_PG_PORT, what: 'the embedded PostgreSQL (PLEIN_PG_PORT)' }]),
    ];
    const taken = (await Promise.all(ports.map(async (p) => ((await portFree(p.port)) ? undefined : p)))).filter((p) => p !== undefined);
    if (taken.length > 0) {
      const last = this.config.PLEIN_PORT + Math.max(...PLEIN_APPS.map((a) => a.portOffset));
      throw new StartRefused(
        `${taken.map((p) => `port ${p.port} (${p.what})`).join(', ')} ${taken.length > 1 ? 'are' : 'is'} in use by another program. ` +
          `Stop that program, or choose free ports: the plein's apps use PLEIN_PORT to PLEIN_PORT + ${last - this.config.PLEIN_PORT} ` +
          `(now ${this.config.PLEIN_PORT}–${last}), the embedded database PLEIN_PG_PORT (now ${this.config.PLEIN_PG_PORT}).`,
      );
    }
  }

  /** The database up and every app's migrations applied. */
  async prepareDatabase(): Promise<string> {
    const home = resolve(this.config.PLEIN_HOME);
    await mkdir(home, { recursive: true });
    const databaseUrl = await this.startDatabase(home);
    await migrateAll(databaseUrl, (name, line) => this.log(name, line));
    return databaseUrl;
  }

  /**
   * The URL the apps connect with: in the embedded runtime a role that owns nothing (it cannot
   * change a processing log); with an external DATABASE_URL, that URL (deploy/README.md).
   */
  private async appDatabaseUrl(ownerUrl: string, home: string): Promise<string> {
    if (this.config.DATABASE_URL) return ownerUrl;
    return grantAppRole(ownerUrl, await homeSecret(home, 'database-app-role.key'));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.ownsManifest) await rm(join(resolve(this.config.PLEIN_HOME), 'plein.json'), { force: true });
    // The gateway first, so no new requests arrive; then the rest together.
    const gateway = this.children.get(GATEWAY.name);
    if (gateway) await stopChild(gateway);
    await Promise.all([...this.children.values()].filter((c) => c !== gateway).map(stopChild));
    this.children.clear();
    await this.postgres?.stop();
    this.postgres = undefined;
  }

  private async startDatabase(home: string): Promise<string> {
    if (this.config.DATABASE_URL) return this.config.DATABASE_URL;
    this.log('postgres', `starting embedded PostgreSQL (data in ${join(home, 'pg')})`);
    this.postgres = await startEmbeddedPostgres({
      dataDir: join(home, 'pg'),
      port: this.config.PLEIN_PG_PORT,
      onLog: (line) => this.config.LOG_LEVEL === 'debug' && this.log('postgres', line),
    });
    return this.postgres.url;
  }

  private async ensurePopulation(databaseUrl: string, home: string): Promise<Manifest['population']> {
    const file = join(home, 'population.json');
    if ((await householdCount(databaseUrl)) > 0) {
      const saved = await readFile(file, 'utf8')
        .then((s) => JSON.parse(s) as Manifest['population'])
        .catch(() => undefined);
      if (saved) return this.withDemoConsents(databaseUrl, saved);
    }
    const spec = { households: this.config.PLEIN_HOUSEHOLDS, seed: this.config.PLEIN_SEED };
    this.log('seed', `generating ${spec.households} households (seed "${spec.seed}")`);
    const report = await seedPopulation(databaseUrl, spec, (line) => this.log('seed', line));
    this.log(
      'seed',
      `${report.households} households, ${report.persons} persons, ${report.awards} income awards in ${report.seconds.toFixed(1)} s`,
    );
    return this.withDemoConsents(databaseUrl, await savePopulation(home, spec));
  }

  /** Once per plein home: a demo consent revoked or expired later stays so. */
  private async withDemoConsents<P extends { seed: string }>(databaseUrl: string, population: P): Promise<P> {
    const added = await seedDemoConsents(databaseUrl, population.seed);
    if (added > 0)
      this.log('seed', `${added} demo consents: the El Amrani household lets Gemeente Utrecht see its income for schuldhulpverlening`);
    if ((await seedDemoStatutoryBases(databaseUrl)) > 0)
      this.log('seed', 'statutory bases: Utrecht and Zeist receive early-warning signals of their own residents (vroegsignalering)');
    return population;
  }

  /**
   * Each app is its own client: the audience of the tokens it accepts, with its secret to exchange
   * them. A source also gets its processing log's key and the checkpoint folder, both outside the database.
   */
  private clientSettings(app: PleinApp): Record<string, string> {
    // The web pages exchange nothing: they check the login token as the API's, and hold no app secret.
    if (app === WEB) return { KEYCLOAK_AUDIENCE: API_AUDIENCE };
    const clientId = audienceOf(app);
    const home = resolve(this.config.PLEIN_HOME);
    return {
      KEYCLOAK_AUDIENCE: clientId,
      PLEIN_CLIENT_SECRET: appClientSecret(this.clientKey, clientId),
      ...(DEMO_AGENCIES.some((a) => a.key === app.name) || app === DISPATCHER || app === ACCOUNTABILITY || app === GATEWAY
        ? { LOGBOEK_KEY: logboekKey(this.logboekKey, app.name), LOGBOEK_CHECKPOINT_DIR: logboekCheckpointDir(home) }
        : {}),
      // Every source hands its processing log to the accountable record as it writes it; the gateway the requests it refused.
      ...(DEMO_AGENCIES.some((a) => a.key === app.name) || app === DISPATCHER || app === GATEWAY
        ? { ACCOUNTABILITY_URL: this.url(ACCOUNTABILITY) }
        : {}),
      // A demo agency publishes its own events through its outbox, as its dev-realm publisher account.
      ...(DEMO_AGENCIES.some((a) => a.key === app.name)
        ? {
            AGENCY_OIN: DEMO_AGENCIES.find((a) => a.key === app.name)!.oin,
            DISPATCHER_URL: this.url(DISPATCHER),
            EVENT_PUBLISHER_CLIENT_SECRET: `${app.name}-publisher-secret`,
          }
        : {}),
      // The dispatcher's own service account (the dev realm's), and where publishers and readers reach it.
      ...(app === DISPATCHER
        ? {
            EVENT_ROUTER_CLIENT_SECRET: 'plein-dispatcher-secret',
            DISPATCHER_PUBLIC_URL: this.url(DISPATCHER),
            // The demo's population register: Gemeente Utrecht's, for its residents.
            RESIDENCE_URL: `${this.url(pleinApp(GEMEENTE.key))}/graphql`,
          }
        : {}),
    };
  }

  private async startApps(apps: readonly PleinApp[], env: Record<string, string>): Promise<void> {
    await Promise.all(apps.map((app) => this.startApp(app, env)));
  }

  private async startApp(app: PleinApp, env: Record<string, string>): Promise<void> {
    const profile = this.config.PLEIN_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${resolve(this.config.PLEIN_PROFILE_DIR)}`, `--cpu-prof-name=${app.name}.cpuprofile`]
      : [];
    // No --enable-source-maps, as in the image: it read and indexed each bundle's map at every
    // start (~0.35 CPU-s a process) and parsed it at the first stack formatted (ADR 0018).
    // NODE_OPTIONS=--enable-source-maps npm start maps stacks to the TypeScript when debugging.
    const args = [...APP_NODE_FLAGS, ...profile, '--import', join(DIST, TELEMETRY_REGISTER), join(DIST, app.main)];
    const child = spawn(process.execPath, args, {
      env: {
        ...process.env,
        ...env,
        ...(app === IDP ? {} : this.clientSettings(app)),
        PORT: String(this.config.PLEIN_PORT + app.portOffset),
        HOST: '127.0.0.1',
        LOG_LEVEL: this.config.LOG_LEVEL,
        APOLLO_TELEMETRY_DISABLED: 'true',
        // Traces are exported only when OTEL_EXPORTER_OTLP_ENDPOINT is set (libs/telemetry).
        OTEL_SERVICE_NAME: `plein-${app.name}`,
        NO_COLOR: process.stdout.isTTY ? (process.env['NO_COLOR'] ?? '') : '1',
      },
      // The IPC channel carries one message, the app's "listening"; its closing tells the app its supervisor is gone.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.children.set(app.name, child);
    const lines = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((l) => this.log(app.name, l));
    child.stdout!.on('data', lines);
    child.stderr!.on('data', lines);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) => {
        if (!this.stopping) this.log(app.name, `exited (${signal ?? `code ${code}`})`);
        reject(new Error(`${app.name} exited during start-up (${signal ?? `code ${code}`})`));
      }),
    );
    exited.catch(() => undefined);
    const listening = new Promise<void>((r) => child.on('message', (m) => m === LISTENING_MESSAGE && r()));
    const deadline = Date.now() + 90_000;
    const ready = withDeadline(listening, deadline, `${app.name} did not listen`).then(() =>
      waitForHealth(`${this.url(app)}/health/ready`, deadline - Date.now()),
    );
    await Promise.race([ready, exited]);
    this.log(app.name, `ready on ${this.url(app)}`);
  }
}

/**
 * Every schema migrated as its owner, the event log's and dead letters' included: before any app
 * starts in the embedded runtime, and as the release's migration job in production.
 */
export async function migrateAll(databaseUrl: string, log: (schema: string, line: string) => void): Promise<void> {
  const databases = [
    ...PLEIN_APPS.filter((a) => a.database).map((a) => ({ name: a.name, database: a.database! })),
    { name: 'eventlog', database: eventLogDatabase },
    { name: 'deadletter', database: deadLetterDatabase },
  ];
  // Four schemas at a time: each is its own, under its own lock, and a migration's time is mostly
  // its commits' flushes to disk, which overlap (the seventeen in a row took 1.2 s of every start).
  const queue = [...databases];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const applied = await applyMigrations(next.database, databaseUrl);
      if (applied.length > 0) log(next.name, `applied migrations: ${applied.join(', ')}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** The release's migration job: every schema migrated as its owner, then the apps' role given what it may do. */
export async function releaseMigrations(
  ownerUrl: string,
  appRolePassword: string,
  log: (schema: string, line: string) => void,
): Promise<string> {
  await migrateAll(ownerUrl, log);
  return grantAppRole(ownerUrl, appRolePassword);
}

export async function savePopulation(home: string, spec: { households: number; seed: string }): Promise<Manifest['population']> {
  const demo = generateHousehold(spec.seed, 0, new Date().toISOString().slice(0, 10));
  const population = { ...spec, demoHouseholdId: demo.id, demoBsn: demo.members[0]!.bsn };
  await mkdir(home, { recursive: true });
  await writeFile(join(home, 'population.json'), JSON.stringify(population, null, 2));
  return population;
}

/** A source's processing-log key in the embedded runtime; production gives each source its own secret. */
export function logboekKey(homeKey: string, source: string): string {
  return createHmac('sha256', homeKey).update(`logboek:${source}`).digest('base64url');
}

/** Where the embedded runtime checkpoints the processing logs: the plein home, outside Postgres's data. */
export function logboekCheckpointDir(home: string): string {
  return join(home, 'logboek-checkpoints');
}

/** The client id, and so the token audience, of an app: the gateway is the public API. */
export function audienceOf(app: PleinApp): string {
  return app === GATEWAY ? API_AUDIENCE : app.name;
}

/**
 * A key made once per plein home and kept there (resident pseudonyms, development client
 * secrets), so what derives from it stays stable across starts.
 */
export async function homeSecret(home: string, name: string): Promise<string> {
  const file = join(home, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(32).toString('base64url');
    await writeFile(file, key + '\n', { mode: 0o600 });
    return key;
  }
}

function agencyOf(app: PleinApp): string {
  return DEMO_AGENCIES.some((a) => a.key === app.name) ? app.name : PLEIN_ORGANISATION.key;
}

async function registerAgencies(registryUrl: string, token: string): Promise<void> {
  await Promise.all(
    [PLEIN_ORGANISATION, ...DEMO_AGENCIES, ...DEMO_ORGANISATIONS].map((agency) =>
      graphql(
        registryUrl,
        'mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { key } }',
        { i: { key: agency.key, name: agency.name, oin: agency.oin } },
        token,
      ),
    ),
  );
}

async function subgraphSdl(url: string, token: string): Promise<string> {
  return (await graphql<{ _service: { sdl: string } }>(url, '{ _service { sdl } }', {}, token))._service.sdl;
}

/** The plein's subgraphs that add fields to the municipality's Household: published after it. */
const EXTENDS_HOUSEHOLD: readonly PleinApp[] = [HOUSEHOLD, DISPATCHER];

async function publishSubgraph(
  registryUrl: string,
  name: string,
  url: string,
  agencyKey: string,
  sdl: string,
  token: string,
): Promise<void> {
  await graphql(
    registryUrl,
    'mutation($i: RegisterSubgraphInput!) { registerSubgraph(input: $i) { changed } }',
    { i: { agencyKey, name, routingUrl: `${url}/graphql`, sdl } },
    token,
  );
}

export async function graphql<T = unknown>(baseUrl: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const endpoint = baseUrl.endsWith('/graphql') ? baseUrl : `${baseUrl}/graphql`;
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as {
    data?: T;
    errors?: Array<{ message: string; extensions?: { compositionErrors?: Array<{ message: string }> } }>;
  };
  // A refused composition says why in its details: an operator needs them, not only the count.
  const why = (e: NonNullable<typeof body.errors>[number]) =>
    [e.message, ...(e.extensions?.compositionErrors ?? []).map((c) => c.message)].join(' — ');
  if (body.errors?.length || !body.data) throw new Error(`${endpoint}: ${body.errors?.map(why).join('; ') ?? `HTTP ${res.status}`}`);
  return body.data;
}

/** A start refused before anything was changed: the message says why and what to do. */
export class StartRefused extends Error {
  override readonly name = 'StartRefused';
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

function withDeadline(promise: Promise<void>, deadline: number, what: string): Promise<void> {
  const ms = deadline - Date.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    // A stopped (SIGSTOP) process must be continued to handle SIGTERM.
    child.kill('SIGCONT');
    child.kill('SIGTERM');
  });
}

/** How long each step of a start took, for the line that ends it. */
class PhaseClock {
  private readonly begun = performance.now();
  private last = this.begun;
  private readonly laps: string[] = [];

  lap(step: string): void {
    const now = performance.now();
    this.laps.push(`${step} ${seconds(now - this.last)}`);
    this.last = now;
  }

  summary(): string {
    return `${seconds(performance.now() - this.begun)} (${this.laps.join(', ')})`;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
