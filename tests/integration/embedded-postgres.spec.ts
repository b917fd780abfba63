import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, preparedQuery, startEmbeddedPostgres, type RunningPostgres } from '@plein/persistence';
import { freePort } from '../support/ports.js';

describe('the embedded PostgreSQL', () => {
  let dir: string;
  let server: RunningPostgres;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plein-shared-'));
    // A world-writable folder with the sticky bit, as /tmp is: PLEIN_HOME=/tmp/x puts the data there.
    await chmod(dir, 0o1777);
    server = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('starts in a folder shared like /tmp and leaves that folder’s permissions as they were', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
    expect(((await stat(dir)).mode & 0o7777).toString(8)).toBe('1777');
  });

  describe('prepared statements', () => {
    let ds: DataSource;
    // One connection: what one statement prepared is visible to the next.
    beforeAll(async () => {
      ds = createDataSource({ schema: 'public', entities: [], migrations: [] }, { url: server.url, poolSize: 1 });
      await ds.initialize();
    });
    afterAll(() => ds?.destroy());
    const prepared = () =>
      preparedQuery<{ statement: string }>(ds, 'SELECT statement FROM pg_prepared_statements WHERE NOT from_sql ORDER BY prepare_time', []);

    it('parses a statement once per connection and runs it again by name, with its own values each time', async () => {
      const sum = 'SELECT $1::int + $2::int AS n';
      expect(await preparedQuery(ds, sum, [1, 2])).toEqual([{ n: 3 }]);
      expect(await preparedQuery(ds, sum, [40, 2])).toEqual([{ n: 42 }]);
      expect(await preparedQuery(ds, 'SELECT $1::text AS t', ['another text, another name'])).toEqual([
        { t: 'another text, another name' },
      ]);
      expect((await prepared()).map((r) => r.statement).filter((s) => s === sum)).toHaveLength(1);
    });

    it('rejects a failing statement, logs it without its values, and the connection serves the next one', async () => {
      const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const bsn = '999993653';
        await expect(preparedQuery(ds, 'SELECT $1::int AS n', [bsn + 'x'])).rejects.toThrow(/invalid input syntax/);
        const logged = errors.mock.calls.map((c) => c.join(' ')).join('\n');
        expect(logged).toContain('SELECT $1::int AS n');
        expect(logged).not.toContain(bsn);
      } finally {
        errors.mockRestore();
      }
      expect(await preparedQuery(ds, 'SELECT $1::int AS n', [7])).toEqual([{ n: 7 }]);
    });
  });
});
