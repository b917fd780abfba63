import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, EmbeddedLog, enqueueEvents, outboxDatabase, OutboxRelay, type PleinEvent } from '@plein/events';
import { createDataSource, migrate, startEmbeddedPostgres } from '@plein/persistence';
import { freePort } from '../support/ports.js';
import { percentile } from './percentile.js';

export interface EventLogFigures {
  events: number;
  /** Drain rate of a full outbox through relay, log and consumer group. */
  drainPerSecond: number;
  /** Commit → handler under a steady producer of `steadyRate` events/s. */
  steadyRate: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Outbox → relay → embedded log → consumer group, on a real Postgres: events are committed in
 * transactions of 100 (as changes would write them), and latency runs from commit to handler.
 */
export async function measureEventLog(events = 20_000): Promise<EventLogFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'plein-bench-events-'));
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  const schema = 'bench';
  const ds = createDataSource(
    { schema, entities: [...outboxDatabase.entities], migrations: [...outboxDatabase.migrations] },
    { url: pg.url, poolSize: 4 },
  );
  await ds.initialize();
  await migrate(ds, schema);
  const log = await EmbeddedLog.open({ databaseUrl: pg.url, pollMs: 20, batchSize: 1_000 });
  await log.ensureTopic('bench.events', 6);
  const relay = new OutboxRelay(ds, schema, log, { pollMs: 20, batchSize: 1_000 });
  const make = (n: number) =>
    createEvent({
      type: 'nl.ontmoetingsplein.bench.happened.v1',
      sourceOin: '00000001999999990000',
      subject: `urn:plein:pseudonym:s${n % 997}`,
      data: { n },
    });
  const commit = async (batch: PleinEvent[]) => {
    await ds.transaction((m) => enqueueEvents(m, 'bench.events', batch));
    const now = performance.now();
    for (const e of batch) committedAt.set(e.id, now);
  };
  const committedAt = new Map<string, number>();
  let received = 0;
  const latencies: number[] = [];
  let measuring = false;
  const consumer = await log.consume({
    groupId: 'bench',
    topics: ['bench.events'],
    handle: async (r) => {
      received++;
      if (measuring) latencies.push(performance.now() - committedAt.get(r.headers['ce_id']!)!);
    },
  });
  const waitFor = async (n: number) => {
    while (received < n) await new Promise((r) => setTimeout(r, 5));
  };
  try {
    // 1. Capacity: a full outbox drained through relay, log and consumer group.
    for (let i = 0; i < events; i += 500) await commit(Array.from({ length: Math.min(500, events - i) }, (_, j) => make(i + j)));
    const drainStart = performance.now();
    await relay.start();
    await waitFor(events);
    const drainPerSecond = events / ((performance.now() - drainStart) / 1000);

    // 2. Latency: a steady producer at half the measured capacity, committing every 10 ms.
    const steadyRate = Math.min(5_000, Math.floor(drainPerSecond / 2));
    const perTick = Math.max(1, Math.round(steadyRate / 100));
    measuring = true;
    const steadyEvents = steadyRate * 5;
    for (let sent = 0; sent < steadyEvents; sent += perTick) {
      const tick = performance.now();
      await commit(Array.from({ length: perTick }, (_, j) => make(events + sent + j)));
      const wait = 10 - (performance.now() - tick);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await waitFor(events + Math.ceil(steadyEvents / perTick) * perTick);
    latencies.sort((a, b) => a - b);
    return {
      events,
      drainPerSecond,
      steadyRate,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
    };
  } finally {
    await relay.stop();
    await consumer.stop();
    await log.close();
    await ds.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
