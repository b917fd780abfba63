import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '@plein/persistence';
import { freePort } from './ports.js';

/** A real PostgreSQL server for one test file, in a scratch folder removed afterwards. */
export async function scratchPostgres(): Promise<RunningPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'plein-test-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  return {
    url: pg.url,
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
