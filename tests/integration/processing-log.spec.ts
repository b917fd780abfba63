import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate, type RunningPostgres } from '@plein/persistence';
import { ProcessingLog, processingLogDatabase, verifyLog, type NewLogEntry } from '@plein/processing-log';
import { scratchPostgres } from '../support/postgres.js';

const SCHEMA = 'logboek_test';
const KEY = 'the-source-key-kept-outside-the-database';
const entry = (n: number): NewLogEntry => ({
  traceId: n.toString(16).padStart(32, '0'),
  operationId: n.toString(16).padStart(16, '0'),
  parentOperationId: null,
  name: 'incomeStreamsV1',
  statusCode: 1,
  startTime: new Date(),
  endTime: new Date(),
  processingActivityId: 'https://ontmoetingsplein.nl/verwerkingsactiviteiten/test/inkomen',
  dataSubjectId: `urn:plein:pseudonym:${n % 7}`,
  purpose: 'schuldhulpverlening',
  legalBasis: 'consent:test',
  receiverOrg: '00000001002220647000',
  receiverRole: 'caseworker',
  category: 'income',
  source: SCHEMA,
});

/** Appends from concurrent views commit together, in one chain, and only once committed. */
describe('processing log appends (group commit)', () => {
  let pg: RunningPostgres;
  let ds: DataSource;
  let transactions = 0;

  beforeAll(async () => {
    pg = await scratchPostgres();
    ds = createDataSource({ schema: SCHEMA, ...processingLogDatabase }, { url: pg.url, poolSize: 4 });
    await ds.initialize();
    await migrate(ds, SCHEMA);
    const transaction = ds.transaction.bind(ds) as (run: never) => Promise<unknown>;
    ds.transaction = ((run: never) => {
      transactions++;
      return transaction(run);
    }) as DataSource['transaction'];
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
    expect(transactions).toBeLessThan(200);
    const report = await verifyLog(ds, SCHEMA, { key: KEY, checkpoints: [] });
    expect(report).toEqual({ schema: SCHEMA, entries: 400, problems: [] });
    expect(log.lastWritten?.seq).toBe(400);
  }, 60_000);

  it('refuses to verify under another key: a chain recomputed without the source’s key shows', async () => {
    const report = await verifyLog(ds, SCHEMA, { key: 'an-insider-key-that-is-not-the-sources', checkpoints: [] });
    expect(report.problems).toHaveLength(400);
    expect(report.problems[0]).toBe('entry 1 was altered');
  });
});
