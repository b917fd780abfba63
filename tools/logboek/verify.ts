import { parseArgs } from 'node:util';
import { createDataSource, postgresUrl } from '@plein/persistence';
import { verifyLog } from '@plein/processing-log';
import { loadRuntimeConfig } from '../plein/config.js';

/**
 * npm run logboek:verify [-- --database-url URL]
 * Checks the hash chain of every processing log on the plein's database (by default the one
 * `npm start` runs): exits 1 and names the entries when any was altered, removed or inserted.
 */
const { values } = parseArgs({ options: { 'database-url': { type: 'string' } } });
const config = loadRuntimeConfig();
const url = values['database-url'] ?? config.DATABASE_URL ?? postgresUrl(config.PLEIN_PG_PORT, 'plein');
const dataSource = createDataSource({ schema: 'public', entities: [], migrations: [] }, { url, poolSize: 1 });
await dataSource.initialize();
let failed = false;
try {
  const schemas = (await dataSource.query(
    `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'processing_log' ORDER BY table_schema`,
  )) as Array<{ schema: string }>;
  for (const { schema } of schemas) {
    const report = await verifyLog(dataSource, schema);
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
