import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXPORT_SEED, realmExport } from './realm-export.js';

/** npm run realm:export [-- --seed S]: writes deploy/keycloak/realm-plein.json. */
const { values } = parseArgs({
  options: { seed: { type: 'string', default: EXPORT_SEED }, out: { type: 'string', default: 'deploy/keycloak/realm-plein.json' } },
});
await writeFile(values.out, JSON.stringify(realmExport(values.seed), null, 2) + '\n');
console.log(`wrote ${values.out} (demo residents of seed "${values.seed}")`);
