import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDataSource, postgresUrl } from '@plein/persistence';
import { FileCheckpoints, verifyLog } from '@plein/processing-log';
import { loadRuntimeConfig } from '../plein/config.js';
import { homeSecret, logboekCheckpointDir, logboekKey } from '../plein/runtime.js';

/**
 * npm run logboek:verify [-- --database-url URL --keys FILE --checkpoints DIR]
 * Checks every processing log on the plein's database (by default the one `npm start` runs):
 * each entry's MAC under its source's key, the chain, the head, and the checkpoints kept outside
 * the database. Exits 1 naming the source and the entries when any was altered, removed,
 * inserted, or the chain was recomputed or cut short. Production passes the sources' keys as a
 * JSON file ({"uwv": "…"}) and the checkpoint folder; the embedded runtime's are derived from
 * its home.
 */
const { values } = parseArgs({
  options: { 'database-url': { type: 'string' }, keys: { type: 'string' }, checkpoints: { type: 'string' } },
});
const config = loadRuntimeConfig();
const home = resolve(config.PLEIN_HOME);
const url = values['database-url'] ?? config.DATABASE_URL ?? postgresUrl(config.PLEIN_PG_PORT, 'plein');
const keys = values.keys ? (JSON.parse(await readFile(values.keys, 'utf8')) as Record<string, string>) : undefined;
const homeKey = keys ? '' : await homeSecret(home, 'logboek.key');
const checkpoints = new FileCheckpoints(values.checkpoints ?? logboekCheckpointDir(home));
const dataSource = createDataSource({ schema: 'public', entities: [], migrations: [] }, { url, poolSize: 1 });
await dataSource.initialize();
let failed = false;
try {
  const schemas = (await dataSource.query(
    `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'processing_log' ORDER BY table_schema`,
  )) as Array<{ schema: string }>;
  for (const { schema } of schemas) {
    const key = keys ? keys[schema] : logboekKey(homeKey, schema);
    if (!key) {
      failed = true;
      console.log(`${schema}: no key given for this source; its log cannot be verified`);
      continue;
    }
    const report = await verifyLog(dataSource, schema, { key, checkpoints: await checkpoints.read(schema) });
    if (report.problems.length === 0) {
      console.log(`${schema}: ${report.entries} entries, chain intact`);
    } else {
      failed = true;
      console.log(`${schema}: ${report.entries} entries, ${report.problems.length} problem(s):`);
      for (const p of report.problems) console.log(`  - ${p}`);
    }
  }
  if (schemas.length === 0) console.log('no processing logs found');
} finally {
  await dataSource.destroy();
}
process.exit(failed ? 1 : 0);
