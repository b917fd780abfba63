import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Manifest } from '../../tools/plein/runtime.js';
import { PURPOSE_HEADER } from '@plein/consent-client';
import { postgresUrl } from '@plein/persistence';
import { API_AUDIENCE, TokenExchanger } from '@plein/auth';
import { appClientSecret } from '../../apps/idp/src/realm.js';
import { tokenFor } from '../../tools/plein/tokens.js';
import { freePort, freePortRange } from './ports.js';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface PleinUnderTest {
  manifest: Manifest;
  /** The runtime's folder (database, identity provider keys). */
  home: string;
  /** The embedded database, for tests that read the event log directly. */
  databaseUrl: string;
  /**
   * A GraphQL request to the gateway as `who` (a demo user or service-account client). For a
   * caseworker, like their application, it states a purpose (x-plein-purpose: schuldhulpverlening)
   * unless `headers` says otherwise; a header set to null is left out.
   */
  gql<T = Record<string, unknown>>(
    who: string,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string | null>,
  ): Promise<GraphQLResponse<T>>;
  /** A real access token from the plein's identity provider, cached per caller. */
  token(who: string): Promise<string>;
  /**
   * What the gateway would send a subgraph on `who`'s behalf: their token exchanged for one
   * addressed to `audience` alone (with the purpose bound), so a test can call that app directly.
   */
  exchange(who: string, audience: string, purpose?: string): Promise<string>;
  /** The development secret of an app's client in this plein home, to start another instance of that app. */
  clientSecret(clientId: string): string;
  pid(app: string): number;
  /** The runtime process (npm start) of this plein. */
  ownerPid: number;
  stop(): Promise<void>;
}

const START = resolve('dist/tools/plein/start.bundle.js');

/**
 * Starts the whole plein exactly as `npm start` does, from the build output, in a scratch
 * folder on free ports: its own embedded Postgres, every app as its own process.
 */
export interface StartOptions {
  households?: number;
  sourceTimeoutMs?: number;
  /** Extra settings for the runtime, e.g. shorter key grace periods. */
  env?: Record<string, string>;
  /** A folder to keep (database included) across starts; a scratch folder otherwise. */
  home?: string;
  pgPort?: number;
}

export async function startPlein(options: StartOptions = {}): Promise<PleinUnderTest> {
  if (!existsSync(START)) throw new Error(`${START} is missing: the end-to-end tests run the built plein (npm test builds it first).`);
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'plein-e2e-')));
  const pgPort = options.pgPort ?? (await freePort());
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [START], {
    env: {
      ...process.env,
      PLEIN_HOME: home,
      PLEIN_PORT: String(await freePortRange(20)),
      PLEIN_PG_PORT: String(pgPort),
      PLEIN_HOUSEHOLDS: String(options.households ?? 200),
      // Generous: a test's machine may be busy, and a source reported TIMEOUT fails the views tests
      // compare; the budget itself is tested where it is set (household-income).
      SOURCE_TIMEOUT_MS: String(options.sourceTimeoutMs ?? 5_000),
      // Likewise for the consent service: a decision not made in time is BASIS_UNKNOWN, tested where it is the subject.
      CONSENT_TIMEOUT_MS: '3000',
      // Webhook retries in seconds, not a day: eight attempts, then a dead letter (the schedule itself is tested in the dispatcher's tests).
      DELIVERY_RETRY_SCHEDULE: '100ms,100ms,200ms,200ms,400ms,400ms,800ms',
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean).slice(-200));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  const manifestFile = join(home, 'plein.json');
  const deadline = Date.now() + 150_000;
  while (!existsSync(manifestFile)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the plein did not start:\n${output.slice(-40).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;

  return attach(manifest, home, pgPort, {
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      if (!options.home) await rm(home, { recursive: true, force: true }).catch(() => undefined);
    },
  });
}

/**
 * The helpers over a running plein. `owner` stops it; a plein shared between test files
 * (sharedPlein) has none, and the run's global teardown stops it.
 */
async function attach(
  manifest: Manifest,
  home: string,
  pgPort: number,
  owner: { pid: number; stop(): Promise<void> },
): Promise<PleinUnderTest> {
  const tokens = new Map<string, Promise<string>>();
  const token = (who: string) => {
    if (!tokens.has(who)) tokens.set(who, tokenFor(manifest.keycloakUrl, who));
    return tokens.get(who)!;
  };
  const clientKey = (await readFile(join(home, 'client.key'), 'utf8')).trim();
  // The test stands in for the gateway: its client, with the secret this plein home derived.
  const gatewayClient = new TokenExchanger({
    tokenUrl: `${manifest.keycloakUrl}/realms/plein/protocol/openid-connect/token`,
    clientId: API_AUDIENCE,
    clientSecret: appClientSecret(clientKey, API_AUDIENCE),
  });
  const roles = (jwt: string): string[] =>
    (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { realm_access?: { roles?: string[] } }).realm_access?.roles ??
    [];
  return {
    ownerPid: owner.pid,
    stop: () => owner.stop(),
    manifest,
    home,
    databaseUrl: postgresUrl(pgPort, 'plein'),
    token,
    clientSecret: (clientId: string) => appClientSecret(clientKey, clientId),
    async exchange(who: string, audience: string, purpose?: string) {
      return gatewayClient.exchange(await token(who), audience, purpose ?? null);
    },
    async gql<T>(who: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string | null> = {}) {
      const jwt = await token(who);
      const all: Record<string, string | null> = {
        'content-type': 'application/json',
        authorization: `Bearer ${jwt}`,
        // Only caseworkers state a purpose: other roles have none to state.
        ...(roles(jwt).includes('caseworker') ? { [PURPOSE_HEADER]: 'schuldhulpverlening' } : {}),
        ...headers,
      };
      const res = await fetch(manifest.gatewayUrl, {
        method: 'POST',
        headers: Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null)),
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
      return (await res.json()) as GraphQLResponse<T>;
    },
    pid(app: string) {
      const found = manifest.apps.find((a) => a.name === app);
      if (!found) throw new Error(`no app ${app}`);
      return found.pid;
    },
  };
}

/** How long the shared plein's identity provider keeps publishing a retired key (key rotation's test waits it out). */
export const E2E_KEY_GRACE_MS = 4_000;

/**
 * The pleins an e2e run shares between files. `main`: for the files that leave it as found, and
 * last, in the sequencer's order, those that change it for good. `defaults`: npm start's settings,
 * for files that assert on what happened on the plein since it started, one after another in the
 * order tests/support/e2e-sequencer.js gives — the first of them sees it fresh.
 */
export type SharedPleinName = 'main' | 'defaults';

const SHARED_SETTINGS: Record<SharedPleinName, Record<string, string>> = {
  main: {
    // Field usage reported often, so a field queried in one test counts in the next (registry
    // publication); gateways and the household app poll the registry rarely, so a test sees a
    // publication or a removal reach them through the registry's announcement, not a poll.
    USAGE_REPORT_MS: '300',
    SUPERGRAPH_POLL_MS: '30000',
    PROVIDER_REFRESH_MS: '600000',
    IDP_KEY_GRACE_MS: String(E2E_KEY_GRACE_MS),
  },
  defaults: {},
};

/** Where the e2e run keeps its shared pleins and the spans the main one sent (tests/support/e2e-setup.js). */
const SHARED = process.env['PLEIN_E2E_SHARED'];

/** The folder of a shared plein: its home, and the files that say it is starting, ready or failed. */
function sharedPleinFolder(root: string, name: SharedPleinName): string {
  return name === 'main' ? root : join(root, name);
}

/**
 * A plein shared by the test files that neither change what the others assert on nor depend on what
 * they change (no settings of their own, no agency stopped, no demo consent revoked, no log tampered
 * with; counts taken as differences, data of their own; what a file adds — a subscription, a
 * consent, a published subgraph — ended, revoked or rolled back when it is done): the first of
 * them starts it, the others attach, the run's teardown stops it. A file that changes shared state
 * for good (tampers with a log, rotates a key) shares `main` only as one of the files that run last,
 * in the order tests/support/e2e-sequencer.js gives; files that need a plein nothing else touched
 * share `defaults` in that order; any other that changes shared state starts its own with startPlein.
 * Outside an e2e run (one file run by hand) each file starts a plein of its own with the same settings.
 *
 * If two test files ever ask at once (parallel workers), the one that creates the `starting`
 * folder (an atomic step) starts the plein; the others wait for its `ready` file, or its `failed`
 * file, whose message they fail with rather than waiting out their own time.
 */
export async function sharedPlein(name: SharedPleinName = 'main'): Promise<PleinUnderTest> {
  if (!SHARED) return startPlein({ env: SHARED_SETTINGS[name] });
  const folder = sharedPleinFolder(SHARED, name);
  await mkdir(folder, { recursive: true });
  const home = join(folder, 'home');
  const ready = join(folder, 'ready');
  const failed = join(folder, 'failed');
  if (await claim(join(folder, 'starting'))) {
    const pgPort = await freePort();
    // The main one traced, to the run's OTLP receiver: also shows the instrumented apps behave as the plain ones.
    const otlp = name === 'main' ? process.env['PLEIN_E2E_OTLP'] : undefined;
    try {
      const plein = await startPlein({
        home,
        pgPort,
        env: {
          ...SHARED_SETTINGS[name],
          ...(otlp ? { OTEL_EXPORTER_OTLP_ENDPOINT: otlp, OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_METRIC_EXPORT_INTERVAL: '5000' } : {}),
        },
      });
      await writeFile(join(folder, 'pid'), String(plein.ownerPid));
      await writeFile(ready, String(pgPort));
      return { ...plein, stop: async () => undefined };
    } catch (e) {
      await writeFile(failed, (e as Error).message);
      throw e;
    }
  }
  for (;;) {
    if (existsSync(failed))
      throw new Error(`the shared plein ${name} did not start (in another test file):\n${await readFile(failed, 'utf8')}`);
    if (existsSync(ready)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const manifest = JSON.parse(await readFile(join(home, 'plein.json'), 'utf8')) as Manifest;
  const pgPort = Number(await readFile(ready, 'utf8'));
  return attach(manifest, home, pgPort, { pid: Number(await readFile(join(folder, 'pid'), 'utf8')), stop: async () => undefined });
}

/** True for the one caller that creates `folder`; false for every other, at the same time or later. */
async function claim(folder: string): Promise<boolean> {
  try {
    await mkdir(folder);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: unknown[];
}

/** The spans the shared plein's apps exported so far (empty outside the e2e project). */
export function receivedSpans(): Promise<ReceivedSpan[]> {
  return receivedLines<ReceivedSpan>('spans.jsonl');
}

/** The metric instruments the shared plein's apps exported so far, by service. */
export function receivedMetrics(): Promise<Array<{ service: string; name: string }>> {
  return receivedLines('metrics.jsonl');
}

/** What the run's OTLP receiver (tests/support/e2e-setup.js) wrote, one JSON object a line. */
async function receivedLines<T>(file: string): Promise<T[]> {
  if (!SHARED) return [];
  const text = await readFile(join(SHARED, file), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

/** A resident's consent given through the API, as the consent pages give it; its id. */
export async function grantConsent(
  plein: PleinUnderTest,
  resident: string,
  consent: { granteeOrg: string; purpose: string; categories: string[]; sources?: string[]; days?: number },
): Promise<string> {
  const { days = 30, ...input } = consent;
  const res = await plein.gql<{ grantConsent: { id: string } }>(
    resident,
    'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }',
    {
      i: { ...input, validUntil: new Date(Date.now() + days * 86_400_000).toISOString() },
    },
  );
  if (!res.data) throw new Error(`${resident} could not grant the consent: ${res.errors?.[0]?.message ?? 'no answer'}`);
  return res.data.grantConsent.id;
}

interface HeldConsent {
  id: string;
  status: string;
  granteeOrg: string;
  purpose: string;
  categories: string[];
  sources: string[];
  alsoFutureSources: boolean;
  validUntil: string;
}

/**
 * The consents residents hold when a test file starts, so that it can leave a shared plein as it
 * found it: `restore()` revokes what they granted since and grants again, on the same terms, what
 * they revoked since (a new consent: the plein keeps the history of the old one).
 */
export async function consentsAsFound(plein: PleinUnderTest, residents: readonly string[]): Promise<{ restore(): Promise<void> }> {
  const held = async (resident: string) => {
    const res = await plein.gql<{ myConsents: HeldConsent[] }>(
      resident,
      '{ myConsents { id status granteeOrg purpose categories sources alsoFutureSources validUntil } }',
    );
    if (!res.data) throw new Error(`${resident}'s consents could not be read: ${res.errors?.[0]?.message ?? 'no answer'}`);
    return res.data.myConsents.filter((c) => c.status === 'ACTIVE');
  };
  const before = new Map(await Promise.all(residents.map(async (r) => [r, await held(r)] as const)));
  return {
    async restore() {
      for (const [resident, found] of before) {
        const now = await held(resident);
        for (const added of now.filter((c) => !found.some((f) => f.id === c.id)))
          await plein.gql(resident, 'mutation($id: ID!) { revokeConsent(id: $id) { id } }', { id: added.id });
        for (const gone of found.filter((f) => !now.some((c) => c.id === f.id))) {
          const { granteeOrg, purpose, categories, sources, alsoFutureSources, validUntil } = gone;
          const res = await plein.gql(resident, 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }', {
            i: { granteeOrg, purpose, categories, sources, alsoFutureSources, validUntil },
          });
          if (res.errors) throw new Error(`${resident}'s consent could not be given again: ${res.errors[0]?.message}`);
        }
      }
    },
  };
}

/**
 * The supergraph version live when a test file starts, so that it can leave a shared plein's API as
 * it found it: `restore()` rolls back to that version if another became live since (what the file
 * published leaves the gateways and the overview, announced as removed).
 */
export async function supergraphAsFound(plein: PleinUnderTest): Promise<{ version: number; restore(): Promise<void> }> {
  const live = async () => {
    const res = await plein.gql<{ liveSupergraph: { id: number } }>('plein-operator', '{ liveSupergraph { id } }');
    if (!res.data) throw new Error(`the live supergraph could not be read: ${res.errors?.[0]?.message ?? 'no answer'}`);
    return res.data.liveSupergraph.id;
  };
  const version = await live();
  return {
    version,
    async restore() {
      if ((await live()) === version) return;
      const res = await plein.gql('plein-operator', 'mutation($v: Int!) { rollbackSupergraph(toVersion: $v) { id } }', { v: version });
      if (res.errors) throw new Error(`the supergraph could not be rolled back to v${version}: ${res.errors[0]?.message}`);
    },
  };
}
