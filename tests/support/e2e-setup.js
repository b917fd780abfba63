// Global set-up of the e2e project: a folder for the plein that several test files share
// (sharedPlein in plein.ts starts it on first use). Plain JavaScript: Jest loads it outside the test transform.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'plein-e2e-shared-'));
  // Run as root, the embedded PostgreSQL runs as a user of its own, which must reach its data folder below this one.
  chmodSync(dir, 0o755);
  process.env.PLEIN_E2E_SHARED = dir;
}
