// Global teardown of the e2e project: stops the shared pleins a test file started (tests/support/plein.ts,
// sharedPlein: the main one's folder is the run's own, another's a folder inside it) and removes the folder.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

async function stop(pidFile) {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (alive()) process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
}

export default async function teardown() {
  const dir = process.env.PLEIN_E2E_SHARED;
  if (!dir) return;
  await Promise.all([stop(join(dir, 'pid')), stop(join(dir, 'defaults', 'pid'))]);
  rmSync(dir, { recursive: true, force: true });
  globalThis.__pleinOtlpReceiver?.close();
}
