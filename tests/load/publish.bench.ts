import type { PleinUnderTest } from '../support/plein.js';
import { AMERSFOORT_OIN } from '../../apps/idp/src/realm.js';
import { startTestIncomeProvider } from '../e2e/support/test-income-provider.js';
import { percentile } from './percentile.js';

export interface PublishFigures {
  p50Ms: number;
  p99Ms: number;
  rounds: number;
}

/**
 * Publish → live: an agency publishes a new revision of its subgraph (a new public field) and
 * the clock runs until the gateway answers that field. Each round is a real publication:
 * composition, checks, the outbox, and the gateway's swap.
 */
export async function measurePublishToLive(plein: PleinUnderTest, rounds = 20): Promise<PublishFigures> {
  await plein.gql('plein-operator', 'mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { key } }', {
    i: { key: 'gemeente-amersfoort', name: 'Gemeente Amersfoort', oin: AMERSFOORT_OIN },
  });
  const lags: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const field = `benchVeld${i}`;
    const provider = await startTestIncomeProvider(plein.manifest.population.demoBsn, ['bbzRegeling', field]);
    try {
      const started = performance.now();
      const res = await plein.gql(
        'amersfoort-publisher',
        'mutation($i: RegisterSubgraphInput!) { registerSubgraph(input: $i) { changed } }',
        {
          i: { agencyKey: 'gemeente-amersfoort', name: 'gemeente-amersfoort', routingUrl: provider.url, sdl: provider.sdl },
        },
      );
      if (res.errors) throw new Error(`publication refused: ${JSON.stringify(res.errors)}`);
      for (;;) {
        const answer = await plein.gql<Record<string, string>>('klantmanager.utrecht', `{ ${field} }`);
        if (answer.data?.[field]) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      lags.push(performance.now() - started);
    } finally {
      await provider.stop();
    }
  }
  lags.sort((a, b) => a - b);
  return { p50Ms: percentile(lags, 0.5), p99Ms: percentile(lags, 0.99), rounds };
}
