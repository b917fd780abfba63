import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEvent, EmbeddedLog, newWebhookSecret, toRecord, verifyDelivery, type PleinEvent } from '@plein/events';
import { applyMigrations, createDataSource, type RunningPostgres } from '@plein/persistence';
import type { DataSource } from 'typeorm';
import { DeliveryLedger } from '../../apps/dispatcher/src/delivery/delivery-ledger.js';
import { dispatcherDatabase } from '../../apps/dispatcher/src/dispatcher.database.js';
import { WebhookDispatcher } from '../../apps/dispatcher/src/delivery/webhook-dispatcher.js';
import type { WebhookSubscription } from '../../apps/dispatcher/src/delivery/webhook-subscription.js';
import { freePort } from '../support/ports.js';
import { scratchPostgres } from '../support/postgres.js';
import { eventually } from '../support/wait.js';

const TOPIC = 'plein.registry';

/** A real receiver on loopback that answers with whatever status the test sets, and keeps what arrived. */
async function receiver() {
  const received: Array<{ headers: Record<string, string>; body: string; status: number }> = [];
  let answer: (attempt: number) => number = () => 200;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const status = answer(received.length + 1);
      received.push({ headers: req.headers as Record<string, string>, body, status });
      res.writeHead(status).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    answerWith: (f: (attempt: number) => number) => (answer = f),
    close: () => new Promise((r) => server.close(r)),
  };
}

describe('webhook dispatcher', () => {
  let pg: RunningPostgres;
  let log: EmbeddedLog;
  let dispatcher: WebhookDispatcher;
  let db: DataSource;
  const ledger = (leaseMs = 7_000) => new DeliveryLedger(db, leaseMs);
  const publish = (event: PleinEvent) => log.send([toRecord(TOPIC, event.subject ?? null, event)]);
  const event = (subgraph: string) =>
    createEvent({ type: 'nl.ontmoetingsplein.subgraph.published.v1', sourceOin: '00000001999999990000', data: { subgraph } });
  const subscription = (url: string, types: string[] = []): WebhookSubscription => ({
    id: randomUUID(),
    org: '00000001854378000000',
    types,
    sources: [],
    url,
    secret: newWebhookSecret(randomBytes(32)),
  });

  beforeAll(async () => {
    pg = await scratchPostgres();
    log = await EmbeddedLog.open({ databaseUrl: pg.url, pollMs: 25 });
    await log.ensureTopic(TOPIC, 2);
    await applyMigrations(dispatcherDatabase, pg.url);
    db = createDataSource(dispatcherDatabase, { url: pg.url, poolSize: 4 });
    await db.initialize();
    dispatcher = new WebhookDispatcher(log, [TOPIC], { maxAttempts: 5, timeoutMs: 2_000, policy: { allowLoopbackHttp: true } }, ledger());
  }, 60_000);
  afterAll(async () => {
    await dispatcher?.stop();
    await db?.destroy();
    await log?.close();
    await pg?.stop();
  }, 60_000);

  it('delivers a signed CloudEvent; a receiver failing three times gets it a fourth time with the same id', async () => {
    const hook = await receiver();
    hook.answerWith((attempt) => (attempt <= 3 ? 503 : 200));
    const sub = subscription(hook.url);
    await dispatcher.startFromNow(sub.id);
    await dispatcher.add(sub);
    const e = event('uwv');
    await publish(e);
    await eventually(() => hook.received.some((r) => r.status === 200));
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.received.map((r) => r.status)).toEqual([503, 503, 503, 200]);
    expect(new Set(hook.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([e.id]));
    const ok = hook.received[3]!;
    expect(() => verifyDelivery(sub.secret, ok.headers, ok.body)).not.toThrow();
    expect(ok.headers['ce-type']).toBe('nl.ontmoetingsplein.subgraph.published.v1');
    expect(JSON.parse(ok.body)).toEqual({ subgraph: 'uwv' });
    expect(await dispatcher.deadLetters(sub.id)).toEqual([]);
    await dispatcher.remove(sub.id);
    await hook.close();
  }, 60_000);

  it('puts an event that keeps failing in the dead letters with the last error, and a retry from there delivers it', async () => {
    const hook = await receiver();
    hook.answerWith(() => 500);
    const sub = subscription(hook.url);
    await dispatcher.startFromNow(sub.id);
    await dispatcher.add(sub);
    const e = event('svb');
    await publish(e);
    await eventually(async () => (await dispatcher.deadLetters(sub.id)).length === 1);
    const [letter] = await dispatcher.deadLetters(sub.id);
    expect(letter).toMatchObject({ error: 'the receiver answered HTTP 500', attempts: 5 });
    expect(hook.received.filter((r) => r.headers['webhook-id'] === e.id)).toHaveLength(5);

    hook.answerWith(() => 200);
    expect(await dispatcher.retryDeadLetters(sub)).toBe(1);
    expect(await dispatcher.deadLetters(sub.id)).toEqual([]);
    expect(hook.received.at(-1)).toMatchObject({ status: 200 });
    expect(hook.received.at(-1)!.headers['webhook-id']).toBe(e.id);
    await dispatcher.remove(sub.id);
    await hook.close();
  }, 60_000);

  it('delivers only the event types a subscription asked for', async () => {
    const hook = await receiver();
    const sub = subscription(hook.url, ['nl.ontmoetingsplein.consent.granted.v1']);
    await dispatcher.startFromNow(sub.id);
    await dispatcher.add(sub);
    await publish(event('duo'));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(hook.received).toEqual([]);
    await dispatcher.remove(sub.id);
    await hook.close();
  }, 30_000);

  it('checks the resolved address on every delivery: a host that now resolves to a forbidden address is refused', async () => {
    const hook = await receiver();
    // Production policy. "localhost" stands for a host whose DNS was re-pointed after it was accepted.
    const production = new WebhookDispatcher(
      log,
      [TOPIC],
      { maxAttempts: 2, timeoutMs: 2_000, policy: { allowLoopbackHttp: false } },
      ledger(),
    );
    const sub = subscription(hook.url.replace('http://127.0.0.1', 'https://localhost'));
    await production.startFromNow(sub.id);
    await production.add(sub);
    await publish(event('lbio'));
    await eventually(async () => (await production.deadLetters(sub.id)).length === 1);
    const [letter] = await production.deadLetters(sub.id);
    expect(letter!.error).toMatch(/^address refused: (127\.0\.0\.1|::1) is loopback, allowed in development only$/);
    expect(hook.received).toEqual([]);
    await production.stop();
    await hook.close();
  }, 30_000);

  it('delivers each event once per subscription when two instances read the same group, and a restarted one resumes without skipping', async () => {
    const hook = await receiver();
    const sub = subscription(hook.url);
    const settings = { maxAttempts: 5, timeoutMs: 2_000, policy: { allowLoopbackHttp: true } };
    const second = new WebhookDispatcher(log, [TOPIC], settings, ledger());
    await dispatcher.startFromNow(sub.id);
    await dispatcher.add(sub);
    await second.add(sub);
    const first = Array.from({ length: 20 }, (_, i) => event(`a${i}`));
    for (const e of first) await publish(e);
    // One instance goes away while events keep coming; a new one joins the group where it stands.
    await second.remove(sub.id);
    const later = Array.from({ length: 20 }, (_, i) => event(`b${i}`));
    for (const e of later) await publish(e);
    const third = new WebhookDispatcher(log, [TOPIC], settings, ledger());
    await third.add(sub);
    await eventually(() => hook.received.length >= 40, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    const ids = hook.received.map((r) => r.headers['webhook-id']);
    expect(new Set(ids)).toEqual(new Set([...first, ...later].map((e) => e.id)));
    expect(ids).toHaveLength(40);
    await third.stop();
    await dispatcher.remove(sub.id);
    await hook.close();
  }, 60_000);

  it('lets nobody deliver an event another instance holds, and takes over a claim whose holder died', async () => {
    const id = randomUUID();
    const a = ledger(300);
    expect(await a.claim(id, 'e1')).toBe('claimed');
    // Held: a second instance waits rather than sending it too.
    expect(await ledger(300).claim(id, 'e1')).toEqual({ heldUntil: expect.any(Date) });
    let sent = 0;
    // The holder never finishes (it died): after the lease the other sends it, once.
    await expect(ledger(300).once(id, 'e1', async () => void sent++)).resolves.toBe('sent');
    await expect(ledger(300).once(id, 'e1', async () => void sent++)).resolves.toBe('already delivered');
    expect(sent).toBe(1);
    // A failed attempt frees the event at once for the next attempt.
    await expect(a.once(id, 'e2', () => Promise.reject(new Error('receiver down')))).rejects.toThrow('receiver down');
    expect(await ledger(300).claim(id, 'e2')).toBe('claimed');
  }, 30_000);
});
