import { readFile } from 'node:fs/promises';
import type { PleinUnderTest } from '../support/plein.js';
import { ReplicatedApp } from '../support/replicas.js';
import { BENCH_CALLER, load, type LoadFigures } from './household-view.bench.js';

/** The processes that carry a household view and run as replicas in production (deploy/kubernetes). */
const SCALED = ['gateway', 'household'];

export interface ScalingFigures {
  connections: number;
  /** One process each, as the embedded runtime starts them. */
  single: LoadFigures & { busy: number };
  /** Two processes each of the gateway and the household app, behind round-robin balancers. */
  replicated: LoadFigures & { busy: number };
}

/** Busy and total jiffies of the whole machine (/proc/stat): how much of all its cores a run used. */
async function machineTicks(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

async function run(plein: PleinUnderTest, id: string, seconds: number, connections: number): Promise<LoadFigures & { busy: number }> {
  const token = await plein.token(BENCH_CALLER);
  await load(plein.manifest.gatewayUrl, id, 5, connections, token); // warm-up, not counted
  const before = await machineTicks();
  const figures = await load(plein.manifest.gatewayUrl, id, seconds, connections, token);
  const after = await machineTicks();
  return { ...figures, busy: (after.busy - before.busy) / (after.total - before.total) };
}

/**
 * Views per second with one process each of the gateway and the household app, then with two
 * each behind round-robin balancers on the same addresses (the replicas the production manifests
 * run): more processes help only where a process, not the machine, was the limit. Replaces the
 * plein's own gateway and household processes: run it last on a plein.
 */
export async function measureScaling(plein: PleinUnderTest, seconds: number, connections: number): Promise<ScalingFigures> {
  const id = plein.manifest.population.demoHouseholdId;
  const single = await run(plein, id, seconds, connections);
  const replicas: ReplicatedApp[] = [];
  try {
    for (const name of SCALED) {
      const app = plein.manifest.apps.find((a) => a.name === name)!;
      replicas.push(await ReplicatedApp.replace(name, app.url, app.pid));
    }
    const replicated = await run(plein, id, seconds, connections);
    return { connections, single, replicated };
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
  }
}
