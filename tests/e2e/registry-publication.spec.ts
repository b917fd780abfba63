import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka } from 'cloudevents';
import { EmbeddedLog, EventTypes, type DeliveredRecord } from '@plein/events';
import { AMERSFOORT_OIN, PLEIN_OIN } from '../../apps/idp/src/realm.js';
import { consentsAsFound, sharedPlein, type GraphQLResponse, type PleinUnderTest } from '../support/plein.js';
import { startTestIncomeProvider, TEST_PROVIDER_SDL, testProviderSdl } from './support/test-income-provider.js';
import { eventually } from '../support/wait.js';

const REGISTER_AGENCY = 'mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { key } }';
const REGISTER_SUBGRAPH =
  'mutation($i: RegisterSubgraphInput!) { registerSubgraph(input: $i) { changed subgraph { capabilities } supergraph { id } } }';
const LIVE = '{ liveSupergraph { id } }';
const ADMIN = 'plein-operator';
const CASEWORKER = 'klantmanager.utrecht';
const OVERVIEW_SOURCES =
  'query($id: ID!) { household(id: $id) { incomeOverview { totalMonthlyCents sources { agencyKey status withheldMembers } members { streams { agencyKey scheme monthlyCents } } } } }';

interface Overview {
  household: {
    incomeOverview: {
      totalMonthlyCents: number;
      sources: Array<{ agencyKey: string; status: string; withheldMembers: string[] }>;
      members: Array<{ streams: Array<{ agencyKey: string; scheme: string; monthlyCents: number }> }>;
    };
  };
}

describe('publishing subgraphs to the registry', () => {
  let plein: PleinUnderTest;
  /** The version live when this file starts: composed without any subgraph of Amersfoort's. */
  let startVersion: number;
  let found: Awaited<ReturnType<typeof consentsAsFound>> | undefined;
  const amersfoortSubgraphs = async () =>
    (await plein.gql<{ subgraphs: Array<{ name: string }> }>(ADMIN, '{ subgraphs { name } }'))
      .data!.subgraphs.map((s) => s.name)
      .filter((n) => n.startsWith('amersfoort-') || n === 'gemeente-amersfoort');
  beforeAll(async () => {
    // The shared plein reports usage every 300 ms, so a field queried in one test counts in the
    // next; its gateway and household app poll only every 30 s and 10 min, so the swaps within
    // seconds below come from the registry's announcements (tests/support/plein.ts).
    plein = await sharedPlein();
    startVersion = await liveVersion();
    expect(await amersfoortSubgraphs()).toEqual([]);
    found = await consentsAsFound(plein, ['fatima.elamrani']);
  }, 180_000);
  afterAll(async () => {
    // Left as found, also when a test failed before the last one rolled Amersfoort's subgraphs back.
    if (plein && (await amersfoortSubgraphs()).length > 0)
      await plein.gql(ADMIN, 'mutation($v: Int!) { rollbackSupergraph(toVersion: $v) { id } }', { v: startVersion });
    await found?.restore();
    await plein?.stop();
  }, 60_000);

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

  it('includes a newly published income provider in the overview, with no restart or code change, for whoever chose to include agencies that join later', async () => {
    const payTo = plein.manifest.population.demoBsn;
    const provider = await startTestIncomeProvider(payTo);
    try {
      const id = plein.manifest.population.demoHouseholdId;
      // Fatima chooses, explicitly, to include agencies that join later; the demo consents of the
      // others were given for the seven agencies there were.
      const future = await plein.gql('fatima.elamrani', 'mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id } }', {
        i: {
          granteeOrg: '00000001002220647000',
          purpose: 'schuldhulpverlening',
          categories: ['income'],
          alsoFutureSources: true,
          validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
      });
      expect(future.errors).toBeUndefined();
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

      const { value: after, afterMs } = await eventually(async () => {
        const o = (await plein.gql<Overview>(CASEWORKER, OVERVIEW_SOURCES, { id })).data!.household.incomeOverview;
        return o.sources.some((s) => s.agencyKey === 'gemeente-amersfoort') ? o : undefined;
      }, 5_000);
      expect(afterMs).toBeLessThanOrEqual(2_000);
      // Asked about Fatima only: nobody else's consent reaches an agency that joined after it was given.
      expect(after.sources.find((s) => s.agencyKey === 'gemeente-amersfoort')).toMatchObject({
        status: 'PARTIAL',
        withheldMembers: ['Yassin El Amrani', 'Noor El Amrani', 'Adam El Amrani'],
      });
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

  describe('checks against what clients use', () => {
    const PUBLISH = `mutation($i: RegisterSubgraphInput!, $dry: Boolean) {
      registerSubgraph(input: $i, dryRun: $dry) { changed dryRun supergraph { id } changes { type path criticality usedRecently } }
    }`;
    interface Registration {
      registerSubgraph: {
        changed: boolean;
        dryRun: boolean;
        supergraph: { id: number };
        changes: Array<{ type: string; path: string | null; criticality: string; usedRecently: boolean | null }>;
      };
    }
    const publish = (url: string, sdl: string, dry = false) =>
      plein.gql<Registration>('amersfoort-publisher', PUBLISH, {
        i: { agencyKey: 'gemeente-amersfoort', name: 'gemeente-amersfoort', routingUrl: url, sdl },
        dry,
      });
    const providers: Array<{ stop(): Promise<void> }> = [];
    afterAll(async () => Promise.all(providers.map((p) => p.stop())));
    const provider = async (fields: string[]) => {
      const p = await startTestIncomeProvider(plein.manifest.population.demoBsn, fields);
      providers.push(p);
      return p;
    };

    it('refuses a breaking change to a field clients used, with the reasons, also in a dry run; the live supergraph stays', async () => {
      const live = await provider(['bbzRegeling']);
      expect((await publish(live.url, live.sdl)).errors).toBeUndefined();
      // Clients use the field (through the gateway, once it routes to the new URL).
      await eventually(async () => (await plein.gql<{ bbzRegeling: string }>(CASEWORKER, '{ bbzRegeling }')).data?.bbzRegeling, 5_000);
      const before = await liveVersion();
      const withoutIt = await provider(['bbzLoket']);
      // The gateway reports usage every 300 ms; until then the removal would not block.
      await eventually(
        async () => (await publish(withoutIt.url, withoutIt.sdl, true)).errors?.[0]?.extensions?.['code'] === 'BREAKING_CHANGE',
        10_000,
      );
      const refused = await publish(withoutIt.url, withoutIt.sdl);
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'BREAKING_CHANGE',
        breakingChanges: [expect.objectContaining({ type: 'FIELD_REMOVED', path: 'Query.bbzRegeling' })],
      });
      expect(refused.errors?.[0]?.message).toMatch(/breaking change.*unchanged/);
      expect(await liveVersion()).toBe(before);
    }, 30_000);

    it('reports but allows a breaking change to a field nobody used; keeps who published what; an administrator can roll back', async () => {
      const withExtra = await provider(['bbzRegeling', 'bbzVoorwaarden']);
      const before = await liveVersion();
      const dry = await publish(withExtra.url, withExtra.sdl, true);
      expect(dry.data?.registerSubgraph).toMatchObject({
        dryRun: true,
        changed: true,
        changes: [{ type: 'FIELD_ADDED', path: 'Query.bbzVoorwaarden', criticality: 'NON_BREAKING' }],
      });
      expect(await liveVersion()).toBe(before);
      const added = await publish(withExtra.url, withExtra.sdl);
      expect(added.data?.registerSubgraph).toMatchObject({ dryRun: false, supergraph: { id: before + 1 } });

      const without = await provider(['bbzRegeling']);
      const removed = await publish(without.url, without.sdl);
      expect(removed.errors).toBeUndefined();
      expect(removed.data!.registerSubgraph.changes).toEqual([
        { type: 'FIELD_REMOVED', path: 'Query.bbzVoorwaarden', criticality: 'BREAKING', usedRecently: false },
      ]);
      const versions = await plein.gql<{
        supergraphVersions: Array<{ id: number; publishedBy: string; reason: string; changes: Array<{ path: string }> }>;
      }>(ADMIN, '{ supergraphVersions { id publishedBy reason changes { path } } }');
      expect(versions.data!.supergraphVersions[0]).toMatchObject({
        id: before + 2,
        publishedBy: expect.stringMatching(/amersfoort-publisher/),
        changes: [{ path: 'Query.bbzVoorwaarden' }],
      });

      const rolledBack = await plein.gql<{ rollbackSupergraph: { id: number; reason: string } }>(
        ADMIN,
        'mutation($v: Int!) { rollbackSupergraph(toVersion: $v) { id reason } }',
        { v: before + 1 },
      );
      expect(rolledBack.data?.rollbackSupergraph).toEqual({ id: before + 3, reason: `rolled back to v${before + 1}` });
      const { value } = await eventually(
        async () => (await plein.gql<{ bbzVoorwaarden: string }>(CASEWORKER, '{ bbzVoorwaarden }')).data?.bbzVoorwaarden,
        // Polling is 30 s here, so only the announcement can swap within this; a busy machine gets time.
        15_000,
      );
      expect(value).toBe('bbzVoorwaarden');
      const notAdmin = await plein.gql('amersfoort-publisher', 'mutation($v: Int!) { rollbackSupergraph(toVersion: $v) { id } }', {
        v: before,
      });
      expect(notAdmin.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    }, 40_000);

    it('serves the live supergraph as a file for Apollo Router', async () => {
      const res = await fetch(`${plein.manifest.registryUrl}/supergraph.graphql`);
      expect(res.status).toBe(200);
      const sdl = await res.text();
      expect(sdl).toContain('@link(url: "https://specs.apollo.dev/join/v0.');
      expect(sdl).toMatch(/enum join__Graph \{[^}]*GEMEENTE_AMERSFOORT/);
      const live = await plein.gql<{ liveSupergraph: { id: number } }>(ADMIN, LIVE);
      expect(res.headers.get('etag')).toBe(`"${live.data!.liveSupergraph.id}"`);
    }, 30_000);

    it('never lets an agency publish for another agency, or take over another agency\u2019s subgraph', async () => {
      const forOther = await plein.gql('uwv-publisher', REGISTER_SUBGRAPH, {
        i: { agencyKey: 'svb', name: 'svb', routingUrl: 'http://127.0.0.1:9/graphql', sdl: TEST_PROVIDER_SDL },
      });
      expect(forOther.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      const takeover = await plein.gql('amersfoort-publisher', REGISTER_SUBGRAPH, {
        i: { agencyKey: 'gemeente-amersfoort', name: 'uwv', routingUrl: 'http://127.0.0.1:9/graphql', sdl: TEST_PROVIDER_SDL },
      });
      expect(takeover.errors?.[0]).toMatchObject({
        extensions: { code: 'INVALID_SUBGRAPH' },
        message: expect.stringMatching(/belongs to another agency/),
      });
    }, 30_000);

    it('refuses a routing URL that serves another schema than the one published', async () => {
      // The live schema (after the rollback) plus one field: only the routing URL is wrong.
      const serving = await provider(['bbzRegeling', 'bbzVoorwaarden']);
      const res = await publish(serving.url, testProviderSdl(['bbzRegeling', 'bbzVoorwaarden', 'bbzAnders']));
      expect(res.errors?.[0]?.extensions?.['code']).toBe('SDL_MISMATCH');
    }, 30_000);
  });

  it('composes publications that arrive together once, and gives each its own verdict: a bad one among them refuses only itself', async () => {
    const started: Array<{ stop(): Promise<void> }> = [];
    const serve = async (fields: string[], answerAfterMs = 0) => {
      const p = await startTestIncomeProvider(plein.manifest.population.demoBsn, fields, { answerAfterMs });
      started.push(p);
      return p;
    };
    type Registered = GraphQLResponse<{ registerSubgraph: { changed: boolean; supergraph: { id: number } } }>;
    // Straight to the registry, as the gateway would send them, so they reach it together.
    const register = async (publisher: string, agencyKey: string, name: string, p: { url: string; sdl: string }): Promise<Registered> => {
      const res = await fetch(`${plein.manifest.registryUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await plein.exchange(publisher, 'registry')}` },
        body: JSON.stringify({ query: REGISTER_SUBGRAPH, variables: { i: { agencyKey, name, routingUrl: p.url, sdl: p.sdl } } }),
      });
      return (await res.json()) as Registered;
    };
    const amersfoort = (name: string, p: { url: string; sdl: string }) => register('amersfoort-publisher', 'gemeente-amersfoort', name, p);
    /** A publication whose routing URL answers slowly: the registry is busy with it while the others arrive. */
    const whileBusy = async <T>(slow: Awaited<ReturnType<typeof serve>>, others: () => Promise<T>) => {
      const first = amersfoort('amersfoort-traag', slow);
      const asked = slow.received.length;
      await eventually(() => slow.received.length > asked, 15_000);
      return [await first, await others()] as const;
    };
    try {
      await plein.gql(ADMIN, REGISTER_AGENCY, { i: { key: 'gemeente-amersfoort', name: 'Gemeente Amersfoort', oin: AMERSFOORT_OIN } });
      const [alpha, beta] = await Promise.all([serve(['samenAlpha']), serve(['samenBeta'])]);
      const [slow, together] = await whileBusy(await serve(['samenTraag'], 3_000), () =>
        Promise.all([amersfoort('amersfoort-alpha', alpha), amersfoort('amersfoort-beta', beta)]),
      );
      for (const res of [slow, ...together]) expect(res.errors).toBeUndefined();
      const [a, b] = together.map((r) => r.data!.registerSubgraph);
      expect([a!.changed, b!.changed]).toEqual([true, true]);
      // One supergraph version for both, after the slow one's, naming each.
      expect(a!.supergraph.id).toBe(b!.supergraph.id);
      expect(a!.supergraph.id).toBeGreaterThan(slow.data!.registerSubgraph.supergraph.id);
      const versions = await plein.gql<{ supergraphVersions: Array<{ id: number; reason: string; publishedBy: string }> }>(
        ADMIN,
        '{ supergraphVersions { id reason publishedBy } }',
      );
      const version = versions.data!.supergraphVersions.find((v) => v.id === a!.supergraph.id)!;
      expect(version.reason).toMatch(/amersfoort-alpha/);
      expect(version.reason).toMatch(/amersfoort-beta/);
      expect(version.publishedBy).toMatch(/^(service-account-)?amersfoort-publisher$/);
      // The gateway serves both.
      const served = await eventually(async () => {
        const res = await plein.gql<{ samenAlpha: string; samenBeta: string }>(CASEWORKER, '{ samenAlpha samenBeta }');
        return res.data ?? undefined;
      }, 10_000);
      expect(served.value).toEqual({ samenAlpha: 'samenAlpha', samenBeta: 'samenBeta' });

      // Another agency's subgraph that clashes with what is live arrives with a good one: it alone is refused.
      const [gamma, clash] = await Promise.all([serve(['samenGamma']), serve(['samenAlpha'])]);
      const [, [good, bad]] = await whileBusy(await serve(['samenTraag', 'samenTraagToo'], 3_000), () =>
        Promise.all([amersfoort('amersfoort-gamma', gamma), register('uwv-publisher', 'uwv', 'uwv-samen', clash)]),
      );
      expect(good.errors).toBeUndefined();
      expect(good.data!.registerSubgraph.changed).toBe(true);
      expect(bad.data).toBeNull();
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'COMPOSITION_FAILED' });
      expect(bad.errors?.[0]?.message).toMatch(/uwv-samen/);
      const names = (await plein.gql<{ subgraphs: Array<{ name: string }> }>(ADMIN, '{ subgraphs { name } }')).data!.subgraphs.map(
        (s) => s.name,
      );
      expect(names).toEqual(expect.arrayContaining(['amersfoort-alpha', 'amersfoort-beta', 'amersfoort-gamma']));
      expect(names).not.toContain('uwv-samen');
    } finally {
      await Promise.all(started.map((p) => p.stop()));
    }
  }, 60_000);

  it('announces a rollback that removes subgraphs: the gateway and the overview drop them at once, not at their next poll', async () => {
    const id = plein.manifest.population.demoHouseholdId;
    const amersfoortIn = async () =>
      (await plein.gql<Overview>(CASEWORKER, OVERVIEW_SOURCES, { id })).data!.household.incomeOverview.sources.some(
        (s) => s.agencyKey === 'gemeente-amersfoort',
      );
    // Its agency's server is gone by now (the test before stopped it), but the field is still in the schema.
    const inSchema = async () =>
      (await plein.gql(CASEWORKER, '{ samenAlpha }')).errors?.[0]?.extensions?.['code'] !== 'GRAPHQL_VALIDATION_FAILED';
    expect(await inSchema()).toBe(true);
    expect(await amersfoortIn()).toBe(true);
    const log = await EmbeddedLog.open({ databaseUrl: plein.databaseUrl, pollMs: 50 });
    const removals: Array<{ subgraph: string; supergraphVersion: number }> = [];
    const consumer = await log.consume({
      groupId: 'e2e-removals',
      topics: [EventTypes.SUBGRAPH_REMOVED.topic],
      handle: async (r) => {
        if (r.headers['ce_type'] === EventTypes.SUBGRAPH_REMOVED.type) removals.push(JSON.parse(r.value) as (typeof removals)[number]);
      },
    });
    try {
      const rolledBack = await plein.gql<{ rollbackSupergraph: { id: number } }>(
        ADMIN,
        'mutation($v: Int!) { rollbackSupergraph(toVersion: $v) { id } }',
        { v: startVersion },
      );
      expect(rolledBack.errors).toBeUndefined();
      expect(await amersfoortSubgraphs()).toEqual([]);
      // This rollback's announcements: another file on this plein may have removed subgraphs before.
      const announced = () => removals.filter((r) => r.supergraphVersion === rolledBack.data!.rollbackSupergraph.id).map((r) => r.subgraph);
      await eventually(async () => ((await inSchema()) ? undefined : true), 15_000);
      await eventually(async () => ((await amersfoortIn()) ? undefined : true), 15_000);
      await eventually(() => (announced().length >= 5 ? true : undefined), 10_000);
      expect(announced().sort()).toEqual([
        'amersfoort-alpha',
        'amersfoort-beta',
        'amersfoort-gamma',
        'amersfoort-traag',
        'gemeente-amersfoort',
      ]);
    } finally {
      await consumer.stop();
      await log.close();
    }
  }, 60_000);

  it('lets an agency publish again what a rollback removed, numbered on from its last revision; the name stays its own', async () => {
    expect(await amersfoortSubgraphs()).toEqual([]);
    const p = await startTestIncomeProvider(plein.manifest.population.demoBsn, ['samenAlpha']);
    try {
      const publishAs = (publisher: string, agencyKey: string, name: string) =>
        plein.gql<{ registerSubgraph: { changed: boolean; subgraph: { revision: number } } }>(
          publisher,
          'mutation($i: RegisterSubgraphInput!) { registerSubgraph(input: $i) { changed subgraph { revision } } }',
          { i: { agencyKey, name, routingUrl: p.url, sdl: p.sdl } },
        );
      // Another agency cannot take the name while it is out of the supergraph.
      const takeover = await publishAs('uwv-publisher', 'uwv', 'amersfoort-alpha');
      expect(takeover.errors?.[0]).toMatchObject({
        extensions: { code: 'INVALID_SUBGRAPH' },
        message: expect.stringMatching(/belongs to another agency/),
      });
      // Its own agency can; revision 1 is kept in the history, so this is revision 2.
      const again = await publishAs('amersfoort-publisher', 'gemeente-amersfoort', 'amersfoort-alpha');
      expect(again.errors).toBeUndefined();
      expect(again.data!.registerSubgraph).toEqual({ changed: true, subgraph: { revision: 2 } });
      const { value } = await eventually(
        async () => (await plein.gql<{ samenAlpha: string }>(CASEWORKER, '{ samenAlpha }')).data?.samenAlpha,
        15_000,
      );
      expect(value).toBe('samenAlpha');
    } finally {
      await p.stop();
    }
  }, 40_000);
});
