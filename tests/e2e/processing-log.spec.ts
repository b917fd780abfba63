import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DEMO_AGENCIES, GEMEENTE } from '@plein/demo-population';
import { macOf, type ProcessingLogRow } from '@plein/processing-log';
import { eventually } from '../support/wait.js';
import { sharedPlein, type PleinUnderTest } from '../support/plein.js';

const run = promisify(execFile);
const CASEWORKER = 'klantmanager.utrecht';
const RESIDENT = 'fatima.elamrani';
const OVERVIEW = 'query($id: ID!) { household(id: $id) { incomeOverview { totalMonthlyCents members { bsn } } } }';
const TRACKER =
  '{ myDataTracker { accesses { time organisation { oin name } role source sourceName category purpose legalBasis traceId } sources { agencyKey status } } }';

interface Access {
  time: string;
  organisation: { oin: string; name: string | null } | null;
  role: string;
  source: string;
  sourceName: string;
  category: string;
  purpose: string;
  legalBasis: string;
  traceId: string;
}

/** A trace of the test's own, so its entries can be told apart from every other file's on the shared plein. */
const traced = () => {
  const traceId = randomBytes(16).toString('hex');
  return { traceId, headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } };
};

/**
 * Logboek Dataverwerkingen: every access logged at its source, verifiable, and visible to the
 * resident it is about. On the shared plein, and the last but one file to use it
 * (tests/support/e2e-sequencer.js): it ends by tampering with the logs as their database's owner.
 */
describe('processing log and the data tracker', () => {
  let plein: PleinUnderTest;
  let db: pg.Client;
  let members: number;
  let overviewTrace: string;
  const verify = () =>
    run(process.execPath, [resolve('dist/tools/logboek/verify.js'), '--database-url', plein.databaseUrl], {
      env: { ...process.env, PLEIN_HOME: plein.home },
    }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
  const tracker = async () => {
    const res = await plein.gql<{ myDataTracker: { accesses: Access[]; sources: Array<{ agencyKey: string; status: string }> } }>(
      RESIDENT,
      TRACKER,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.myDataTracker;
  };

  beforeAll(async () => {
    plein = await sharedPlein();
    db = new pg.Client({ connectionString: plein.databaseUrl });
    await db.connect();
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await plein?.stop();
  }, 60_000);

  it('logs one entry per member at every source for each overview, before answering, under one trace', async () => {
    const { traceId, headers } = traced();
    overviewTrace = traceId;
    const res = await plein.gql<{ household: { incomeOverview: { members: unknown[] } } }>(
      CASEWORKER,
      OVERVIEW,
      { id: plein.manifest.population.demoHouseholdId },
      headers,
    );
    expect(res.errors).toBeUndefined();
    members = res.data!.household.incomeOverview.members.length;
    for (const agency of DEMO_AGENCIES) {
      const { rows } = await db.query(
        `SELECT trace_id, purpose, legal_basis, receiver_org, data_subject_id FROM ${agency.key}.processing_log WHERE trace_id = $1 AND category = 'income'`,
        [traceId],
      );
      expect({ agency: agency.key, entries: rows.length }).toEqual({ agency: agency.key, entries: members });
      for (const r of rows) {
        expect(r).toMatchObject({
          purpose: 'schuldhulpverlening',
          receiver_org: GEMEENTE.oin,
          legal_basis: expect.stringMatching(/^consent:/),
        });
        expect(r.data_subject_id).toMatch(/^urn:plein:pseudonym:/);
      }
    }
  }, 30_000);

  it('logs the municipal household record too, per member, under the same trace', async () => {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT data_subject_id)::int AS subjects FROM gemeente.processing_log WHERE category = 'household' AND trace_id = $1`,
      [overviewTrace],
    );
    expect(rows[0].subjects).toBe(members);
    expect(rows[0].n % members).toBe(0);
  }, 30_000);

  it("shows the resident who saw which of their data, from where, when and why — and nobody else's", async () => {
    const { accesses, sources } = await tracker();
    expect(sources.filter((s) => DEMO_AGENCIES.some((a) => a.key === s.agencyKey)).every((s) => s.status === 'OK')).toBe(true);
    const byCaseworker = accesses.filter((a) => a.traceId === overviewTrace && a.category === 'income');
    expect(new Set(byCaseworker.map((a) => a.source))).toEqual(new Set(DEMO_AGENCIES.map((a) => a.key)));
    for (const a of byCaseworker) {
      expect(a).toMatchObject({
        role: 'caseworker',
        organisation: { oin: GEMEENTE.oin, name: GEMEENTE.name },
        category: 'income',
        purpose: 'schuldhulpverlening',
        legalBasis: expect.stringMatching(/^consent:/),
      });
    }
    // One entry per source for Fatima herself, not one per household member.
    expect(byCaseworker).toHaveLength(DEMO_AGENCIES.length);
  }, 30_000);

  it("logs a resident's own look as such", async () => {
    const { traceId, headers } = traced();
    const res = await plein.gql(RESIDENT, OVERVIEW, { id: plein.manifest.population.demoHouseholdId }, headers);
    expect(res.errors).toBeUndefined();
    const own = (await tracker()).accesses.filter((a) => a.traceId === traceId && a.category === 'income');
    expect(own).toHaveLength(DEMO_AGENCIES.length);
    expect(own.every((a) => a.role === 'resident')).toBe(true);
    expect(own[0]).toMatchObject({ organisation: null, purpose: 'eigen-gegevens', legalBasis: 'own data (AVG art. 15)' });
  }, 30_000);

  it('gives the apps a database role that may add to the log but not change it', async () => {
    const password = (await readFile(join(plein.home, 'database-app-role.key'), 'utf8')).trim();
    const url = new URL(plein.databaseUrl);
    url.username = 'plein_app';
    url.password = password;
    const app = new pg.Client({ connectionString: url.toString() });
    await app.connect();
    try {
      expect((await app.query('SELECT count(*)::int AS n FROM uwv.processing_log')).rows[0].n).toBeGreaterThan(0);
      await expect(app.query(`UPDATE uwv.processing_log SET purpose = 'vroegsignalering' WHERE seq = 1`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(app.query('DELETE FROM uwv.processing_log WHERE seq = 1')).rejects.toThrow(/permission denied/);
      await expect(app.query('TRUNCATE uwv.processing_log')).rejects.toThrow(/permission denied/);
      await expect(app.query('ALTER TABLE uwv.processing_log DISABLE TRIGGER processing_log_append_only')).rejects.toThrow(/must be owner/);
      await expect(app.query('CREATE SCHEMA intruder')).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  }, 30_000);

  it('is append-only, and the verification finds an altered and a removed entry', async () => {
    const intact = await verify();
    expect(intact.code).toBe(0);
    for (const agency of DEMO_AGENCIES) expect(intact.out).toMatch(new RegExp(`^${agency.key}: \\d+ entries, chain intact$`, 'm'));
    await expect(db.query(`UPDATE uwv.processing_log SET purpose = 'vroegsignalering' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM svb.processing_log WHERE seq = 2`)).rejects.toThrow(/append-only/);

    // Someone with the power to switch the guard off still leaves a trace.
    await db.query('ALTER TABLE uwv.processing_log DISABLE TRIGGER processing_log_append_only');
    await db.query(`UPDATE uwv.processing_log SET purpose = 'vroegsignalering' WHERE seq = 1`);
    await db.query('ALTER TABLE svb.processing_log DISABLE TRIGGER processing_log_append_only');
    await db.query(`DELETE FROM svb.processing_log WHERE seq = 2`);
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/^uwv: .* 1 problem\(s\):\n {2}- entry 1 was altered$/m);
    expect(broken.out).toMatch(/^svb: .*\n {2}- entries 2–2 are missing\n {2}- entry 3 does not follow the entry before it$/m);
    expect(broken.out).toMatch(/^duo: \d+ entries, chain intact$/m);
  }, 60_000);

  it('detects a log cut short with its head moved back, an inserted entry and a chain recomputed without the key', async () => {
    // Entries written, and checkpointed outside the database (every second while they change).
    for (let i = 0; i < 2; i++) await plein.gql(CASEWORKER, OVERVIEW, { id: plein.manifest.population.demoHouseholdId });
    const lastOf = async (schema: string) =>
      Number((await db.query(`SELECT last_seq FROM ${schema}.processing_log_head`)).rows[0].last_seq);
    const checkpointed = async (schema: string) => {
      const file = join(plein.home, 'logboek-checkpoints', `${schema}.checkpoints.jsonl`);
      const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
      return lines.length > 0 && (JSON.parse(lines.at(-1)!) as { seq: number }).seq === (await lastOf(schema));
    };
    for (const schema of ['duo', 'lbio', 'toeslagen', 'belastingdienst']) await eventually(() => checkpointed(schema), 10_000);
    const intact = await verify();
    expect(intact.out).toMatch(/^duo: \d+ entries, chain intact$/m);

    // As the database owner: the last two entries of DUO deleted, the head set to the new last one.
    const duoLast = await lastOf('duo');
    await db.query('ALTER TABLE duo.processing_log DISABLE TRIGGER processing_log_append_only');
    await db.query('DELETE FROM duo.processing_log WHERE seq > $1', [duoLast - 2]);
    await db.query('UPDATE duo.processing_log_head SET last_seq = $1, last_hash = (SELECT hash FROM duo.processing_log WHERE seq = $1)', [
      duoLast - 2,
    ]);

    // LBIO: one entry inserted at the end, chained and headed as the app would, but without the key.
    const lbioLast = await lastOf('lbio');
    const [last] = (await db.query('SELECT * FROM lbio.processing_log WHERE seq = $1', [lbioLast])).rows as Array<Record<string, unknown>>;
    await db.query(
      `INSERT INTO lbio.processing_log SELECT $1, trace_id, operation_id, parent_operation_id, name, status_code, start_time, end_time, processing_activity_id, data_subject_id, purpose, legal_basis, receiver_org, receiver_role, category, source, hash, repeat('a', 64) FROM lbio.processing_log WHERE seq = $2`,
      [lbioLast + 1, lbioLast],
    );
    await db.query(`UPDATE lbio.processing_log_head SET last_seq = $1, last_hash = repeat('a', 64)`, [lbioLast + 1]);
    expect(last).toBeDefined();

    // Dienst Toeslagen: every entry's purpose rewritten and the whole chain recomputed, consistently, with a key of the insider's own.
    await db.query('ALTER TABLE toeslagen.processing_log DISABLE TRIGGER processing_log_append_only');
    const rows = (await db.query('SELECT * FROM toeslagen.processing_log ORDER BY seq')).rows as Array<Record<string, string>>;
    let prev = '0'.repeat(64);
    for (const r of rows) {
      const row = {
        seq: Number(r['seq']),
        traceId: r['trace_id']!,
        operationId: r['operation_id']!,
        parentOperationId: r['parent_operation_id'] ?? null,
        name: r['name']!,
        statusCode: Number(r['status_code']),
        startTime: new Date(r['start_time']!),
        endTime: new Date(r['end_time']!),
        processingActivityId: r['processing_activity_id']!,
        dataSubjectId: r['data_subject_id']!,
        purpose: 'vroegsignalering',
        legalBasis: r['legal_basis']!,
        receiverOrg: r['receiver_org'] ?? null,
        receiverRole: r['receiver_role']!,
        category: r['category']!,
        source: r['source']!,
        actor: r['actor'] ?? null,
        prevHash: prev,
      } satisfies Omit<ProcessingLogRow, 'hash'>;
      const hash = macOf('the insider has a key of their own, not the source\u2019s', row);
      await db.query(`UPDATE toeslagen.processing_log SET purpose = 'vroegsignalering', prev_hash = $2, hash = $3 WHERE seq = $1`, [
        row.seq,
        prev,
        hash,
      ]);
      prev = hash;
    }
    await db.query('UPDATE toeslagen.processing_log_head SET last_seq = $1, last_hash = $2', [rows.length, prev]);

    const report = await verify();
    expect(report.code).toBe(1);
    expect(report.out).toMatch(
      new RegExp(
        `^duo: .*\\n {2}- the log ends at entry ${duoLast - 2}, but entry ${duoLast} was checkpointed at \\S+: entries were removed from the end$`,
        'm',
      ),
    );
    expect(report.out).toMatch(new RegExp(`^lbio: .*\n {2}- entry ${lbioLast + 1} was altered$`, 'm'));
    expect(report.out).toMatch(/^toeslagen: .*\n {2}- entry 1 was altered\n {2}- entry 2 was altered/m);
    expect(report.out).toMatch(/^toeslagen: [^\n]*\n(?: {2}- [^\n]*\n)*? {2}- entry \d+ is not the one checkpointed at /m);
    expect(report.out).toMatch(/^belastingdienst: \d+ entries, chain intact$/m);
  }, 60_000);
});
