import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { API_AUDIENCE, TokenExchanger } from '@plein/auth';
import { summariseFolder } from '../../tools/plein/cpu-profile.js';
import { freePort } from '../support/ports.js';
import { startPlein } from '../support/plein.js';
import { measureAccountability } from './accountability.bench.js';
import { measureAgencyEvents, type EventDeliveryFigures } from './agency-events.bench.js';
import { measureConsent } from './consent.bench.js';
import { measureScaling } from './scaling.bench.js';
import { measureCost, type CostFigures } from './cost.bench.js';
import { measureEventLog } from './event-log.bench.js';
import { measureFloor, type FloorFigures } from './floor.bench.js';
import { measurePublishToLive } from './publish.bench.js';
import { measureVerification } from './token-verification.bench.js';
import { measureTrust } from './trust.bench.js';
import { measureWeb } from './web.bench.js';
import {
  BENCH_CALLER,
  asOrdinaryUse,
  compare,
  measure,
  requestsPerView,
  startBareGateway,
  type LoadFigures,
} from './household-view.bench.js';

/**
 * npm run bench [-- --seconds 10 --connections 8 --large 1000000 --only verification|events|cost|floor|scaling|scale|consent|agency-events|accountability|trust|web|publish]
 * npm run bench -- --profile   CPU profiles of every app under household views, and where each one's time went
 * Prints figures; asserts nothing. Targets (issue 2): plein/bare ≤ 1.25× at p50 and p99; at most
 * one request per agency plus the household lookup per view; latency flat from 10k to 1M.
 */
process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    large: { type: 'string', default: '1000000' },
    profile: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const large = Number(values.large);

/** Last on a plein: it replaces the plein's gateway and household processes. */
async function scalingSection(plein: Awaited<ReturnType<typeof startPlein>>, seconds: number, connections: number): Promise<void> {
  const scaling = await measureScaling(plein, seconds, connections);
  const line = (f: typeof scaling.single) => `${fmt(f)}   machine ${(f.busy * 100).toFixed(0)} % busy`;
  console.log(`R. Scaling out: a second gateway and household process (${connections} connections, ${availableParallelism()} cores)`);
  console.log(
    `   one process each:  ${line(scaling.single)}\n` +
      `   two processes each: ${line(scaling.replicated)}\n` +
      `   views/s ×${(scaling.replicated.requestsPerSecond / scaling.single.requestsPerSecond).toFixed(2)} (more processes help where a process, not the machine, is the limit)\n`,
  );
}

const fmt = (f: LoadFigures) =>
  `p50 ${f.p50.toFixed(1)} ms   p99 ${f.p99.toFixed(1)} ms   ${f.requestsPerSecond.toFixed(0)} views/s   incomplete ${f.incomplete}   errors ${f.errors}`;

/** Every app profiled (PLEIN_PROFILE_DIR) while household views run; the profiles are kept for a closer look. */
async function profileSection(): Promise<void> {
  const profiles = await mkdtemp(join(tmpdir(), 'plein-profiles-'));
  const plein = await startPlein({ households: 10_000, env: { PLEIN_PROFILE_DIR: profiles } });
  const id = plein.manifest.population.demoHouseholdId;
  let load: LoadFigures;
  try {
    await asOrdinaryUse(plein);
    load = await measure(plein.manifest.gatewayUrl, id, seconds, connections, await plein.token(BENCH_CALLER));
  } finally {
    await plein.stop();
  }
  console.log(`Profiles of every app: start, warm-up, then ${seconds} s of household views on ${connections} connections (${fmt(load)})`);
  console.log(`   written to ${profiles} (open one in Chrome DevTools › Performance, or speedscope)\n`);
  for (const [app, summary] of await summariseFolder(profiles, 6)) {
    console.log(`   ${app.padEnd(16)} busy ${(summary.busyMs / 1000).toFixed(1)} s`);
    for (const t of summary.top)
      console.log(`      ${(t.share * 100).toFixed(0).padStart(3)} %  ${t.ms.toFixed(0).padStart(6)} ms  ${t.where}`);
  }
}

/** Ten GraphQL requests make a view: ten times a bare server's figure is what any plein built this way costs. */
function printFloor(f: FloorFigures): void {
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  console.log(`F. The floor under a view: one income-contract request, ${f.connections} connections, CPU per request`);
  console.log(
    `   UWV on the plein (token, consent, log, hand-over): ${ms(f.agency.agencyMs)} its process, ${ms(f.agency.postgresMs)} PostgreSQL, ${ms(f.agency.recordMs)} the accountable record   ${f.agency.perSecond.toFixed(0)}/s   errors ${f.agency.errors}\n` +
      `   bare Apollo Server on Express, one read and one write: ${ms(f.bareApollo.serverMs)} its process, ${ms(f.bareApollo.postgresMs)} PostgreSQL   ${f.bareApollo.perSecond.toFixed(0)}/s   errors ${f.bareApollo.errors}\n` +
      `   plain node:http, the same read and write:             ${ms(f.plainHttp.serverMs)} its process, ${ms(f.plainHttp.postgresMs)} PostgreSQL   ${f.plainHttp.perSecond.toFixed(0)}/s   errors ${f.plainHttp.errors}\n` +
      `   a view is 10 GraphQL requests in 10 processes: ≥ ${ms(10 * f.bareApollo.serverMs)} of Node CPU on bare servers alone, and 8 sources' reads and writes ≥ ${ms(8 * f.bareApollo.postgresMs)} of PostgreSQL (target for a whole view ≤ 10 ms)\n`,
  );
}

async function main(): Promise<void> {
  if (values.profile) return profileSection();
  const home = await mkdtemp(join(tmpdir(), 'plein-bench-'));
  const pgPort = await freePort();
  console.log(`Plein benchmark — ${seconds} s per run, ${connections} connections, ${availableParallelism()} cores on this machine\n`);
  const verification = await measureVerification();
  const micros = (v: typeof verification.again) =>
    `p50 ${v.p50Micros.toFixed(0)} µs   p99 ${v.p99Micros.toFixed(0)} µs   ${v.perSecond.toFixed(0)} verifications/s on one core`;
  console.log('0. Bearer token verification with a cached JWKS (every app, every request)');
  console.log(`   a token seen first:  ${micros(verification.firstSight)}   (target p50 ≤ 100 µs)`);
  console.log(`   a token seen before: ${micros(verification.again)}\n`);
  if (values.only === 'verification') return;
  const eventLog = await measureEventLog();
  console.log('E. Events: outbox → relay → embedded log → consumer group, on Postgres');
  console.log(
    `   drain of ${eventLog.events} events: ${eventLog.drainPerSecond.toFixed(0)} events/s (target ≥ 5,000/s)\n` +
      `   steady ${eventLog.steadyRate} events/s: commit→handler p50 ${eventLog.p50Ms.toFixed(0)} ms   p99 ${eventLog.p99Ms.toFixed(0)} ms (target p99 ≤ 250 ms)\n`,
  );
  if (values.only === 'events') return;
  try {
    const plein = await startPlein({ households: 10_000, home, pgPort });
    const id = plein.manifest.population.demoHouseholdId;
    if (values.only === 'scale') {
      await plein.stop();
      await scaleSection(home, pgPort, id);
      return;
    }
    if (values.only === 'scaling') {
      await asOrdinaryUse(plein);
      await scalingSection(plein, seconds, 32);
      await plein.stop();
      return;
    }
    if (values.only === 'floor') {
      printFloor(await measureFloor(plein, seconds, connections));
      await plein.stop();
      return;
    }
    printCost(await measureCost(plein, seconds, [1, connections, 32]));
    if (values.only === 'cost') {
      await plein.stop();
      return;
    }
    printFloor(await measureFloor(plein, seconds, connections));
    const consent = await measureConsent(plein);
    console.log('C. Consent');
    console.log(
      `   cached decision at a source: p50 ${consent.cachedP50Micros.toFixed(1)} µs   p99 ${consent.cachedP99Micros.toFixed(1)} µs   ${consent.cachedPerSecond.toFixed(0)}/s   (target p50 < 50 µs)\n` +
        `   revocation → refused at the source (${consent.rounds} rounds): p50 ${consent.lagP50Ms.toFixed(0)} ms   p99 ${consent.lagP99Ms.toFixed(0)} ms   (target p99 ≤ 250 ms)\n`,
    );
    const agencyEvents = await measureAgencyEvents(plein);
    const deliveryLine = (f: EventDeliveryFigures) =>
      `accepted ${f.acceptedPerSecond.toFixed(0)}/s   delivered ${f.deliveredPerSecond.toFixed(0)}/s   POST answered → webhook p50 ${f.p50Ms.toFixed(0)} ms   p99 ${f.p99Ms.toFixed(0)} ms`;
    console.log(
      `A. Agency events: POST /events → thin event on the log → signed webhook (${agencyEvents.withFilter.events} events, 8 publishers)`,
    );
    console.log(
      `   about no resident (no basis asked):      ${deliveryLine(agencyEvents.withoutFilter)}\n` +
        `   about a resident (consent asked, logged): ${deliveryLine(agencyEvents.withFilter)}\n`,
    );
    if (values.only === 'agency-events') {
      await plein.stop();
      return;
    }
    const accountability = await measureAccountability(plein, seconds, connections);
    console.log('M. Misuse signals: the accountable record and its rules');
    console.log(
      `   ${accountability.records} entries handed over by 4 sources at once: ${accountability.evaluatedPerSecond.toFixed(0)} entries/s stored and evaluated\n` +
        `   access → signal while household views run (${fmt(accountability.views)}): ${accountability.probes} lookups, p50 ${accountability.signalP50Ms.toFixed(0)} ms   p99 ${accountability.signalP99Ms.toFixed(0)} ms   (issue 13: within seconds)\n`,
    );
    if (values.only === 'accountability') {
      await plein.stop();
      return;
    }
    const trust = await measureTrust(plein, id, seconds, connections);
    console.log('T. Trust: audience-bound credentials and the processing log');
    console.log(
      `   token exchange at the identity provider: p50 ${trust.exchangeP50Ms.toFixed(1)} ms   p99 ${trust.exchangeP99Ms.toFixed(1)} ms   (once per caller, audience and 5 min)\n` +
        `   exchanged token from the cache: p50 ${trust.cachedP50Micros.toFixed(1)} µs   (every other hop)\n` +
        `   processing-log appends at UWV under ${connections} connections: ${trust.appendsPerSecond.toFixed(0)} entries/s for ${trust.viewsPerSecond.toFixed(1)} views/s (4 entries per view)\n`,
    );
    if (values.only === 'trust') {
      await plein.stop();
      return;
    }
    const web = await measureWeb(plein);
    console.log("W. Web pages: the caseworker's household page in headless Chromium");
    console.log(
      `   JavaScript shipped: ${(web.scriptGzipBytes / 1024).toFixed(1)} KiB gzip (CSS ${(web.styleGzipBytes / 1024).toFixed(1)} KiB gzip); the page works without it\n` +
        `   navigation → page loaded (${web.rounds} views, warm): p50 ${web.renderP50Ms.toFixed(0)} ms   p99 ${web.renderP99Ms.toFixed(0)} ms\n`,
    );
    if (values.only === 'web') {
      await plein.stop();
      return;
    }
    if (values.only === 'consent' || values.only === 'publish') {
      await plein.stop();
      if (values.only === 'publish') await publishSection();
      return;
    }
    const bare = await startBareGateway(
      plein.manifest.registryUrl,
      new TokenExchanger({
        tokenUrl: `${plein.manifest.keycloakUrl}/realms/plein/protocol/openid-connect/token`,
        clientId: API_AUDIENCE,
        clientSecret: plein.clientSecret(API_AUDIENCE),
      }),
    );
    console.log('1. Gateway overhead (10,000 households, demo household view; median of 3 alternating rounds)');
    for (const c of [1, connections]) {
      const [viaPlein, viaBare] = await compare(plein.manifest.gatewayUrl, bare.url, id, seconds, c, await plein.token(BENCH_CALLER));
      console.log(`   ${c} connection(s)`);
      console.log(`     plein gateway        ${fmt(viaPlein)}`);
      console.log(`     bare @apollo/gateway ${fmt(viaBare)}`);
      console.log(
        `     ratio plein/bare     p50 ${(viaPlein.p50 / viaBare.p50).toFixed(2)}×   p99 ${(viaPlein.p99 / viaBare.p99).toFixed(2)}×   (target ≤ 1.25×)`,
      );
    }
    await bare.stop();
    console.log('');

    const perView = await requestsPerView(plein, id, 50);
    const agencies = [...perView].filter(([app]) => !['registry', 'household', 'gemeente'].includes(app));
    console.log('2. Subgraph requests per view (50 sequential views)');
    for (const [app, n] of perView) if (n > 0) console.log(`   ${app.padEnd(16)} ${n.toFixed(2)}`);
    const toAgencies = agencies.reduce((s, [, n]) => s + n, 0) + (perView.get('gemeente') ?? 0);
    console.log(`   to the 7 agencies: ${toAgencies.toFixed(2)} (household lookup and the municipality's income both go to gemeente)`);
    console.log(
      `   to the plein's household aggregator: ${(perView.get('household') ?? 0).toFixed(2)}   (target: ≤ one per agency + the household lookup = 8)\n`,
    );
    await scalingSection(plein, seconds, 32);
    await plein.stop();

    await scaleSection(home, pgPort, id);
    await publishSection();
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Section 3: the same views on 10,000 and on `large` households, each after a fresh start. */
async function scaleSection(home: string, pgPort: number, id: string): Promise<void> {
  // Both sizes are measured the same way: a fresh start, the same warm-up, the same run.
  const afterRestart = async () => {
    const p = await startPlein({ home, pgPort });
    try {
      await asOrdinaryUse(p);
      return await measure(p.manifest.gatewayUrl, id, seconds, connections, await p.token(BENCH_CALLER));
    } finally {
      await p.stop();
    }
  };
  const small = await afterRestart();
  console.log(`3. Scale: re-seeding ${large.toLocaleString('en')} households…`);
  const seeded = spawnSync(process.execPath, [resolve('dist/tools/plein/seed.js'), '--households', String(large)], {
    env: { ...process.env, PLEIN_HOME: home, PLEIN_PG_PORT: String(pgPort), DATABASE_URL: '' },
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
  console.log(
    `   ${seeded.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('seeded ') && l.includes('income awards'))
      .join('')}`,
  );
  const atLarge = await afterRestart();
  console.log(`   ${'10,000'.padStart(9)} households  ${fmt(small)}`);
  console.log(`   ${large.toLocaleString('en').padStart(9)} households  ${fmt(atLarge)}`);
  console.log(
    `   ratio large/small   p50 ${(atLarge.p50 / small.p50).toFixed(2)}×   p99 ${(atLarge.p99 / small.p99).toFixed(2)}×   (target: flat)`,
  );
}

/** Issue 16's targets beside each figure; what a view costs is every process's CPU over the views served. */
function printCost(cost: CostFigures): void {
  const target = (connections: number) =>
    connections === 1 ? '(target p50 ≤ 20 ms, p99 ≤ 50 ms)' : connections === 8 ? '(target ≥ 150 views/s, p99 ≤ 150 ms)' : '';
  console.log(`K. Cost in CPU on this machine (${cost.cores} cores; all the plein's processes, PostgreSQL included, from /proc)`);
  console.log(`   start of the plein (10,000 households): ${cost.startCpuSeconds.toFixed(1)} CPU-s`);
  const atRest = (label: string, cpuSeconds: number, seconds: number, most: Array<[string, number]>) =>
    console.log(
      `   ${label}: ${cpuSeconds.toFixed(2)} CPU-s in ${seconds} s = ${((100 * cpuSeconds) / seconds).toFixed(1)} % of a core   (target ≤ 2 %)\n` +
        `     most: ${most.map(([app, s]) => `${app} ${s.toFixed(2)} s`).join(', ')}`,
    );
  atRest('at rest, 3 min after the start, nobody using it', cost.idleCpuSeconds, cost.idleSeconds, cost.idleTopProcesses);
  for (const v of cost.views) {
    console.log(`   household view, ${v.connections} connection(s): ${fmt(v.figures)}   ${target(v.connections)}`);
    console.log(
      `     CPU per view ${v.cpuMsPerView.toFixed(1)} ms (target ≤ 10 ms); most: ${v.topProcesses.map(([app, ms]) => `${app} ${ms.toFixed(1)}`).join(', ')}`,
    );
  }
  const { settled } = cost;
  const share = (cpuSeconds: number) => `${((100 * cpuSeconds) / settled.windowSeconds).toFixed(1)} %`;
  console.log(`   at rest again after the views, ${settled.windowSeconds} s windows: ${settled.windows.map(share).join(', ')} of a core`);
  atRest('at rest, the last of them', settled.windows.at(-1)!, settled.windowSeconds, settled.topProcesses);
  console.log('');
}

/** On a plein of its own: the publications leave a test agency behind that the other runs should not see. */
async function publishSection(): Promise<void> {
  const plein = await startPlein({ households: 100 });
  try {
    const publishing = await measurePublishToLive(plein);
    console.log('P. Publishing');
    console.log(
      `   publish → live at the gateway (${publishing.rounds} publications): p50 ${publishing.p50Ms.toFixed(0)} ms   p99 ${publishing.p99Ms.toFixed(0)} ms   (target p99 ≤ 2 s)\n`,
    );
  } finally {
    await plein.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
