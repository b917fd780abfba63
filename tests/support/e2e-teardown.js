// Global teardown of the e2e project: stops the shared plein (if a test file started it) and removes its folder.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export default async function teardown() {
  const dir = process.env.PLEIN_E2E_SHARED;
  if (!dir) return;
  const pidFile = join(dir, 'pid');
  if (existsSync(pidFile)) {
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
  rmSync(dir, { recursive: true, force: true });
  globalThis.__pleinOtlpReceiver?.close();
}
