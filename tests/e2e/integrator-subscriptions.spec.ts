import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HTTP } from 'cloudevents';
import { EventTypes, verifyDelivery } from '@plein/events';
import { AMERSFOORT_OIN } from '../../apps/idp/src/realm.js';
import { freePort } from '../support/ports.js';
import { startTestIncomeProvider } from './support/test-income-provider.js';
import { sharedPlein, supergraphAsFound, type PleinUnderTest } from '../support/plein.js';
import { eventually } from '../support/wait.js';

const INTEGRATOR = 'demo-integrator';
const OTHER_INTEGRATOR = 'wooncorp-integrator';
const PUBLISHED = EventTypes.SUBGRAPH_PUBLISHED.type;
const SUBSCRIBE =
  'mutation($i: SubscribeWebhookInput!) { subscribeWebhook(input: $i) { secret subscription { id delivery url types topics } } }';
const DEAD_LETTERS = 'query($id: ID!) { deadLetters(subscriptionId: $id) { id topic offset error attempts } }';
const REPLAY = 'mutation($i: ReplayInput!) { replaySubscription(input: $i) { id } }';

interface Delivery {
  headers: Record<string, string>;
  body: string;
}

/** An integrator's endpoint on loopback: answers with the status the test sets, keeps what arrived. */
async function webhookReceiver() {
  const received: Delivery[] = [];
  let status = 200;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (status === 200) received.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(status).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}/events`,
    received,
    answer: (s: number) => (status = s),
    close: () => new Promise((r) => server.close(r)),
  };
}

describe('integrators subscribe to plein events through the gateway', () => {
  let plein: PleinUnderTest;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let subscriptionId: string;
  let secret: string;
  /** When the plein published its own subgraphs: its first supergraph version. */
  let startedAt: Date;
  /** The live supergraph before this file published anything: restored when it is done, for the other files on this plein. */
  let supergraph: Awaited<ReturnType<typeof supergraphAsFound>> | undefined;

  const providers: Array<{ stop(): Promise<void> }> = [];
  /**
   * A real publication, so a real subgraph.published event: a joining agency (the test's own
   * provider) publishes a new revision with one more public field, served at its routing URL.
   */
  const publishAgain = async (marker: string) => {
    const provider = await startTestIncomeProvider(plein.manifest.population.demoBsn, ['bbzRegeling', marker]);
    providers.push(provider);
    const res = await plein.gql<{ registerSubgraph: { changed: boolean } }>(
      'amersfoort-publisher',
      'mutation($i: RegisterSubgraphInput!) { registerSubgraph(input: $i) { changed } }',
      { i: { agencyKey: 'gemeente-amersfoort', name: 'gemeente-amersfoort', routingUrl: provider.url, sdl: provider.sdl } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.registerSubgraph.changed).toBe(true);
  };
  /** Waits until no delivery has arrived for a while (a replay may still be running). */
  const settled = async () => {
    let last = -1;
    while (last !== hook.received.length) {
      last = hook.received.length;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  };
  const subgraphsIn = (deliveries: Delivery[]) => deliveries.map((d) => (JSON.parse(d.body) as { subgraph: string }).subgraph);

  beforeAll(async () => {
    plein = await sharedPlein();
    const versions = await plein.gql<{ supergraphVersions: Array<{ id: number; createdAt: string }> }>(
      'plein-operator',
      '{ supergraphVersions { id createdAt } }',
    );
    supergraph = await supergraphAsFound(plein);
    startedAt = new Date(Math.min(...versions.data!.supergraphVersions.map((v) => Date.parse(v.createdAt))) - 1_000);
    await plein.gql('plein-operator', 'mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { key } }', {
      i: { key: 'gemeente-amersfoort', name: 'Gemeente Amersfoort', oin: AMERSFOORT_OIN },
    });
    hook = await webhookReceiver();
    const res = await plein.gql<{ subscribeWebhook: { secret: string; subscription: { id: string; topics: string[] } } }>(
      INTEGRATOR,
      SUBSCRIBE,
      {
        i: { url: hook.url, types: [PUBLISHED] },
      },
    );
    expect(res.errors).toBeUndefined();
    subscriptionId = res.data!.subscribeWebhook.subscription.id;
    secret = res.data!.subscribeWebhook.secret;
    expect(res.data!.subscribeWebhook.subscription.topics).toEqual([EventTypes.SUBGRAPH_PUBLISHED.topic]);
  }, 180_000);
  afterAll(async () => {
    // Left as found: the subscription ends, and Amersfoort's subgraph (its server stops here) leaves the supergraph.
    if (subscriptionId) await plein.gql(INTEGRATOR, 'mutation($id: ID!) { unsubscribe(id: $id) }', { id: subscriptionId });
    await supergraph?.restore();
    await Promise.all(providers.map((p) => p.stop()));
    await hook?.close();
    await plein?.stop();
  }, 60_000);

  it('delivers what is published after subscribing, as a signed CloudEvent the receiver can verify', async () => {
    expect(hook.received).toEqual([]); // start-up publications came before the subscription
    await publishAgain('eersteMarkering');
    await eventually(() => hook.received.length >= 1, 10_000);
    const delivery = hook.received[0]!;
    expect(() => verifyDelivery(secret, delivery.headers, delivery.body)).not.toThrow();
    expect(() => verifyDelivery('whsec_' + Buffer.alloc(32).toString('base64'), delivery.headers, delivery.body)).toThrow();
    expect(delivery.headers['ce-type']).toBe(PUBLISHED);
    expect(delivery.headers['ce-specversion']).toBe('1.0');
    expect(delivery.headers['ce-source']).toMatch(/^urn:nld:oin:\d{20}$/);
    expect(JSON.parse(delivery.body)).toMatchObject({ subgraph: 'gemeente-amersfoort', agency: 'gemeente-amersfoort' });
    // The official CloudEvents SDK reads it as an event (HTTP binding, binary mode).
    const parsed = HTTP.toEvent({ headers: delivery.headers, body: delivery.body }) as { type: string; id: string; data: unknown };
    expect(parsed).toMatchObject({ type: PUBLISHED, id: delivery.headers['webhook-id'], data: { subgraph: 'gemeente-amersfoort' } });
  }, 30_000);

  it('replays from a time: the start-up publications arrive too', async () => {
    const before = hook.received.length;
    const res = await plein.gql(INTEGRATOR, REPLAY, { i: { subscriptionId, fromTime: startedAt.toISOString() } });
    expect(res.errors).toBeUndefined();
    const startUp = ['registry', 'gemeente', 'uwv', 'household', 'dispatcher'];
    await eventually(() => startUp.every((s) => subgraphsIn(hook.received.slice(before)).includes(s)), 15_000).catch(() => undefined);
    expect(subgraphsIn(hook.received.slice(before))).toEqual(expect.arrayContaining(startUp));
  }, 30_000);

  it('keeps an event the receiver refuses in the dead letters with the last error, and a retry delivers it', async () => {
    await settled();
    hook.answer(500);
    const before = hook.received.length;
    await publishAgain('tweedeMarkering');
    const { value: letters } = await eventually(async () => {
      const res = await plein.gql<{ deadLetters: Array<{ id: number; error: string; attempts: number }> }>(INTEGRATOR, DEAD_LETTERS, {
        id: subscriptionId,
      });
      return res.data?.deadLetters.length ? res.data.deadLetters : undefined;
    }, 20_000);
    expect(letters).toEqual([expect.objectContaining({ error: 'the receiver answered HTTP 500', attempts: 8 })]);
    // Its schedule ran out: the subscription is paused, and its owner reads why.
    const SUBSCRIPTIONS = '{ eventSubscriptions { id pausedAt pausedReason waitingDeliveries } }';
    const paused = await plein.gql<{ eventSubscriptions: Array<{ id: string; pausedAt: string | null; pausedReason: string | null }> }>(
      INTEGRATOR,
      SUBSCRIPTIONS,
    );
    expect(paused.data?.eventSubscriptions.find((s) => s.id === subscriptionId)).toMatchObject({
      pausedAt: expect.any(String),
      pausedReason: 'an event could not be delivered after 8 attempts: the receiver answered HTTP 500',
      waitingDeliveries: 0,
    });

    hook.answer(200);
    const retried = await plein.gql<{ retryDeadLetters: number }>(
      INTEGRATOR,
      'mutation($id: ID!) { retryDeadLetters(subscriptionId: $id) }',
      {
        id: subscriptionId,
      },
    );
    expect(retried.data?.retryDeadLetters).toBe(1);
    expect(hook.received.length).toBe(before + 1);
    expect(JSON.parse(hook.received.at(-1)!.body)).toMatchObject({ subgraph: 'gemeente-amersfoort', revision: expect.any(Number) });
    const after = await plein.gql<{ deadLetters: unknown[] }>(INTEGRATOR, DEAD_LETTERS, { id: subscriptionId });
    expect(after.data?.deadLetters).toEqual([]);
    // Delivered again: the receiver is back, and so is the subscription.
    const resumed = await plein.gql<{ eventSubscriptions: Array<{ id: string; pausedAt: string | null }> }>(INTEGRATOR, SUBSCRIPTIONS);
    expect(resumed.data?.eventSubscriptions.find((s) => s.id === subscriptionId)).toMatchObject({ pausedAt: null, pausedReason: null });
  }, 40_000);

  it("never shows or lets another organisation's integrator touch a subscription", async () => {
    const list = await plein.gql<{ eventSubscriptions: Array<{ id: string }> }>(OTHER_INTEGRATOR, '{ eventSubscriptions { id } }');
    expect(list.errors).toBeUndefined();
    expect(list.data!.eventSubscriptions.map((s) => s.id)).not.toContain(subscriptionId);
    const attempts = [
      plein.gql(OTHER_INTEGRATOR, DEAD_LETTERS, { id: subscriptionId }),
      plein.gql(OTHER_INTEGRATOR, 'mutation($id: ID!) { retryDeadLetters(subscriptionId: $id) }', { id: subscriptionId }),
      plein.gql(OTHER_INTEGRATOR, REPLAY, { i: { subscriptionId, fromTime: startedAt.toISOString() } }),
      plein.gql(OTHER_INTEGRATOR, 'mutation($id: ID!) { unsubscribe(id: $id) }', { id: subscriptionId }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const mine = await plein.gql<{ eventSubscriptions: Array<{ id: string }> }>(INTEGRATOR, '{ eventSubscriptions { id } }');
    expect(mine.data?.eventSubscriptions.map((s) => s.id)).toContain(subscriptionId);
  }, 30_000);

  it('refuses bad subscriptions with the reason and keeps nothing of them', async () => {
    const before = await plein.gql<{ eventSubscriptions: Array<{ id: string }> }>(INTEGRATOR, '{ eventSubscriptions { id } }');
    const refused = async (input: Record<string, unknown>) =>
      (await plein.gql(INTEGRATOR, SUBSCRIBE, { i: input })).errors?.[0]?.extensions?.['code'] as string | undefined;
    expect(await refused({ url: 'http://169.254.169.254/latest/meta-data' })).toBe('INVALID_WEBHOOK_URL');
    expect(await refused({ url: 'http://10.0.0.5/hook' })).toBe('INVALID_WEBHOOK_URL');
    expect(await refused({ url: 'ftp://example.org/hook' })).toBe('INVALID_WEBHOOK_URL');
    expect(await refused({ url: hook.url, types: ['nl.ontmoetingsplein.unknown.v1'] })).toBe('INVALID_SUBSCRIPTION');
    expect(await refused({ url: hook.url, sources: ['uwv'] })).toBe('INVALID_SUBSCRIPTION');
    const kafka = await plein.gql(INTEGRATOR, 'mutation { subscribeKafka(input: {}) { id } }');
    expect(kafka.errors?.[0]?.extensions?.['code']).toBe('KAFKA_NOT_AVAILABLE');
    const mine = await plein.gql<{ eventSubscriptions: Array<{ id: string }> }>(INTEGRATOR, '{ eventSubscriptions { id } }');
    expect(mine.data?.eventSubscriptions).toEqual(before.data?.eventSubscriptions);
    expect(mine.data?.eventSubscriptions.map((s) => s.id)).toContain(subscriptionId);
  }, 30_000);
});
