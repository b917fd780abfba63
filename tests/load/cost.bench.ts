import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { PleinUnderTest } from '../support/plein.js';
import { BENCH_CALLER, asOrdinaryUse, load, type LoadFigures } from './household-view.bench.js';

/**
 * What the plein costs in CPU (issue 16): at rest, at start, and per household view — read from
 * /proc (Linux), so every process counts: the runtime, each app, PostgreSQL and its backends.
 */

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on

interface ProcessTicks {
  pid: number;
  ppid: number;
  name: string;
  /** utime + stime, plus what its ended children used (PostgreSQL's ended backends). */
  ticks: number;
}

/** One process's line in /proc, or undefined if it has gone. */
async function processTicks(pid: number): Promise<ProcessTicks | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = stat.slice(close + 2).split(' ');
  // After "pid (comm) ": state ppid … utime(12th) stime cutime cstime.
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return { pid, ppid: Number(fields[1]), name: stat.slice(stat.indexOf('(') + 1, close), ticks: utime! + stime! + cutime! + cstime! };
}

async function processes(): Promise<ProcessTicks[]> {
  const found: ProcessTicks[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const p = await processTicks(Number(entry));
    if (p) found.push(p);
  }
  return found;
}

/** CPU seconds so far of one process (and of what it started that has ended). */
export async function cpuSecondsOf(pid: number): Promise<number> {
  return ((await processTicks(pid))?.ticks ?? 0) / TICKS_PER_SECOND;
}

/** CPU seconds so far of a process and all it started, by the app names the manifest gives (others: by command). */
export async function cpuByProcess(plein: PleinUnderTest): Promise<Map<string, number>> {
  const all = await processes();
  const names = new Map(plein.manifest.apps.map((a) => [a.pid, a.name]));
  const children = new Map<number, ProcessTicks[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const totals = new Map<string, number>();
  const walk = (p: ProcessTicks, group: string) => {
    const own = names.get(p.pid) ?? (group === 'runtime' && p.name.startsWith('postgres') ? 'postgres' : group);
    totals.set(own, (totals.get(own) ?? 0) + p.ticks / TICKS_PER_SECOND);
    for (const c of children.get(p.pid) ?? []) walk(c, own);
  };
  const root = all.find((p) => p.pid === plein.ownerPid);
  if (root) walk(root, 'runtime');
  return totals;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

function difference(after: Map<string, number>, before: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)]));
}

export interface CostFigures {
  cores: number;
  startCpuSeconds: number;
  idleSeconds: number;
  idleCpuSeconds: number;
  idleTopProcesses: Array<[string, number]>;
  /** At rest again after the views: CPU-s in consecutive windows, and who used the last one. */
  settled: { windowSeconds: number; windows: number[]; topProcesses: Array<[string, number]> };
  views: Array<{ connections: number; figures: LoadFigures; cpuMsPerView: number; topProcesses: Array<[string, number]> }>;
}

/** On a plein just started (startCpuSeconds is what its start cost, everything included). */
export async function measureCost(plein: PleinUnderTest, seconds: number, connectionCounts: number[]): Promise<CostFigures> {
  const startCpuSeconds = sum(await cpuByProcess(plein));
  await asOrdinaryUse(plein);
  // At rest: nobody uses it. The first two minutes or so after a start are still its tail: V8's
  // memory reducer compacts every process's heap in rounds once its start has finished (a 10,000
  // household plein measured 6.7 % of a core 1.5–2.5 min after its start, almost all of it garbage
  // collection, 1.3–1.8 % from 3 min on), so the window opens 3 min after the start.
  await new Promise((r) => setTimeout(r, 180_000));
  const idleSeconds = 60;
  const idle = await restingCpu(plein, idleSeconds);
  const idleCpuSeconds = sum(idle);
  const idleTopProcesses = top(idle);

  const token = await plein.token(BENCH_CALLER);
  const id = plein.manifest.population.demoHouseholdId;
  const views: CostFigures['views'] = [];
  for (const connections of connectionCounts) {
    await load(plein.manifest.gatewayUrl, id, 5, connections, token); // warm-up, not counted
    const before = await cpuByProcess(plein);
    const figures = await load(plein.manifest.gatewayUrl, id, seconds, connections, token);
    const used = difference(await cpuByProcess(plein), before);
    const count = Math.max(1, figures.requestsPerSecond * seconds);
    const perView = [...used].map(([k, v]) => [k, (v * 1000) / count] as [string, number]).sort((a, b) => b[1] - a[1]);
    views.push({ connections, figures, cpuMsPerView: (sum(used) * 1000) / count, topProcesses: perView.slice(0, 6) });
  }
  // What the views leave behind (the log handed over and checked, heaps shrunk) takes a while to
  // finish: consecutive windows show when the plein is back at rest, as through a quiet night.
  const windows: number[] = [];
  let last = new Map<string, number>();
  for (let i = 0; i < 7; i++) windows.push(sum((last = await restingCpu(plein, 30))));
  const settled = { windowSeconds: 30, windows, topProcesses: top(last) };
  return { cores: availableParallelism(), startCpuSeconds, idleSeconds, idleCpuSeconds, idleTopProcesses, settled, views };
}

async function restingCpu(plein: PleinUnderTest, seconds: number): Promise<Map<string, number>> {
  const before = await cpuByProcess(plein);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return difference(await cpuByProcess(plein), before);
}

function top(used: Map<string, number>): Array<[string, number]> {
  return [...used].sort((a, b) => b[1] - a[1]).slice(0, 6);
}
