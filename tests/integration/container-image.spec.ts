import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { APP_NODE_FLAGS, GATEWAY, MIGRATION_JOB_MAIN, PLEIN_APPS } from '../../tools/plein/apps.js';

const run = promisify(execFile);
const dockerfile = await readFile('deploy/image/Dockerfile', 'utf8');
const ignore = await readFile('.dockerignore', 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);
const buildStage = stages[0]!;
const runStage = stages[stages.length - 1]!;

/** What the build stage copies from the context (no docker engine here: the test does the same in a clean folder). */
const copied = [...buildStage.matchAll(/^COPY (?!--from)(.+) (\S+)$/gm)].flatMap((m) => m[1]!.split(' '));

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile() && entry.name.endsWith('.js')) out.push(relative(dir, join(entry.parentPath, entry.name)));
  return out.sort();
}

describe('the container image (deploy/image/Dockerfile)', () => {
  let context: string;

  beforeAll(async () => {
    // The build context as .dockerignore leaves it: what the COPY lines name, without tests or local state.
    context = await mkdtemp(join(tmpdir(), 'plein-image-'));
    for (const path of copied)
      await cp(path, join(context, path), { recursive: true, filter: (src) => !/\.spec\.ts$|node_modules|\/dist\b|\.plein/.test(src) });
    await symlink(join(process.cwd(), 'node_modules'), join(context, 'node_modules'));
    // The build stage's own command, the one CI runs.
    expect(buildStage).toMatch(/^RUN npm run build/m);
    await run('npm', ['run', '-s', 'build'], { cwd: context, timeout: 300_000 });
  }, 320_000);

  afterAll(async () => {
    if (context) await rm(context, { recursive: true, force: true });
  });

  it('builds from a clean folder with only what .dockerignore lets in, every app and the migration job included', async () => {
    for (const path of copied) expect(ignore).toContain(`!${path.includes('.') ? path : `${path}/**`}`);
    const built = await files(join(context, 'dist'));
    const entries = [...PLEIN_APPS.map((a) => a.main), MIGRATION_JOB_MAIN, 'libs/telemetry/src/register.js'];
    expect(entries.filter((e) => !built.includes(e))).toEqual([]);
    // The same dist/ as the repository's build (which also compiles tests/support and benchmarks).
    // The shared chunks' names carry a hash of their source maps, which name node_modules' real
    // path: linked here, copied in the image. The same chunks, then, by name without the hash.
    const unhashed = (list: string[]) => list.map((f) => f.replace(/^(chunks\/[^/]+)-[A-Z0-9]{8}\.js$/, '$1.js'));
    const ours = unhashed(await files('dist'));
    const counted = (list: string[]) => list.reduce((n, f) => n.set(f, (n.get(f) ?? 0) + 1), new Map<string, number>());
    const oursCounted = counted(ours);
    const extra = [...counted(unhashed(built))].filter(([f, n]) => n > (oursCounted.get(f) ?? 0)).map(([f]) => f);
    expect(extra).toEqual([]);
    expect(built.filter((f) => f.startsWith('chunks/')).length).toBe(ours.filter((f) => f.startsWith('chunks/')).length);
  });

  it('runs as a non-root user with production dependencies only, telemetry off, the app chosen by the command', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(buildStage).toMatch(/npm prune --omit=dev/);
    expect(runStage).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m);
    expect(runStage).toMatch(/APOLLO_TELEMETRY_DISABLED=true/);
    // With Node's flags the embedded runtime gives every app.
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(runStage)?.[1];
    expect(JSON.parse(entrypoint ?? 'null')).toEqual(['node', ...APP_NODE_FLAGS, '--import', './dist/libs/telemetry/src/register.js']);
    expect(runStage).not.toMatch(/^COPY (?!--from)/m);
    expect(existsSync(`dist/${GATEWAY.main}`)).toBe(true);
    expect(runStage).toMatch(new RegExp(`^CMD \\["dist/${GATEWAY.main.replaceAll('.', '\\.')}"\\]$`, 'm'));
  });
});
