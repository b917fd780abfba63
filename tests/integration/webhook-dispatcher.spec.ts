import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEvent, EmbeddedLog, newWebhookSecret, toRecord, verifyDelivery, type PleinEvent } from '@plein/events';
import { applyMigrations, createDataSource, type RunningPostgres } from '@plein/persistence';
import type { DataSource } from 'typeorm';
import { DeliveryLedger } from '../../apps/dispatcher/src/delivery/delivery-ledger.js';
import { RetryQueue } from '../../apps/dispatcher/src/delivery/retry-queue.js';
import { dispatcherDatabase } from '../../apps/dispatcher/src/dispatcher.database.js';
import { WebhookDispatcher, type DispatcherSettings } from '../../apps/dispatcher/src/delivery/webhook-dispatcher.js';
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
  // Four retries close together: five attempts in all before a dead letter.
  const SETTINGS: DispatcherSettings = {
    retrySchedule: [20, 40, 80, 160],
    timeoutMs: 2_000,
    policy: { allowLoopbackHttp: true },
    retryPollMs: 200,
  };
  // The subscriptions "in the database": every instance finds any of them, as they would in dispatcher.subscription.
  const subscriptions = new Map<string, WebhookSubscription>();
  const instance = (settings: DispatcherSettings = SETTINGS) =>
    new WebhookDispatcher(log, [TOPIC], settings, ledger(), new RetryQueue(db, 7_000), async (id) => subscriptions.get(id));
  const publish = (event: PleinEvent) => log.send([toRecord(TOPIC, event.subject ?? null, event)]);
  const event = (subgraph: string) =>
    createEvent({ type: 'nl.ontmoetingsplein.subgraph.published.v1', sourceOin: '00000001999999990000', data: { subgraph } });
  const subscription = (url: string, types: string[] = []): WebhookSubscription => {
    const made = { id: randomUUID(), org: '00000001854378000000', types, sources: [], url, secret: newWebhookSecret(randomBytes(32)) };
    subscriptions.set(made.id, made);
    return made;
  };

  beforeAll(async () => {
    pg = await scratchPostgres();
    log = await EmbeddedLog.open({ databaseUrl: pg.url, pollMs: 25 });
    await log.ensureTopic(TOPIC, 2);
    await applyMigrations(dispatcherDatabase, pg.url);
    db = createDataSource(dispatcherDatabase, { url: pg.url, poolSize: 4 });
    await db.initialize();
    dispatcher = instance();
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

  it('gets every event to a receiver that was down longer than the old retries lasted, in order per resident, while another subscription is served on', async () => {
    // Seconds apart, growing: together longer than the outage, so nothing becomes a dead letter. The
    // instances of a plein share one schedule: the other instance (a shorter one) steps aside meanwhile.
    await dispatcher.stop();
    const outlasting = instance({ ...SETTINGS, retrySchedule: [500, 1_000, 2_000, 4_000, 8_000, 8_000] });
    const down = await receiver();
    const up = await receiver();
    let isDown = true;
    down.answerWith(() => (isDown ? 503 : 200));
    const [slow, healthy] = [subscription(down.url), subscription(up.url)];
    for (const sub of [slow, healthy]) {
      await outlasting.startFromNow(sub.id);
      await outlasting.add(sub);
    }
    // Three residents (the records' keys), events interleaved.
    const sent = Array.from({ length: 30 }, (_, i) => ({ resident: `resident-${i % 3}`, event: event(`r${i}`) }));
    for (const { resident, event: e } of sent) await log.send([toRecord(TOPIC, resident, e)]);

    const inOrderPerResident = (ids: Array<string | undefined>) => {
      expect(new Set(ids)).toEqual(new Set(sent.map((x) => x.event.id)));
      expect(ids).toHaveLength(30);
      for (const resident of ['resident-0', 'resident-1', 'resident-2']) {
        const theirs = sent.filter((x) => x.resident === resident).map((x) => x.event.id);
        expect(ids.filter((id) => theirs.includes(id!))).toEqual(theirs);
      }
    };
    try {
      // The healthy receiver gets everything while the other is down.
      await eventually(() => up.received.length >= 30, 15_000);
      inOrderPerResident(up.received.map((r) => r.headers['webhook-id']));
      const outage = 12_000;
      await new Promise((r) => setTimeout(r, outage));
      expect(down.received.every((r) => r.status === 503)).toBe(true);
      expect(await outlasting.waiting(slow.id)).toBe(30);
      isDown = false;

      const delivered = () => down.received.filter((r) => r.status === 200).map((r) => r.headers['webhook-id']);
      await eventually(() => delivered().length >= 30, 30_000);
      inOrderPerResident(delivered());
      expect(await outlasting.deadLetters(slow.id)).toEqual([]);
      // A delivery's row leaves the queue after the receiver's answer: on a busy machine a moment after it.
      await eventually(async () => (await outlasting.waiting(slow.id)) === 0, 10_000);
    } finally {
      await outlasting.stop();
      dispatcher = instance();
      await Promise.all([down.close(), up.close()]);
    }
  }, 90_000);

  it('pauses a subscription whose event ran through the whole schedule, says why, holds later events, and delivers them when resumed', async () => {
    const hook = await receiver();
    hook.answerWith(() => 500);
    const sub = subscription(hook.url);
    await db.query(
      `INSERT INTO dispatcher.subscription (id, org, created_by, delivery, types, sources, url, secret) VALUES ($1, $2, 'test', 'WEBHOOK', '{}', '{}', $3, $4)`,
      [sub.id, sub.org, sub.url, sub.secret],
    );
    await dispatcher.startFromNow(sub.id);
    await dispatcher.add(sub);
    const first = event('failing');
    await publish(first);
    await eventually(async () => !dispatcher.isRunning(sub.id), 15_000);
    const [row] = (await db.query('SELECT paused_at, paused_reason FROM dispatcher.subscription WHERE id = $1', [sub.id])) as Array<{
      paused_at: Date | null;
      paused_reason: string | null;
    }>;
    expect(row!.paused_at).toBeInstanceOf(Date);
    expect(row!.paused_reason).toBe('an event could not be delivered after 5 attempts: the receiver answered HTTP 500');

    // Paused: a later event stays in the log, nothing is posted.
    hook.answerWith(() => 200);
    const later = event('later');
    await publish(later);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(hook.received.filter((r) => r.status === 200)).toEqual([]);

    await dispatcher.resume(sub);
    await eventually(() => hook.received.some((r) => r.headers['webhook-id'] === later.id && r.status === 200), 15_000);
    // The dead letter is its owner's to send again.
    expect((await dispatcher.deadLetters(sub.id)).map((d) => d.attempts)).toEqual([5]);
    expect(await dispatcher.retryDeadLetters(sub)).toBe(1);
    expect(hook.received.at(-1)!.headers['webhook-id']).toBe(first.id);
    await dispatcher.forget(sub.id);
    await hook.close();
  }, 60_000);

  it('loses no event when its own bookkeeping fails: the log sets it aside, listed with the rest, and it is delivered from there', async () => {
    const hook = await receiver();
    hook.answerWith(() => 503);
    const sub = subscription(hook.url);
    await dispatcher.startFromNow(sub.id);
    await dispatcher.add(sub);
    // The retry queue is gone (a broken migration, an operator's mistake): a failure cannot be parked.
    await db.query('ALTER TABLE dispatcher.delivery_retry RENAME TO delivery_retry_away');
    const e = event('bookkeeping');
    try {
      await publish(e);
      // Listing needs the queue too; meanwhile the log's own dead letters show it.
      await eventually(async () => (await log.deadLetters(WebhookDispatcher.groupOf(sub.id))).length === 1, 20_000);
    } finally {
      await db.query('ALTER TABLE dispatcher.delivery_retry_away RENAME TO delivery_retry');
    }
    const [letter] = await dispatcher.deadLetters(sub.id);
    expect(letter!.id).toBeLessThan(0);
    expect(letter!.error).toMatch(/delivery_retry/);

    hook.answerWith(() => 200);
    expect(await dispatcher.retryDeadLetters(sub, [letter!.id])).toBe(1);
    expect(hook.received.at(-1)).toMatchObject({ status: 200 });
    expect(hook.received.at(-1)!.headers['webhook-id']).toBe(e.id);
    expect(await dispatcher.deadLetters(sub.id)).toEqual([]);
    await dispatcher.forget(sub.id);
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
    const production = instance({ ...SETTINGS, retrySchedule: [20], policy: { allowLoopbackHttp: false } });
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
    const second = instance();
    await dispatcher.startFromNow(sub.id);
    await dispatcher.add(sub);
    await second.add(sub);
    const first = Array.from({ length: 20 }, (_, i) => event(`a${i}`));
    for (const e of first) await publish(e);
    // One instance goes away while events keep coming; a new one joins the group where it stands.
    await second.remove(sub.id);
    const later = Array.from({ length: 20 }, (_, i) => event(`b${i}`));
    for (const e of later) await publish(e);
    const third = instance();
    await third.add(sub);
    await eventually(() => hook.received.length >= 40, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    const ids = hook.received.map((r) => r.headers['webhook-id']);
    expect(new Set(ids)).toEqual(new Set([...first, ...later].map((e) => e.id)));
    expect(ids).toHaveLength(40);
    await Promise.all([second.stop(), third.stop()]);
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
