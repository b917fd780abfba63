import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from '@plein/persistence';
import { freePort } from '../support/ports.js';

describe('the embedded PostgreSQL', () => {
  let dir: string | undefined;
  let server: RunningPostgres | undefined;
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts in a folder shared like /tmp and leaves that folder’s permissions as they were', async () => {
    dir = await mkdtemp(join(tmpdir(), 'plein-shared-'));
    // A world-writable folder with the sticky bit, as /tmp is: PLEIN_HOME=/tmp/x puts the data there.
    await chmod(dir, 0o1777);
    server = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
    expect(((await stat(dir)).mode & 0o7777).toString(8)).toBe('1777');
  }, 60_000);
});
