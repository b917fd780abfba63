import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { EmbeddedLog } from '@plein/events';
import type { RunningPostgres } from '@plein/persistence';
import { scratchPostgres } from '../support/postgres.js';
import { eventually } from '../support/wait.js';

/** What only the embedded log has to survive: its own database connections being cut. */
describe('embedded log', () => {
  let server: RunningPostgres;
  let log: EmbeddedLog;
  let admin: pg.Client;

  beforeAll(async () => {
    server = await scratchPostgres();
    log = await EmbeddedLog.open({ databaseUrl: server.url, pollMs: 25 });
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await log?.close();
    await server?.stop();
  }, 60_000);

  it('keeps consuming, losing nothing, after the server cuts every connection of the log', async () => {
    await log.ensureTopic('cut.connections', 2);
    const seen = new Set<string>();
    const consumer = await log.consume({ groupId: 'g-cut', topics: ['cut.connections'], handle: async (r) => void seen.add(r.value) });
    const send = (from: number) =>
      log.send(Array.from({ length: 20 }, (_, i) => ({ topic: 'cut.connections', key: `k${i % 5}`, value: String(from + i) })));
    await send(0);
    await eventually(() => seen.size === 20);
    await eventually(() => consumer.assignment().length === 2);

    const { rows } = await admin.query<{ n: number }>(
      "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name LIKE 'eventlog%'",
    );
    expect(rows[0]!.n).toBeGreaterThan(0);

    // A connection cut mid-use fails that one send, as with any database; the relay retries.
    await eventually(() =>
      send(20).then(
        () => true,
        () => false,
      ),
    );
    await eventually(() => seen.size === 40, 15_000);
    await eventually(() => consumer.assignment().length === 2);
    await consumer.stop();
    expect([...seen].map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  }, 60_000);
  it('reads every notified record, also one notified while a look is pending (no safety read to catch it)', async () => {
    // Looks every 10 ms, so notifications keep arriving while one is pending and merge into
    // it; no safety read ever, so a notification lost in the merge is a record never read.
    const busy = await EmbeddedLog.open({ databaseUrl: server.url, pollMs: 10, safetyReadEvery: Number.MAX_SAFE_INTEGER });
    try {
      await busy.ensureTopic('merged.wakes', 4);
      const seen = new Set<string>();
      const consumer = await busy.consume({ groupId: 'g-merged', topics: ['merged.wakes'], handle: async (r) => void seen.add(r.value) });
      await eventually(() => consumer.assignment().length === 4);
      // One record at a time, each waited for: no later notification can read an earlier one by the way.
      for (let round = 0; round < 40; round++) {
        await busy.send([{ topic: 'merged.wakes', key: `k${round}`, value: String(round) }]);
        await eventually(() => seen.has(String(round)), 5_000);
      }
      expect(seen.size).toBe(40);
      await consumer.stop();
    } finally {
      await busy.close();
    }
  }, 60_000);

  it("gives a crashed member's partitions to the live one at its next look, and an idle member writes nothing", async () => {
    await log.ensureTopic('crashed.member', 4);
    const other = spawn(process.execPath, [resolve('dist/tests/support/log-member-worker.js')], {
      env: { ...process.env, DATABASE_URL: server.url, GROUP: 'g-crash', TOPIC: 'crashed.member' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    other.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await eventually(() => out.includes('holds 4'), 20_000);
      const seen = new Set<string>();
      const consumer = await log.consume({ groupId: 'g-crash', topics: ['crashed.member'], handle: async (r) => void seen.add(r.value) });
      // Split between the two: each holds two.
      await eventually(() => consumer.assignment().length === 2 && out.trimEnd().endsWith('holds 2'), 10_000);

      // Idle, looking every 25 ms: the membership rows are not written again (no heartbeat).
      const versions = async () =>
        (
          await admin.query<{ v: string }>(
            "SELECT member_id || ':' || xmin::text AS v FROM eventlog.group_member WHERE group_id = 'g-crash' ORDER BY 1",
          )
        ).rows.map((r) => r.v);
      const before = await versions();
      expect(before).toHaveLength(2);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await versions()).toEqual(before);

      // Killed outright: it leaves no word, only its connections closing and its locks with them.
      other.kill('SIGKILL');
      await eventually(() => consumer.assignment().length === 4, 10_000);
      expect(await versions()).toHaveLength(1);
      await log.send(Array.from({ length: 20 }, (_, i) => ({ topic: 'crashed.member', key: `k${i}`, value: String(i) })));
      await eventually(() => seen.size === 20, 10_000);
      await consumer.stop();
    } finally {
      other.kill('SIGKILL');
    }
  }, 60_000);
});
