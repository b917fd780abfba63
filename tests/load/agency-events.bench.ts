import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { DEMO_INTEGRATOR, UWV } from '@plein/demo-population';
import { serviceToken } from '../../tools/plein/tokens.js';
import { freePort } from '../support/ports.js';
import type { PleinUnderTest } from '../support/plein.js';
import { percentile } from './percentile.js';

export interface EventDeliveryFigures {
  events: number;
  /** Accepted by POST /events per second, with `publishers` posting at once. */
  acceptedPerSecond: number;
  /** First accepted → last delivered, as events per second. */
  deliveredPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const RESIDENT_TYPE = 'nl.uwv.bench.toegekend.v1';
const NOTICE_TYPE = 'nl.uwv.bench.aangekondigd.v1';
const REGISTER = 'mutation($i: RegisterEventTypeInput!) { registerEventType(input: $i) { changed } }';

/**
 * Events an agency publishes, from its POST /events being answered (committed) to their arrival
 * at an integrator's webhook: once for events about no resident (no basis asked), once for events
 * about a resident the integrator's organisation has consent for (the consent service asked and
 * the delivery logged, per event).
 */
export async function measureAgencyEvents(
  plein: PleinUnderTest,
  events = 400,
  publishers = 8,
): Promise<{ withoutFilter: EventDeliveryFigures; withFilter: EventDeliveryFigures }> {
  const schema = JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } } });
  for (const [type, aboutResident] of [
    [RESIDENT_TYPE, true],
    [NOTICE_TYPE, false],
  ] as const) {
    const res = await plein.gql('uwv-publisher', REGISTER, {
      i: { type, summary: 'An event type for the benchmark.', category: 'income', aboutResident, schema },
    });
    if (res.errors) throw new Error(res.errors[0]!.message);
  }
  const grant = await plein.gql('fatima.elamrani', 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }', {
    i: {
      granteeOrg: DEMO_INTEGRATOR.oin,
      purpose: 'schuldhulpverlening',
      categories: ['income'],
      sources: ['uwv'],
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    },
  });
  if (grant.errors) throw new Error(grant.errors[0]!.message);

  const arrived = new Map<string, number>();
  const server = createServer((req, res) => {
    const id = req.headers['ce-id'];
    if (typeof id === 'string') arrived.set(id, performance.now());
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  try {
    const sub = await plein.gql('demo-integrator', 'mutation($i: SubscribeWebhookInput!) { subscribeWebhook(input: $i) { secret } }', {
      i: { url: `http://127.0.0.1:${port}/bench`, types: [RESIDENT_TYPE, NOTICE_TYPE] },
    });
    if (sub.errors) throw new Error(sub.errors[0]!.message);
    const dispatcher = plein.manifest.apps.find((a) => a.name === 'dispatcher')!.url;
    const token = await serviceToken(plein.manifest.keycloakUrl, 'uwv-publisher', 'dispatcher');
    const bsn = plein.manifest.population.demoBsn;
    const run = async (type: string, aboutResident: boolean): Promise<EventDeliveryFigures> => {
      const accepted = new Map<string, number>();
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: publishers }, async () => {
          while (next < events) {
            const n = next++;
            const res = await fetch(`${dispatcher}/events`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                'ce-specversion': '1.0',
                'ce-id': randomUUID(),
                'ce-source': `urn:nld:oin:${UWV.oin}`,
                'ce-type': type,
                'ce-time': new Date().toISOString(),
                ...(aboutResident ? { 'plein-resident-bsn': bsn } : {}),
              },
              body: JSON.stringify({ n }),
            });
            const body = (await res.json()) as { id?: string };
            if (res.status !== 202 || !body.id) throw new Error(`publishing failed: HTTP ${res.status} ${JSON.stringify(body)}`);
            accepted.set(body.id, performance.now());
          }
        }),
      );
      const publishedIn = performance.now() - started;
      const deadline = Date.now() + 120_000;
      while ([...accepted.keys()].some((id) => !arrived.has(id))) {
        if (Date.now() > deadline) throw new Error('not every event arrived within 2 minutes');
        await new Promise((r) => setTimeout(r, 20));
      }
      const lags = [...accepted].map(([id, at]) => arrived.get(id)! - at).sort((a, b) => a - b);
      const last = Math.max(...[...accepted.keys()].map((id) => arrived.get(id)!));
      return {
        events,
        acceptedPerSecond: events / (publishedIn / 1000),
        deliveredPerSecond: events / ((last - started) / 1000),
        p50Ms: percentile(lags, 0.5),
        p99Ms: percentile(lags, 0.99),
      };
    };
    const withoutFilter = await run(NOTICE_TYPE, false);
    const withFilter = await run(RESIDENT_TYPE, true);
    return { withoutFilter, withFilter };
  } finally {
    await new Promise((r) => server.close(r));
  }
}
