import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_AGENCIES } from '@plein/demo-population';
import { receivedMetrics, receivedSpans, sharedPlein, type PleinUnderTest, type ReceivedSpan } from '../support/plein.js';
import { eventually } from '../support/wait.js';

const VIEW = 'query($id: ID!) { household(id: $id) { incomeOverview { complete sources { agencyKey status } } } }';

describe('tracing: one household view is one trace, from the gateway to every agency, and the processing log points into it', () => {
  let plein: PleinUnderTest;
  let db: pg.Client;
  beforeAll(async () => {
    plein = await sharedPlein();
    db = new pg.Client({ connectionString: plein.databaseUrl });
    await db.connect();
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await plein?.stop();
  });

  it('exports spans of the gateway, the household app and all seven agencies under the caller’s trace id', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const res = await plein.gql<{ household: { incomeOverview: { complete: boolean; sources: Array<{ status: string }> } } }>(
      'klantmanager.utrecht',
      VIEW,
      { id: plein.manifest.population.demoHouseholdId },
      { traceparent: `00-${traceId}-${callerSpan}-01` },
    );
    expect(res.data?.household.incomeOverview.sources.map((s) => s.status)).toEqual(Array(7).fill('OK'));

    const services = ['plein-gateway', 'plein-household', ...DEMO_AGENCIES.map((a) => `plein-${a.key}`)];
    let trace: ReceivedSpan[] = [];
    // Spans arrive in batches as they end; the outermost (the gateway's) ends last.
    const orphans = () => {
      const ids = new Set(trace.map((s) => s.spanId));
      return trace.filter((s) => !ids.has(s.parentSpanId ?? '') && s.parentSpanId !== callerSpan);
    };
    await eventually(async () => {
      trace = (await receivedSpans()).filter((s) => s.traceId === traceId);
      return services.every((name) => trace.some((s) => s.service === name)) && orphans().length === 0;
    }, 15_000).catch(() => undefined);
    expect(services.filter((name) => !trace.some((s) => s.service === name))).toEqual([]);
    // One tree: the gateway's server span under the caller's span, every other span under one of the trace.
    expect(orphans().map((s) => `${s.service} ${s.name}`)).toEqual([]);
    expect(trace.filter((s) => s.parentSpanId === callerSpan).map((s) => s.service)).toEqual(['plein-gateway']);

    // Every agency's processing-log entry of this view names the trace and a span that agency sent.
    for (const agency of DEMO_AGENCIES) {
      const { rows } = await db.query<{ operation_id: string }>(
        `SELECT operation_id FROM ${agency.key}.processing_log WHERE trace_id = $1`,
        [traceId],
      );
      expect(rows.length).toBeGreaterThan(0);
      const own = new Set(trace.filter((s) => s.service === `plein-${agency.key}`).map((s) => s.spanId));
      expect(rows.map((r) => [agency.key, own.has(r.operation_id)])).toEqual(rows.map(() => [agency.key, true]));
    }
  }, 60_000);

  it('sends no personal data with the spans: a lookup by BSN leaves no BSN and no name in any span', async () => {
    const bsn = plein.manifest.population.demoBsn;
    const traceId = randomBytes(16).toString('hex');
    const person = await plein.gql<{ person: { familyName: string } }>(
      'klantmanager.utrecht',
      'query($bsn: String!) { person(bsn: $bsn) { familyName } }',
      { bsn },
      { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    );
    expect(person.data?.person.familyName).toBe('El Amrani');
    await eventually(async () => (await receivedSpans()).some((s) => s.traceId === traceId && s.service === 'plein-gemeente'), 15_000);
    const text = JSON.stringify(await receivedSpans());
    // The spans do carry attributes (routes, operations, statements): only not these.
    expect(text).toMatch(/http\.|db\.|graphql\./);
    expect(text).not.toContain(bsn);
    expect(text).not.toMatch(/El Amrani|Fatima/);
  });

  it('exports the instrumentations’ metrics beside the Prometheus ones: request durations of the gateway and every agency', async () => {
    const services = ['plein-gateway', ...DEMO_AGENCIES.map((a) => `plein-${a.key}`)];
    const serving = (all: Array<{ service: string; name: string }>) =>
      services.filter((name) => !all.some((m) => m.service === name && m.name.startsWith('http.server')));
    await eventually(async () => serving(await receivedMetrics()).length === 0, 15_000).catch(() => undefined);
    expect(serving(await receivedMetrics())).toEqual([]);
    expect(JSON.stringify(await receivedMetrics())).not.toContain(plein.manifest.population.demoBsn);
    // The Prometheus endpoint is still there, without a token.
    expect((await fetch(plein.manifest.gatewayUrl.replace(/\/graphql$/, '/metrics'))).status).toBe(200);
  }, 30_000);
});
