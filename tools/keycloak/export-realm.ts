import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_SEED, realmDevOverlay, realmExport } from './realm-export.js';

/**
 * npm run realm:export [-- --seed S]: writes the production realm (deploy/keycloak/realm-plein.json,
 * no secrets, no people) and the development overlay (deploy/keycloak/dev/realm-plein.dev.json).
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: EXPORT_SEED },
    out: { type: 'string', default: 'deploy/keycloak/realm-plein.json' },
    dev: { type: 'string', default: 'deploy/keycloak/dev/realm-plein.dev.json' },
  },
});
await writeFile(values.out, JSON.stringify(realmExport(), null, 2) + '\n');
await mkdir(dirname(values.dev), { recursive: true });
await writeFile(values.dev, JSON.stringify(realmDevOverlay(values.seed), null, 2) + '\n');
console.log(`wrote ${values.out} and ${values.dev} (demo residents of seed "${values.seed}")`);
