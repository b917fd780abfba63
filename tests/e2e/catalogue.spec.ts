import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EmbeddedLog, EventTypes, type DeliveredRecord } from '@plein/events';
import { sharedPlein, type PleinUnderTest } from '../support/plein.js';
import { eventually } from '../support/wait.js';

const RESIDENT = 'fatima.elamrani';
const SEARCH =
  'query($q: String!) { searchCatalogue(query: $q) { lifeSituations { situation { key name } rank } services { service { name agencyKey } rank } } }';
const PUBLISH = 'mutation($i: PublishServiceInput!) { publishService(input: $i) { id name status } }';

interface Found {
  searchCatalogue: {
    lifeSituations: Array<{ situation: { key: string; name: string }; rank: number }>;
    services: Array<{ service: { name: string; agencyKey: string }; rank: number }>;
  };
}

/** The service catalogue by life situation, searched in residents' own words. */
describe('service catalogue', () => {
  let plein: PleinUnderTest;
  const search = async (q: string, who = RESIDENT) => {
    const res = await plein.gql<Found>(who, SEARCH, { q });
    expect(res.errors).toBeUndefined();
    return res.data!.searchCatalogue;
  };
  const service = (over: Record<string, unknown> = {}) => ({
    agencyKey: 'uwv',
    name: 'Hulp bij werk zoeken',
    description: 'Trainingen en begeleiding om weer aan het werk te komen.',
    lifeSituation: 'baan-verloren',
    milestone: 'werk-zoeken',
    channels: ['online'],
    formula: 'partner',
    url: 'https://www.uwv.nl/werkzoekenden/',
    keywords: ['sollicitatie', 'vacatures'],
    ...over,
  });

  beforeAll(async () => {
    plein = await sharedPlein();
  }, 180_000);
  afterAll(async () => plein?.stop(), 60_000);

  it('lists the life situations with their milestones and the services agencies published', async () => {
    const res = await plein.gql<{
      lifeSituations: Array<{ key: string; name: string; milestones: string[]; services: Array<{ agencyKey: string }> }>;
    }>(RESIDENT, '{ lifeSituations { key name milestones services { agencyKey } } }');
    const byKey = new Map(res.data!.lifeSituations.map((s) => [s.key, s]));
    expect([...byKey.keys()].sort()).toEqual(['baan-verloren', 'financiele-zorgen', 'kind-geboren', 'met-pensioen', 'overlijden-partner']);
    expect(byKey.get('financiele-zorgen')).toMatchObject({
      name: 'Financiële zorgen',
      milestones: ['preventie', 'vroegsignalering', 'schulden-regelen', 'begeleiding', 'nazorg'],
    });
    expect(byKey.get('financiele-zorgen')!.services.length).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it.each([
    ['ik kan de huur niet betalen', 'financiele-zorgen'],
    ['ik sta rood', 'financiele-zorgen'],
    ['geldzorgen', 'financiele-zorgen'],
    ['ik ben ontslagen', 'baan-verloren'],
    ['mijn man is overleden', 'overlijden-partner'],
  ])('finds "%s" under the right life situation first', async (q, key) => {
    const found = await search(q);
    expect(found.lifeSituations[0]?.situation.key).toBe(key);
  });

  it('ranks the services that fit best first', async () => {
    const found = await search('ik kan de huur niet betalen');
    expect(found.services.length).toBeGreaterThan(0);
    expect(found.services.map((s) => s.rank)).toEqual([...found.services.map((s) => s.rank)].sort((a, b) => b - a));
    expect(found.services.slice(0, 3).map((s) => s.service.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Huurtoeslag|Vroegsignalering/)]),
    );
  });

  it('logs searches without personal data and reports what found nothing, per week, to agencies', async () => {
    expect(await search('xyzzy')).toEqual({ lifeSituations: [], services: [] });
    await search('xyzzy 111222333');
    const report = await plein.gql<{ zeroResultSearches: Array<{ phrase: string; searches: number }> }>(
      'uwv-publisher',
      'query($w: DateTime!) { zeroResultSearches(weekOf: $w) { phrase searches } }',
      { w: new Date().toISOString() },
    );
    expect(report.data?.zeroResultSearches).toEqual(
      expect.arrayContaining([
        { phrase: 'xyzzy', searches: 1 },
        { phrase: 'xyzzy #########', searches: 1 },
      ]),
    );
    expect(JSON.stringify(report.data)).not.toContain('111222333');
    const resident = await plein.gql(RESIDENT, 'query($w: DateTime!) { zeroResultSearches(weekOf: $w) { phrase } }', {
      w: new Date().toISOString(),
    });
    expect(resident.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  }, 30_000);

  it('lets an agency publish and withdraw its own services, announced as events; never for another agency', async () => {
    const forOther = await plein.gql('uwv-publisher', PUBLISH, { i: service({ agencyKey: 'svb' }) });
    expect(forOther.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const badMilestone = await plein.gql('uwv-publisher', PUBLISH, { i: service({ milestone: 'nazorg' }) });
    expect(badMilestone.errors?.[0]?.extensions?.['code']).toBe('INVALID_SERVICE');
    const http = await plein.gql('uwv-publisher', PUBLISH, { i: service({ url: 'http://www.uwv.nl/' }) });
    expect(http.errors?.[0]?.extensions?.['code']).toBe('INVALID_SERVICE');

    const published = await plein.gql<{ publishService: { id: string; status: string } }>('uwv-publisher', PUBLISH, { i: service() });
    expect(published.data?.publishService.status).toBe('PUBLISHED');
    const id = published.data!.publishService.id;
    expect((await search('vacatures')).services.map((s) => s.service.name)).toContain('Hulp bij werk zoeken');

    const stranger = await plein.gql('svb-publisher', 'mutation($id: ID!) { withdrawService(id: $id) { id } }', { id });
    expect(stranger.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const withdrawn = await plein.gql<{ withdrawService: { status: string } }>(
      'uwv-publisher',
      'mutation($id: ID!) { withdrawService(id: $id) { status } }',
      { id },
    );
    expect(withdrawn.data?.withdrawService.status).toBe('WITHDRAWN');
    expect((await search('vacatures')).services.map((s) => s.service.name)).not.toContain('Hulp bij werk zoeken');

    const log = await EmbeddedLog.open({ databaseUrl: plein.databaseUrl, pollMs: 50 });
    const seen: DeliveredRecord[] = [];
    const consumer = await log.consume({
      groupId: 'e2e-catalogue',
      topics: [EventTypes.SERVICE_PUBLISHED.topic],
      handle: async (r) => void seen.push(r),
    });
    try {
      await eventually(() => seen.some((r) => r.headers['ce_type'] === EventTypes.SERVICE_WITHDRAWN.type), 10_000);
      const mine = seen.filter((r) => r.value.includes(id)).map((r) => r.headers['ce_type']);
      expect(mine).toEqual([EventTypes.SERVICE_PUBLISHED.type, EventTypes.SERVICE_WITHDRAWN.type]);
    } finally {
      await consumer.stop();
      await log.close();
    }
  }, 30_000);
});
