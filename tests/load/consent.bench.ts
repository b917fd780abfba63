import { ConsentClient } from '@plein/consent-client';
import type { PleinUnderTest } from '../support/plein.js';
import { percentile } from './percentile.js';

const CASEWORKER = 'klantmanager.utrecht';
const RESIDENT = 'fatima.elamrani';

export interface ConsentFigures {
  cachedP50Micros: number;
  cachedP99Micros: number;
  cachedPerSecond: number;
  lagP50Ms: number;
  lagP99Ms: number;
  rounds: number;
}

/**
 * Two figures of the consent issue on the running plein: a decision served from a source's
 * cache (what every request to a source pays), and the time from a revocation being committed
 * to the source refusing (consent event → outbox → log → cache cleared).
 */
export async function measureConsent(plein: PleinUnderTest, rounds = 30): Promise<ConsentFigures> {
  const consentUrl = `${plein.manifest.apps.find((a) => a.name === 'consent')!.url}/graphql`;
  const authorization = `Bearer ${await plein.token(CASEWORKER)}`;
  const bsn = plein.manifest.population.demoBsn;
  const org = '00000001002220647000';

  const forConsent = `Bearer ${await plein.exchange(CASEWORKER, 'consent', 'schuldhulpverlening')}`;
  const client = new ConsentClient({ consentUrl, ttlMs: 3_600_000, timeoutMs: 2_000 }, async () => forConsent);
  const query = { org, bsns: [bsn], purpose: 'schuldhulpverlening' as const, category: 'income' as const, source: 'uwv' };
  const warm = await client.decide(authorization, query);
  if (!warm.get(bsn)?.permit) throw new Error('the demo consent should permit the bench query');
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < 200_000; i++) {
    const t = process.hrtime.bigint();
    await client.decide(authorization, query);
    samples.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  const perSecond = samples.length / ((performance.now() - started) / 1000);
  samples.sort((a, b) => a - b);

  const uwvUrl = plein.manifest.apps.find((a) => a.name === 'uwv')!.url + '/graphql';
  // What the plein sends UWV on the caseworker's behalf: a token for UWV, the purpose bound in it.
  const atUwv = `Bearer ${await plein.exchange(CASEWORKER, 'uwv', 'vroegsignalering')}`;
  const askUwv = async () => {
    const res = await fetch(uwvUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: atUwv },
      body: JSON.stringify({ query: 'query($b: [String!]!) { incomeStreamsV1(bsns: $b) { id } }', variables: { b: [bsn] } }),
    });
    const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    return body.errors?.[0]?.extensions?.code ?? 'OK';
  };
  const lags: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const granted = await plein.gql<{ grantConsent: { id: string } }>(
      RESIDENT,
      'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }',
      {
        i: {
          granteeOrg: org,
          purpose: 'vroegsignalering',
          categories: ['income'],
          validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    );
    const id = granted.data!.grantConsent.id;
    while ((await askUwv()) !== 'OK') await new Promise((r) => setTimeout(r, 5));
    const revokedAt = performance.now();
    await plein.gql(RESIDENT, 'mutation($id: ID!) { revokeConsent(id: $id) { id } }', { id });
    while ((await askUwv()) === 'OK') await new Promise((r) => setTimeout(r, 5));
    lags.push(performance.now() - revokedAt);
  }
  lags.sort((a, b) => a - b);
  return {
    cachedP50Micros: percentile(samples, 0.5),
    cachedP99Micros: percentile(samples, 0.99),
    cachedPerSecond: perSecond,
    lagP50Ms: percentile(lags, 0.5),
    lagP99Ms: percentile(lags, 0.99),
    rounds,
  };
}
