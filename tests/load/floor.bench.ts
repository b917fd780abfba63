import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { INCOME_STREAMS_V1_QUERY } from '@plein/income-contract';
import { freePort } from '../support/ports.js';
import type { PleinUnderTest } from '../support/plein.js';
import { cpuByProcess, cpuSecondsOf } from './cost.bench.js';
import { BENCH_CALLER } from './household-view.bench.js';

/**
 * The floor under a household view (issue 16). A view is ten GraphQL requests, each served by its
 * own process: the gateway, the household, the municipality and seven agencies. Measured here: what
 * one contract request costs an agency of the plein, called as the household calls it, beside what
 * the same request costs a bare Apollo Server on Express, and a plain node:http server, answering
 * from the same PostgreSQL with one read and one write and nothing of the plein's own work.
 */
export interface FloorFigures {
  connections: number;
  /** CPU ms per request: the agency's process, PostgreSQL, the accountable record (the log's hand-over). */
  agency: { perSecond: number; errors: number; agencyMs: number; postgresMs: number; recordMs: number };
  /** CPU ms per request of the server's own process, and of PostgreSQL answering it. */
  bareApollo: BareFigures;
  plainHttp: BareFigures;
}

interface BareFigures {
  perSecond: number;
  errors: number;
  serverMs: number;
  postgresMs: number;
}

const AGENCY = 'uwv';

async function hammer(url: string, body: string, headers: Record<string, string>, seconds: number, connections: number) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
    duration: seconds,
  });
  return { perSecond: result.requests.average, errors: result.errors + result.non2xx, count: Math.max(1, result.requests.total) };
}

/** A bare server (floor-servers.ts) as a child process, measured like the agency: warm-up, then `seconds` of load. */
async function measureBare(
  kind: 'apollo' | 'plain',
  plein: PleinUnderTest,
  body: string,
  seconds: number,
  connections: number,
): Promise<BareFigures> {
  const port = await freePort();
  const child = fork(fileURLToPath(new URL('./floor-servers.js', import.meta.url)), [kind], {
    env: { ...process.env, DATABASE_URL: plein.databaseUrl, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the ${kind} floor server ended (${code})`)));
    });
    const url = `http://127.0.0.1:${port}/graphql`;
    await hammer(url, body, {}, 3, connections);
    const [before, postgresBefore] = [await cpuSecondsOf(child.pid!), (await cpuByProcess(plein)).get('postgres') ?? 0];
    const run = await hammer(url, body, {}, seconds, connections);
    const [used, postgresUsed] = [
      (await cpuSecondsOf(child.pid!)) - before,
      ((await cpuByProcess(plein)).get('postgres') ?? 0) - postgresBefore,
    ];
    return {
      perSecond: run.perSecond,
      errors: run.errors,
      serverMs: (used * 1000) / run.count,
      postgresMs: (postgresUsed * 1000) / run.count,
    };
  } finally {
    child.kill();
  }
}

export async function measureFloor(plein: PleinUnderTest, seconds: number, connections: number): Promise<FloorFigures> {
  const db = new pg.Client({ connectionString: plein.databaseUrl });
  await db.connect();
  let bsns: string[];
  try {
    const members = await db.query<{ bsn: string }>('SELECT bsn::text AS bsn FROM gemeente.person WHERE household_id = $1', [
      plein.manifest.population.demoHouseholdId,
    ]);
    bsns = members.rows.map((m) => m.bsn);
    // The bare servers' tables, beside the plein's: the ledger as large as the population.
    await db.query('CREATE SCHEMA IF NOT EXISTS floor_bench');
    await db.query('CREATE TABLE IF NOT EXISTS floor_bench.ledger (bsn text, scheme text, cents int)');
    await db.query('CREATE INDEX IF NOT EXISTS floor_ledger_bsn ON floor_bench.ledger (bsn)');
    await db.query('CREATE TABLE IF NOT EXISTS floor_bench.log (seq bigserial PRIMARY KEY, subject text, at timestamptz DEFAULT now())');
    await db.query(`INSERT INTO floor_bench.ledger SELECT bsn, 'ww', 100000 FROM gemeente.person`);
    await db.query('ANALYZE floor_bench.ledger');
  } finally {
    await db.end();
  }
  const body = JSON.stringify({ query: INCOME_STREAMS_V1_QUERY, variables: { bsns } });

  const app = plein.manifest.apps.find((a) => a.name === AGENCY)!;
  const headers = {
    authorization: `Bearer ${await plein.exchange(BENCH_CALLER, AGENCY, 'schuldhulpverlening')}`,
    'x-plein-purpose': 'schuldhulpverlening',
  };
  const url = `${app.url}/graphql`;
  // Measured only if it answers as the household sees it: streams, no errors.
  const probe = (await (
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  ).json()) as {
    data?: { incomeStreamsV1?: unknown[] };
    errors?: unknown[];
  };
  if (probe.errors || !probe.data?.incomeStreamsV1?.length)
    // The answer itself is not printed: it names residents.
    throw new Error(`${AGENCY} did not answer the contract: ${probe.errors ? `${probe.errors.length} error(s)` : 'no streams'}`);
  await hammer(url, body, headers, 3, connections);
  const before = await cpuByProcess(plein);
  const run = await hammer(url, body, headers, seconds, connections);
  // The hand-over to the record lingers a moment after the last append.
  await new Promise((r) => setTimeout(r, 1_000));
  const after = await cpuByProcess(plein);
  const ms = (name: string) => (((after.get(name) ?? 0) - (before.get(name) ?? 0)) * 1000) / run.count;
  return {
    connections,
    agency: {
      perSecond: run.perSecond,
      errors: run.errors,
      agencyMs: ms(AGENCY),
      postgresMs: ms('postgres'),
      recordMs: ms('accountability'),
    },
    bareApollo: await measureBare('apollo', plein, body, seconds, connections),
    plainHttp: await measureBare('plain', plein, body, seconds, connections),
  };
}
