import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka } from 'cloudevents';
import { createEvent, EmbeddedLog, enqueueEvent, outboxDatabase, OutboxRelay, pseudonymOf, type DeliveredRecord } from '@plein/events';
import { createDataSource, migrate, type RunningPostgres } from '@plein/persistence';
import type { DataSource } from 'typeorm';
import { scratchPostgres } from '../support/postgres.js';

const SCHEMA = 'outbox_test';
const TOPIC = 'plein.test';
const KEY = 'a-test-key-of-at-least-thirty-two-characters';
const event = (n: number) =>
  createEvent({
    type: 'nl.ontmoetingsplein.test.changed.v1',
    sourceOin: '00000001999999990000',
    subject: pseudonymOf(`10000000${n % 10}` as never, KEY),
    data: { n },
  });

describe('transactional outbox', () => {
  let pg: RunningPostgres;
  let ds: DataSource;
  let log: EmbeddedLog;

  beforeAll(async () => {
    pg = await scratchPostgres();
    ds = createDataSource(
      { schema: SCHEMA, entities: [...outboxDatabase.entities], migrations: [...outboxDatabase.migrations] },
      { url: pg.url, poolSize: 4 },
    );
    await ds.initialize();
    await migrate(ds, SCHEMA);
    await ds.query(`CREATE TABLE ${SCHEMA}.change (n int PRIMARY KEY)`);
    log = await EmbeddedLog.open({ databaseUrl: pg.url, pollMs: 50 });
    await log.ensureTopic(TOPIC, 3);
  }, 60_000);
  afterAll(async () => {
    await log?.close();
    await ds?.destroy();
    await pg?.stop();
  }, 60_000);

  const collect = async (groupId: string, until: (seen: DeliveredRecord[]) => boolean, topic = TOPIC) => {
    const seen: DeliveredRecord[] = [];
    const consumer = await log.consume({ groupId, topics: [topic], handle: async (r) => void seen.push(r) });
    // Generous: on a loaded 2-core CI machine the consumer's polls can lag for seconds.
    const deadline = Date.now() + 45_000;
    while (!until(seen) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 200));
    await consumer.stop();
    return seen;
  };

  it('emits nothing for a rolled-back change', async () => {
    await expect(
      ds.transaction(async (m) => {
        await m.query(`INSERT INTO ${SCHEMA}.change (n) VALUES (1)`);
        await enqueueEvent(m, TOPIC, event(1));
        throw new Error('the change fails after writing its event');
      }),
    ).rejects.toThrow('the change fails');
    expect(await new OutboxRelay(ds, SCHEMA, log).relayOnce()).toBe(0);
    expect(await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox`)).toEqual([{ n: 0 }]);
  });

  it('refuses an invalid event and with it the change', async () => {
    await expect(
      ds.transaction(async (m) => {
        await m.query(`INSERT INTO ${SCHEMA}.change (n) VALUES (2)`);
        await enqueueEvent(m, TOPIC, { ...event(2), subject: '111222333' });
      }),
    ).rejects.toThrow(/looks like a BSN/);
    expect(await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.change WHERE n = 2`)).toEqual([{ n: 0 }]);
  });

  it('relays a committed change once, as a CloudEvent the official SDK reads from the Kafka binding', async () => {
    const e = event(3);
    await ds.transaction(async (m) => {
      await m.query(`INSERT INTO ${SCHEMA}.change (n) VALUES (3)`);
      await enqueueEvent(m, TOPIC, e);
    });
    const relay = new OutboxRelay(ds, SCHEMA, log);
    expect(await relay.relayOnce()).toBe(1);
    expect(await relay.relayOnce()).toBe(0);
    const seen = await collect('g-once', (s) => s.length >= 1);
    expect(seen).toHaveLength(1);
    const parsed = Kafka.toEvent({
      headers: seen[0]!.headers,
      key: seen[0]!.key,
      value: seen[0]!.value,
      body: seen[0]!.value,
    } as never) as { id: string; type: string; data: unknown; subject: string };
    expect(parsed).toMatchObject({ id: e.id, type: 'nl.ontmoetingsplein.test.changed.v1', subject: e.subject, data: { n: 3 } });
  });

  it('loses nothing when a relay process is killed mid-batch: every event arrives, applied once by id', async () => {
    const topic = 'plein.test.kill';
    await log.ensureTopic(topic, 3);
    const events = Array.from({ length: 120 }, (_, i) => event(100 + i));
    for (const e of events) await ds.transaction((m) => enqueueEvent(m, topic, e));

    const worker = spawn(process.execPath, [resolve('dist/tests/support/outbox-relay-worker.js')], {
      env: { ...process.env, DATABASE_URL: pg.url, OUTBOX_SCHEMA: SCHEMA, BATCH_SIZE: '50', PAUSE_AFTER_SEND_MS: '60000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((done, fail) => {
      worker.stdout!.on('data', (d: Buffer) => d.toString().includes('sent') && done());
      worker.once('exit', (code) => fail(new Error(`relay worker exited early (${code})`)));
    });
    worker.kill('SIGKILL'); // after its batch went out, before it was marked published
    await new Promise((r) => worker.once('exit', r));

    const relay = new OutboxRelay(ds, SCHEMA, log, { batchSize: 50 });
    while ((await relay.relayOnce()) > 0);

    const seen = await collect('g-kill', (s) => new Set(s.map((r) => r.headers['ce_id'])).size >= events.length, topic);
    const ids = seen.map((r) => r.headers['ce_id']!);
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
    expect(ids.length).toBeGreaterThan(events.length); // the killed batch came again: at least once
    const applied = new Set<string>();
    for (const id of ids) applied.add(id); // de-duplication by event id
    expect(applied.size).toBe(events.length);
    expect(await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox WHERE published_at IS NULL`)).toEqual([{ n: 0 }]);
  }, 120_000);
});
