import pg from 'pg';
import { API_AUDIENCE, TokenExchanger } from '@plein/auth';
import type { PleinUnderTest } from '../support/plein.js';
import { percentile } from './percentile.js';
import { BENCH_CALLER, measure } from './household-view.bench.js';

export interface TrustFigures {
  exchangeP50Ms: number;
  exchangeP99Ms: number;
  cachedP50Micros: number;
  views: number;
  viewsPerSecond: number;
  appendsPerSecond: number;
}

/**
 * What audience-bound credentials and the group-committed processing log cost: a token
 * exchange at the identity provider (what the gateway pays once per caller, audience and five
 * minutes), a cached one (every other request), and the processing-log appends per second at
 * one source (UWV) under concurrent views.
 */
export async function measureTrust(
  plein: PleinUnderTest,
  householdId: string,
  seconds: number,
  connections: number,
): Promise<TrustFigures> {
  const caller = await plein.token(BENCH_CALLER);
  const client = () =>
    new TokenExchanger({
      tokenUrl: `${plein.manifest.keycloakUrl}/realms/plein/protocol/openid-connect/token`,
      clientId: API_AUDIENCE,
      clientSecret: plein.clientSecret(API_AUDIENCE),
    });
  const fresh: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    await client().exchange(caller, 'uwv', 'schuldhulpverlening');
    fresh.push(performance.now() - t);
  }
  const warm = client();
  await warm.exchange(caller, 'uwv', 'schuldhulpverlening');
  const cached: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t = performance.now();
    await warm.exchange(caller, 'uwv', 'schuldhulpverlening');
    cached.push(performance.now() - t);
  }

  const db = new pg.Client({ connectionString: plein.databaseUrl });
  await db.connect();
  try {
    const head = async () => Number((await db.query('SELECT last_seq FROM uwv.processing_log_head')).rows[0]?.last_seq ?? 0);
    const [before, started] = [await head(), performance.now()];
    const figures = await measure(plein.manifest.gatewayUrl, householdId, seconds, connections, caller);
    const elapsed = (performance.now() - started) / 1000;
    const appended = (await head()) - before;
    const views = figures.requestsPerSecond * seconds;
    fresh.sort((a, b) => a - b);
    cached.sort((a, b) => a - b);
    return {
      exchangeP50Ms: percentile(fresh, 0.5),
      exchangeP99Ms: percentile(fresh, 0.99),
      cachedP50Micros: percentile(cached, 0.5) * 1000,
      views,
      viewsPerSecond: figures.requestsPerSecond,
      appendsPerSecond: appended / elapsed,
    };
  } finally {
    await db.end();
  }
}
