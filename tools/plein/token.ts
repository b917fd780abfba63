import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadRuntimeConfig } from './config.js';
import type { Manifest } from './runtime.js';
import { tokenFor } from './tokens.js';

/** npm run -s token -- <user or client>: prints an access token from the running plein's identity provider. */
async function main(): Promise<void> {
  const who = process.argv[2];
  if (!who) throw new Error('usage: npm run -s token -- <demo user or service-account client>  (npm start lists them)');
  const home = resolve(loadRuntimeConfig().PLEIN_HOME);
  const manifest = JSON.parse(
    await readFile(join(home, 'plein.json'), 'utf8').catch(() => {
      throw new Error('The plein is not running (no .plein/plein.json): start it with npm start.');
    }),
  ) as Manifest;
  console.log(await tokenFor(manifest.keycloakUrl, who));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
