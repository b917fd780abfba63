import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDataSource, migrate, pendingSchemaChanges, type RunningPostgres } from '@plein/persistence';
import { deadLetterDatabase, eventLogDatabase } from '@plein/events';
import { PLEIN_APPS } from '../../tools/plein/apps.js';
import { scratchPostgres } from '../support/postgres.js';

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
  afterAll(async () => pg?.stop());

  it('covers every app that owns data', () => {
    expect(withDatabase.map((a) => a.name).sort()).toEqual(
      [
        'belastingdienst',
        'catalogue',
        'consent',
        'deadletter',
        'dispatcher',
        'duo',
        'eventlog',
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
});
