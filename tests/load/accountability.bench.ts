import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { GEMEENTE, ZEIST } from '@plein/demo-population';
import { serviceToken } from '../../tools/plein/tokens.js';
import { setOfficeHours } from '../support/misuse-thresholds.js';
import { grantConsent, type PleinUnderTest } from '../support/plein.js';
import { BENCH_CALLER, measure, type LoadFigures } from './household-view.bench.js';
import { percentile } from './percentile.js';

export interface AccountabilityFigures {
  records: number;
  /** Entries handed over, stored and run through every rule, per second (four sources at once). */
  evaluatedPerSecond: number;
  /** Household views running meanwhile on the plein. */
  views: LoadFigures;
  probes: number;
  /** From a lookup sent to the gateway to its signal in the record, under that load. */
  signalP50Ms: number;
  signalP99Ms: number;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * The accountable record's two costs: how many entries it evaluates per second (synthetic
 * hand-overs of 100 entries from four sources at once, spread over 200 caseworkers and 5,000
 * residents so every window and rule has work), and how long an access takes to become a signal
 * while household views run at the plein's peak rate — a debt counsellor's lookup outside their
 * office's hours (set so for the run), timed from the request to the signal's last entry.
 */
export async function measureAccountability(plein: PleinUnderTest, seconds: number, connections: number): Promise<AccountabilityFigures> {
  const url = plein.manifest.apps.find((a) => a.name === 'accountability')!.url;
  const sources = ['uwv', 'svb', 'duo', 'lbio'];
  const tokens = await Promise.all(sources.map((s) => serviceToken(plein.manifest.keycloakUrl, `${s}-publisher`, 'accountability')));
  const batches = 50;
  const started = performance.now();
  await Promise.all(
    sources.map(async (source, i) => {
      for (let b = 0; b < batches; b++) {
        const entries = Array.from({ length: 100 }, (_, n) => ({
          seq: b * 100 + n + 1_000_000,
          hash: hex(32),
          traceId: hex(16),
          name: 'incomeStreamsV1',
          statusCode: n % 17 === 0 ? 2 : 1,
          startTime: new Date().toISOString(),
          processingActivityId: `https://ontmoetingsplein.nl/verwerkingsactiviteiten/${source}/inkomen`,
          dataSubjectId: `urn:plein:pseudonym:bench${String((b * 100 + n) % 5000).padStart(39, '0')}`,
          purpose: 'schuldhulpverlening',
          legalBasis: n % 17 === 0 ? 'refused: NO_CONSENT' : 'consent:bench',
          receiverOrg: GEMEENTE.oin,
          receiverRole: 'caseworker',
          category: n % 3 === 0 ? 'household' : 'income',
          source,
          actor: `bench-caseworker-${(i * 7 + n) % 200}`,
        }));
        const res = await fetch(`${url}/records`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ entries }),
        });
        if (!res.ok) throw new Error(`hand-over refused: ${res.status} ${await res.text()}`);
      }
    }),
  );
  const records = sources.length * batches * 100;
  const evaluatedPerSecond = records / ((performance.now() - started) / 1000);

  // Zeist's office closed for the run; its counsellor may see Fatima's household record.
  await setOfficeHours(plein, 'security.zeist', 'closed now');
  await grantConsent(plein, 'fatima.elamrani', { granteeOrg: ZEIST.oin, purpose: 'schuldhulpverlening', categories: ['household'] });
  const db = new pg.Client({ connectionString: plein.databaseUrl });
  await db.connect();
  const delays: number[] = [];
  const id = plein.manifest.population.demoHouseholdId;
  let running = true;
  const probing = (async () => {
    while (running) {
      const sent = new Date();
      const t0 = performance.now();
      await plein.gql('schuldhulp.zeist', 'query($id: ID!) { household(id: $id) { id } }', { id });
      for (;;) {
        const found = await db.query(
          `SELECT 1 FROM accountability.misuse_signal WHERE org = $1 AND rule = 'outside-office-hours' AND last_at >= $2`,
          [ZEIST.oin, new Date(sent.getTime() - 5)],
        );
        if (found.rowCount) break;
        if (performance.now() - t0 > 30_000) throw new Error('no signal within 30 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      delays.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  let views: LoadFigures;
  try {
    views = await measure(plein.manifest.gatewayUrl, id, seconds, connections, await plein.token(BENCH_CALLER));
  } finally {
    running = false;
    await probing;
    await db.end();
  }
  delays.sort((a, b) => a - b);
  return {
    records,
    evaluatedPerSecond,
    views,
    probes: delays.length,
    signalP50Ms: percentile(delays, 0.5),
    signalP99Ms: percentile(delays, 0.99),
  };
}
