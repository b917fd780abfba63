import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka } from 'cloudevents';
import { EmbeddedLog, EventTypes, type DeliveredRecord } from '@plein/events';
import { AMERSFOORT_OIN, PLEIN_OIN } from '../../apps/idp/src/realm.js';
import { startPlein, type PleinUnderTest } from '../support/plein.js';
import { startTestIncomeProvider, TEST_PROVIDER_SDL } from './support/test-income-provider.js';
import { eventually } from '../support/wait.js';

const REGISTER_AGENCY = 'mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { key } }';
const REGISTER_SUBGRAPH =
  'mutation($i: RegisterSubgraphInput!) { registerSubgraph(input: $i) { changed subgraph { capabilities } supergraph { id } } }';
const LIVE = '{ liveSupergraph { id } }';
const ADMIN = 'plein-operator';
const CASEWORKER = 'klantmanager.utrecht';
const OVERVIEW_SOURCES =
  'query($id: ID!) { household(id: $id) { incomeOverview { totalMonthlyCents sources { agencyKey status } members { streams { agencyKey scheme monthlyCents } } } } }';

interface Overview {
  household: {
    incomeOverview: {
      totalMonthlyCents: number;
      sources: Array<{ agencyKey: string; status: string }>;
      members: Array<{ streams: Array<{ agencyKey: string; scheme: string; monthlyCents: number }> }>;
    };
  };
}

describe('publishing subgraphs to the registry', () => {
  let plein: PleinUnderTest;
  beforeAll(async () => {
    plein = await startPlein();
  }, 180_000);
  afterAll(async () => plein?.stop(), 60_000);

  const liveVersion = async () => (await plein.gql<{ liveSupergraph: { id: number } }>(ADMIN, LIVE)).data!.liveSupergraph.id;

  it('refuses a subgraph that does not compose, with the errors, and leaves the live supergraph unchanged', async () => {
    const before = await liveVersion();
    const clash =
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"]) type Household @key(fields: "id") { id: ID! members: Int! } type Query { clash: Int }';
    const res = await plein.gql('uwv-publisher', REGISTER_SUBGRAPH, {
      i: { agencyKey: 'uwv', name: 'uwv-clash', routingUrl: 'http://127.0.0.1:9/graphql', sdl: clash },
    });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/does not compose.*unchanged/);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'COMPOSITION_FAILED' });
    const errors = res.errors![0]!.extensions!['compositionErrors'] as Array<{ code: string; message: string }>;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/Household\.members/);

    expect(await liveVersion()).toBe(before);
    const subgraphs = await plein.gql<{ subgraphs: Array<{ name: string }> }>(ADMIN, '{ subgraphs { name } }');
    expect(subgraphs.data!.subgraphs.map((s) => s.name)).not.toContain('uwv-clash');
  });

  it('refuses SDL that is not GraphQL and a routing URL that is not http(s)', async () => {
    const bad = await plein.gql('uwv-publisher', REGISTER_SUBGRAPH, {
      i: { agencyKey: 'uwv', name: 'uwv-x', routingUrl: 'file:///etc/passwd', sdl: 'type {' },
    });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_SUBGRAPH' });
    expect(bad.errors?.[0]?.message).toMatch(/http or https only/);
  });

  it('includes a newly published income provider in the overview, with no restart or code change', async () => {
    const payTo = plein.manifest.population.demoBsn;
    const provider = await startTestIncomeProvider(payTo);
    try {
      const id = plein.manifest.population.demoHouseholdId;
      const before = (await plein.gql<Overview>(CASEWORKER, OVERVIEW_SOURCES, { id })).data!.household.incomeOverview;
      expect(before.sources.map((s) => s.agencyKey)).not.toContain('gemeente-amersfoort');

      const versionBefore = await liveVersion();
      await plein.gql(ADMIN, REGISTER_AGENCY, { i: { key: 'gemeente-amersfoort', name: 'Gemeente Amersfoort', oin: AMERSFOORT_OIN } });
      const published = await plein.gql<{
        registerSubgraph: { changed: boolean; subgraph: { capabilities: string[] }; supergraph: { id: number } };
      }>('amersfoort-publisher', REGISTER_SUBGRAPH, {
        i: { agencyKey: 'gemeente-amersfoort', name: 'gemeente-amersfoort', routingUrl: provider.url, sdl: TEST_PROVIDER_SDL },
      });
      expect(published.errors).toBeUndefined();
      expect(published.data!.registerSubgraph).toEqual({
        changed: true,
        subgraph: { capabilities: ['income/v1'] },
        supergraph: { id: versionBefore + 1 },
      });

      const { value: after } = await eventually(async () => {
        const o = (await plein.gql<Overview>(CASEWORKER, OVERVIEW_SOURCES, { id })).data!.household.incomeOverview;
        return o.sources.some((s) => s.agencyKey === 'gemeente-amersfoort') ? o : undefined;
      }, 5_000);
      expect(after.sources.find((s) => s.agencyKey === 'gemeente-amersfoort')!.status).toBe('OK');
      expect(after.members.flatMap((m) => m.streams)).toContainEqual({
        agencyKey: 'gemeente-amersfoort',
        scheme: 'BBZ',
        monthlyCents: 30000,
      });
      expect(after.totalMonthlyCents).toBe(before.totalMonthlyCents + 30000);

      // The gateway swapped to the new supergraph live: the agency's public field answers.
      const { value: swapped } = await eventually(async () => {
        const res = await plein.gql<{ bbzRegeling: string }>(CASEWORKER, '{ bbzRegeling }');
        return res.data?.bbzRegeling;
      }, 5_000);
      expect(swapped).toMatch(/Besluit bijstandverlening zelfstandigen/);
    } finally {
      await provider.stop();
    }
  }, 30_000);

  it('announces every publication as a subgraph.published CloudEvent on the event log', async () => {
    const log = await EmbeddedLog.open({ databaseUrl: plein.databaseUrl, pollMs: 50 });
    const seen: DeliveredRecord[] = [];
    const consumer = await log.consume({
      groupId: 'e2e-watcher',
      topics: [EventTypes.SUBGRAPH_PUBLISHED.topic],
      handle: async (r) => void seen.push(r),
    });
    try {
      await eventually(async () => (seen.some((r) => r.value.includes('"gemeente-amersfoort"')) ? true : undefined), 5_000);
      const record = seen.find((r) => r.value.includes('"gemeente-amersfoort"'))!;
      const event = Kafka.toEvent({ headers: record.headers, key: record.key, value: record.value, body: record.value } as never) as {
        type: string;
        source: string;
        data: Record<string, unknown>;
      };
      expect(event).toMatchObject({
        type: EventTypes.SUBGRAPH_PUBLISHED.type,
        source: `urn:nld:oin:${PLEIN_OIN}`,
        data: {
          subgraph: 'gemeente-amersfoort',
          agency: 'gemeente-amersfoort',
          agencyOin: AMERSFOORT_OIN,
          revision: 1,
          capabilities: ['income/v1'],
        },
      });
      // Every subgraph the runtime published at start-up was announced too; refused ones never.
      const announced = seen.map((r) => (JSON.parse(r.value) as { subgraph: string }).subgraph);
      expect(announced).toEqual(expect.arrayContaining(['registry', 'gemeente', 'uwv', 'household', 'gemeente-amersfoort']));
      expect(announced).not.toContain('uwv-clash');
    } finally {
      await consumer.stop();
      await log.close();
    }
  }, 30_000);
});
