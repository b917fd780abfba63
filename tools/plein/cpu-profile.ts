import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes it) a summary needs. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time not idle, in ms. */
  busyMs: number;
  /** Where it went, by package (node_modules), Node's module loader, other Node internals, or our own file; largest first. */
  top: Array<{ where: string; ms: number; share: number }>;
}

/** Which bucket a frame's self time belongs to: a package, the module loader, a Node internal, our file, or a V8 state. */
export function costCentre(url: string, functionName: string): string {
  if (!url) return `(${functionName.replace(/^\(|\)$/g, '')})`;
  if (url.startsWith('node:internal/modules') || url.startsWith('node:internal/deps/cjs-module-lexer')) return 'node: module loader';
  if (url.startsWith('node:')) return url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  return url.replace(/^file:\/\//, '').replace(/^.*\/dist\//, 'dist/');
}

/** Self time per cost centre; bundled apps show as their bundle file (its source map would split it further). */
export function summarise(profile: CpuProfile, limit = 8): ProfileSummary {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((node, i) => selfUs.set(node, (selfUs.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byCentre = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id);
    if (!us) continue;
    const where = costCentre(node.callFrame.url, node.callFrame.functionName);
    if (where === '(idle)') continue;
    byCentre.set(where, (byCentre.get(where) ?? 0) + us);
  }
  const busyUs = [...byCentre.values()].reduce((a, b) => a + b, 0);
  const top = [...byCentre]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([where, us]) => ({ where, ms: us / 1000, share: busyUs === 0 ? 0 : us / busyUs }));
  return { busyMs: busyUs / 1000, top };
}

/** Every profile in a folder (one per app: `<app>.cpuprofile`), summarised, by app name. */
export async function summariseFolder(folder: string, limit?: number): Promise<Map<string, ProfileSummary>> {
  const summaries = new Map<string, ProfileSummary>();
  for (const file of (await readdir(folder)).filter((f) => f.endsWith('.cpuprofile')).sort()) {
    const profile = JSON.parse(await readFile(join(folder, file), 'utf8')) as CpuProfile;
    summaries.set(file.replace(/\.cpuprofile$/, ''), summarise(profile, limit));
  }
  return summaries;
}
