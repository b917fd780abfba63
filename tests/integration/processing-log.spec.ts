import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate, type RunningPostgres } from '@plein/persistence';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FileCheckpoints,
  LogShipper,
  ProcessingLog,
  SourceLog,
  processingLogDatabase,
  verifyLog,
  type NewLogEntry,
} from '@plein/processing-log';
import { register } from 'prom-client';
import { scratchPostgres } from '../support/postgres.js';
import { eventually } from '../support/wait.js';

const SCHEMA = 'logboek_test';
const KEY = 'the-source-key-kept-outside-the-database';

/** What an operator's scraper reads of one figure for this log (undefined: not reported). */
async function logMetric(name: string): Promise<number | undefined> {
  const metric = (await register.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values.find((v) => v.labels['log'] === SCHEMA)?.value;
}
// Every 50th is a request refused before any resident was in question: it names nobody and must verify all the same.
const refusedRequest = (n: number) => n % 50 === 49;
const entry = (n: number): NewLogEntry => ({
  traceId: n.toString(16).padStart(32, '0'),
  operationId: n.toString(16).padStart(16, '0'),
  parentOperationId: null,
  name: 'incomeStreamsV1',
  statusCode: refusedRequest(n) ? 2 : 1,
  startTime: new Date(),
  endTime: new Date(),
  processingActivityId: 'https://ontmoetingsplein.nl/verwerkingsactiviteiten/test/inkomen',
  dataSubjectId: refusedRequest(n) ? null : `urn:plein:pseudonym:${n % 7}`,
  purpose: 'schuldhulpverlening',
  legalBasis: 'consent:test',
  receiverOrg: '00000001002220647000',
  receiverRole: 'caseworker',
  category: 'income',
  source: 'logboek-test',
  // Rows written before the log named its actor have none; both forms must verify.
  actor: n % 3 === 0 ? null : 'f3a1c2d4-caseworker-subject',
});

/** Appends from concurrent views commit together, in one chain, and only once committed. */
describe('processing log appends (group commit)', () => {
  let pg: RunningPostgres;
  let ds: DataSource;
  // Writes of a batch: a locked transaction, or one statement that follows a head it knows.
  let writes = 0;

  beforeAll(async () => {
    pg = await scratchPostgres();
    ds = createDataSource({ schema: SCHEMA, ...processingLogDatabase }, { url: pg.url, poolSize: 4 });
    await ds.initialize();
    await migrate(ds, SCHEMA);
    const transaction = ds.transaction.bind(ds) as (run: never) => Promise<unknown>;
    ds.transaction = ((run: never) => {
      writes++;
      return transaction(run);
    }) as DataSource['transaction'];
    // The one-statement batch is prepared, so it goes to TypeORM's pool directly; a transaction's
    // statements go to a connection taken from that pool, and do not pass here.
    const pool = (ds.driver as unknown as { master: { query: (config: { text: string }) => Promise<unknown> } }).master;
    const query = pool.query.bind(pool);
    pool.query = (config: { text: string }) => {
      if (/UPDATE \S+\.processing_log_head/.test(config.text)) writes++;
      return query(config);
    };
  }, 60_000);
  afterAll(async () => {
    await ds?.destroy();
    await pg?.stop();
  }, 30_000);

  it('writes 200 concurrent appends in a few transactions, each resolved only when its entries are committed', async () => {
    const log = new ProcessingLog(ds, SCHEMA, KEY);
    const count = async () => Number((await ds.query(`SELECT count(*) AS n FROM ${SCHEMA}.processing_log`))[0].n);
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await log.append([entry(2 * i), entry(2 * i + 1)]);
        // Resolved means committed: this append's entries are readable by anyone now.
        const rows: unknown[] = await ds.query(`SELECT 1 FROM ${SCHEMA}.processing_log WHERE trace_id = $1`, [entry(2 * i).traceId]);
        expect(rows).toHaveLength(1);
      }),
    );
    expect(await count()).toBe(400);
    expect(Number((await ds.query(`SELECT count(*) AS n FROM ${SCHEMA}.processing_log WHERE data_subject_id IS NULL`))[0].n)).toBe(8);
    expect(writes).toBeLessThan(200);
    const report = await verifyLog(ds, SCHEMA, { key: KEY, checkpoints: [] });
    expect(report).toEqual({ schema: SCHEMA, entries: 400, problems: [] });
    expect(log.lastWritten?.seq).toBe(400);
  }, 60_000);

  it('refuses to verify under another key: a chain recomputed without the source’s key shows', async () => {
    const report = await verifyLog(ds, SCHEMA, { key: 'an-insider-key-that-is-not-the-sources', checkpoints: [] });
    expect(report.problems).toHaveLength(400);
    expect(report.problems[0]).toBe('entry 1 was altered');
  });

  it('shows an actor removed from an entry, or put on one that had none', async () => {
    await ds.query(`ALTER TABLE ${SCHEMA}.processing_log DISABLE TRIGGER processing_log_append_only`);
    // entry(0) (seq 1) had no actor, entry(1) (seq 2) had one.
    await ds.query(`UPDATE ${SCHEMA}.processing_log SET actor = 'someone-else' WHERE seq = 1`);
    await ds.query(`UPDATE ${SCHEMA}.processing_log SET actor = NULL WHERE seq = 2`);
    await ds.query(`ALTER TABLE ${SCHEMA}.processing_log ENABLE TRIGGER processing_log_append_only`);
    const report = await verifyLog(ds, SCHEMA, { key: KEY, checkpoints: [] });
    expect(report.problems).toEqual(['entry 1 was altered', 'entry 2 was altered']);
  });

  it('hands every entry to the accountable record once it is committed, in order, through the record being down', async () => {
    const received: number[] = [];
    let down = 2;
    const shipper = new LogShipper(
      ds,
      SCHEMA,
      async (entries) => {
        if (down > 0) {
          down--;
          throw new Error('the accountable record is down');
        }
        received.push(...entries.map((e) => e.seq));
      },
      () => undefined,
    );
    // What an operator's scraper reads: how far the log is behind, and the hand-overs that failed.
    const figures = async () => ({
      behind: await logMetric('plein_processing_log_behind_entries'),
      failed: (await logMetric('plein_processing_log_handover_failures_total')) ?? 0,
    });
    expect(await figures()).toEqual({ behind: 400, failed: 0 });
    shipper.wake();
    await eventually(() => received.length === 400, 30_000);
    expect(received).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    // The position moves once the record has answered, a moment after it received the last batch.
    await eventually(async () => (await figures()).behind === 0, 10_000);
    expect(await figures()).toEqual({ behind: 0, failed: 2 });
    // Appends after that are handed over when they are written, not found by a timer.
    const log = new ProcessingLog(ds, SCHEMA, KEY);
    await log.append([entry(1000)]);
    expect((await figures()).behind).toBe(1);
    shipper.wake();
    await eventually(() => received.length === 401, 10_000);
    expect(received.at(-1)).toBe(401);
    await shipper.stop();
    // A log this process no longer hands over is not reported as its own.
    expect((await figures()).behind).toBeUndefined();
    const [position] = await ds.query(`SELECT last_seq FROM ${SCHEMA}.processing_log_shipped`);
    expect(Number(position.last_seq)).toBe(401);
  }, 60_000);

  it('moves on past entries the record set aside, and tells this source’s operators', async () => {
    const log = new ProcessingLog(ds, SCHEMA, KEY);
    await log.append([entry(3000), entry(3001)]);
    const [{ head }] = await ds.query(`SELECT last_seq::int AS head FROM ${SCHEMA}.processing_log_head`);
    const told: string[] = [];
    // The record kept one of the two by its place only (a source a version apart from it).
    const shipper = new LogShipper(
      ds,
      SCHEMA,
      async () => ({ setAside: 1 }),
      (m) => told.push(m),
      0,
    );
    shipper.wake();
    await eventually(() => told.length > 0, 10_000);
    await shipper.stop();
    expect(told).toEqual([
      `the accountable record set aside 1 of entries ${head - 1}–${head} (they break its rules; see plein_record_set_aside_entries_total there)`,
    ]);
    const [position] = await ds.query(`SELECT last_seq::int AS n FROM ${SCHEMA}.processing_log_shipped`);
    expect(position.n).toBe(head);
    expect(await logMetric('plein_processing_log_set_aside_entries_total')).toBe(1);
  });

  it('refuses an access that names no resident (only a refusal may) and a value too long for its column', async () => {
    const log = new ProcessingLog(ds, SCHEMA, KEY);
    const before = Number((await ds.query(`SELECT count(*) AS n FROM ${SCHEMA}.processing_log`))[0].n);
    await expect(log.append([{ ...entry(10_000), dataSubjectId: null }])).rejects.toThrow(/processing_log_subject_chk/);
    // Nor is anything cut short to fit under its MAC: a name longer than the record keeps is refused.
    await expect(log.append([{ ...entry(10_001), name: 'n'.repeat(201) }])).rejects.toThrow(/name is longer than 200 characters/);
    expect(Number((await ds.query(`SELECT count(*) AS n FROM ${SCHEMA}.processing_log`))[0].n)).toBe(before);
  });

  it('writes no entry the accountable record would refuse, and the appends beside it are written and handed over', async () => {
    const log = new ProcessingLog(ds, SCHEMA, KEY);
    const count = async () => Number((await ds.query(`SELECT count(*) AS n FROM ${SCHEMA}.processing_log`))[0].n);
    const before = await count();
    // A statutory basis with a BSN in its text, sent with two ordinary accesses at the same moment.
    const [bad, ...good] = await Promise.allSettled([
      log.append([{ ...entry(20_000), legalBasis: 'statutory:Wet 123456782 art. 1' }]),
      log.append([entry(20_001)]),
      log.append([entry(20_002), { ...entry(20_003), legalBasis: 'consent:0f1e2d3c-4b5a-4697-8877-a123456782bc' }]),
    ]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/legalBasis must not contain a BSN/) } });
    expect(good.map((g) => g.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await count()).toBe(before + 3);
    // The record takes what the source wrote: its hand-over goes on past these entries.
    const handedOver: string[] = [];
    const shipper = new LogShipper(
      ds,
      SCHEMA,
      async (entries) => {
        handedOver.push(...entries.map((e) => e.legalBasis));
      },
      () => undefined,
      0,
    );
    shipper.wake();
    await eventually(() => handedOver.includes('consent:0f1e2d3c-4b5a-4697-8877-a123456782bc'), 10_000);
    await shipper.stop();
    expect(handedOver.some((b) => b.includes('Wet 123456782'))).toBe(false);
  });

  it('checkpoints a burst of appends once, shortly after, the head the chain ends in; an idle log writes no checkpoint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'checkpoints-'));
    const source = new SourceLog(
      ds,
      { schema: SCHEMA, source: 'checkpoint-test', key: KEY, checkpointDir: dir, checkpointMs: 200 },
      (m) => {
        throw new Error(m);
      },
    );
    const checkpoints = new FileCheckpoints(dir);
    try {
      source.start();
      await new Promise((r) => setTimeout(r, 500));
      expect(await checkpoints.read('checkpoint-test')).toEqual([]);
      await Promise.all(Array.from({ length: 20 }, (_, i) => source.append([entry(20_000 + i)])));
      await eventually(async () => (await checkpoints.read('checkpoint-test')).length > 0, 5_000);
      // Quiet again: no further checkpoint, and the one taken names the last entry written.
      await new Promise((r) => setTimeout(r, 600));
      const taken = await checkpoints.read('checkpoint-test');
      expect(taken).toHaveLength(1);
      const [head] = await ds.query(`SELECT seq, hash FROM ${SCHEMA}.processing_log ORDER BY seq DESC LIMIT 1`);
      expect({ seq: taken[0]!.seq, hash: taken[0]!.hash }).toEqual({ seq: Number(head.seq), hash: head.hash });
      // One more entry, one more checkpoint; stopping adds none when nothing changed since.
      await source.append([entry(20_100)]);
      await eventually(async () => (await checkpoints.read('checkpoint-test')).length === 2, 5_000);
      await source.stop();
      expect(await checkpoints.read('checkpoint-test')).toHaveLength(2);
    } finally {
      await source.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('keeps one chain when replicas of a source append side by side, each past the head the other moved', async () => {
    // The entries an earlier test altered stay altered; nothing written here may add to them.
    const found = await verifyLog(ds, SCHEMA, { key: KEY, checkpoints: [] });
    const before = found.entries;
    const replicas = [new ProcessingLog(ds, SCHEMA, KEY), new ProcessingLog(ds, SCHEMA, KEY)];
    // Each replica's later batches follow the head it wrote itself, which the other keeps moving.
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        replicas.map((log, r) => Promise.all(Array.from({ length: 10 }, (_, i) => log.append([entry(5_000 + round * 100 + r * 10 + i)])))),
      );
    }
    const report = await verifyLog(ds, SCHEMA, { key: KEY, checkpoints: [] });
    expect(report).toEqual({ schema: SCHEMA, entries: before + 100, problems: found.problems });
    const heads = replicas.map((log) => log.lastWritten?.seq ?? 0);
    expect(Math.max(...heads)).toBe(before + 100);
    // A batch refused on a head it knows moves nothing: the next one still follows on.
    const [log] = replicas;
    await expect(log!.append([{ ...entry(5_900), dataSubjectId: null }])).rejects.toThrow(/processing_log_subject_chk/);
    await log!.append([entry(5_901)]);
    expect(await verifyLog(ds, SCHEMA, { key: KEY, checkpoints: [] })).toEqual({
      schema: SCHEMA,
      entries: before + 101,
      problems: found.problems,
    });
  }, 60_000);
});
