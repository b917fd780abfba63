import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pgClient from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, grantAppRole, migrate, pendingSchemaChanges, type RunningPostgres } from '@plein/persistence';
import { releaseMigrations } from '../../tools/plein/runtime.js';
import { deadLetterDatabase, eventLogDatabase } from '@plein/events';
import { PLEIN_APPS } from '../../tools/plein/apps.js';
import { scratchPostgres } from '../support/postgres.js';
import { eventually } from '../support/wait.js';

const withDatabase = [
  ...PLEIN_APPS.filter((a) => a.database),
  { name: 'eventlog', database: eventLogDatabase },
  { name: 'deadletter', database: deadLetterDatabase },
];

describe('migrations', () => {
  let pg: RunningPostgres;
  beforeAll(async () => {
    pg = await scratchPostgres();
  }, 60_000);
  // Stopping PostgreSQL waits for its shutdown checkpoint: seconds on a busy machine, past Jest's 5 s default.
  afterAll(async () => pg?.stop(), 60_000);

  it('covers every app that owns data', () => {
    expect(withDatabase.map((a) => a.name).sort()).toEqual(
      [
        'accountability',
        'belastingdienst',
        'catalogue',
        'consent',
        'deadletter',
        'dispatcher',
        'duo',
        'eventlog',
        'gateway',
        'gemeente',
        'lbio',
        'registry',
        'svb',
        'toeslagen',
        'uwv',
        'web',
      ].sort(),
    );
  });

  it.each(withDatabase.map((a) => [a.name, a] as const))(
    '%s: entities and migrations agree, and the migrations reverse',
    async (_name, app) => {
      const db = app.database!;
      const dataSource = createDataSource(db, { url: pg.url, poolSize: 2 });
      await dataSource.initialize();
      try {
        const applied = await migrate(dataSource, db.schema);
        expect(applied).toEqual(db.migrations.map((m) => new m().name ?? m.name));
        expect(await pendingSchemaChanges(dataSource)).toEqual({ up: [], down: [] });

        for (let i = 0; i < db.migrations.length; i++) await dataSource.undoLastMigration();
        const tables = await dataSource.query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations'`,
          [db.schema],
        );
        expect(tables).toEqual([]);

        expect(await migrate(dataSource, db.schema)).toHaveLength(db.migrations.length);
        expect(await migrate(dataSource, db.schema)).toEqual([]);
      } finally {
        await dataSource.destroy();
      }
    },
    60_000,
  );

  it("lets the release's migration job migrate, and a replica connecting as the apps' role only check: it names what is pending", async () => {
    const registry = withDatabase.find((a) => a.name === 'registry')!.database!;
    const ownerUrl = new URL(pg.url);
    ownerUrl.pathname = '/release';
    const admin = createDataSource(registry, { url: pg.url, poolSize: 1 });
    await admin.initialize();
    await admin.query('CREATE DATABASE release');
    await admin.destroy();
    // The apps' role before the job ran: the schema is not there, so nothing is applied and the reason is named.
    const appUrl = await grantAppRole(ownerUrl.toString(), 'app-role-password-for-test');
    const replica = createDataSource(registry, { url: appUrl, poolSize: 1 });
    await replica.initialize();
    try {
      await expect(migrate(replica, registry.schema)).rejects.toThrow(/permission denied|migration job/);
      await releaseMigrations(ownerUrl.toString(), 'app-role-password-for-test', () => undefined);
      // A release with one more migration than the job applied: the replica names it and changes nothing.
      const ahead = createDataSource({ ...registry, migrations: [...registry.migrations, OneMore] }, { url: appUrl, poolSize: 1 });
      await ahead.initialize();
      try {
        await expect(migrate(ahead, registry.schema)).rejects.toThrow(
          /registry: 1 migration\(s\) pending \(OneMore9999999999999\); the release's migration job applies them/,
        );
        expect(await ahead.query(`SELECT to_regclass('registry.one_more') AS t`)).toEqual([{ t: null }]);
      } finally {
        await ahead.destroy();
      }
      // After the job, a replica finds nothing to do.
      expect(await migrate(replica, registry.schema)).toEqual([]);
    } finally {
      await replica.destroy();
    }
  }, 120_000);

  it('tells every dispatcher instance of each change to a subscription at once, whoever makes it (an app, the retry queue, someone by hand)', async () => {
    const db = PLEIN_APPS.find((a) => a.name === 'dispatcher')!.database!;
    const dataSource = createDataSource(db, { url: pg.url, poolSize: 2 });
    await dataSource.initialize();
    const listener = new pgClient.Client({ connectionString: pg.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    try {
      await migrate(dataSource, db.schema);
      await listener.query('LISTEN dispatcher_subscriptions');
      const id = randomUUID();
      const changes = [
        () =>
          dataSource.query(
            `INSERT INTO dispatcher.subscription (id, org, created_by, delivery, types, sources, url, secret, created_at)
             VALUES ($1, '00000001234567890000', 'demo-integrator', 'WEBHOOK', '{}', '{}', 'https://example.org/hook', 'whsec_x', now())`,
            [id],
          ),
        () => dataSource.query(`UPDATE dispatcher.subscription SET paused_at = now(), paused_reason = 'test' WHERE id = $1`, [id]),
        () => dataSource.query('DELETE FROM dispatcher.subscription WHERE id = $1', [id]),
      ];
      for (const [i, change] of changes.entries()) {
        await change();
        await eventually(() => heard.length === i + 1, 5_000);
      }
      expect(heard).toEqual(['dispatcher_subscriptions', 'dispatcher_subscriptions', 'dispatcher_subscriptions']);
      // A transaction that is rolled back tells nobody.
      await dataSource
        .transaction(async (m) => {
          await m.query(`UPDATE dispatcher.subscription SET paused_at = now()`);
          await m.query('SELECT 1/0').catch(() => undefined);
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toHaveLength(3);
    } finally {
      await listener.end();
      await dataSource.destroy();
    }
  }, 60_000);
});

class OneMore9999999999999 implements MigrationInterface {
  name = 'OneMore9999999999999';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE registry.one_more (id int)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE registry.one_more');
  }
}
const OneMore = OneMore9999999999999;
