import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { register } from 'prom-client';
import './metrics.js';

const blockLoop = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gauge = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

describe('the process metrics', () => {
  it('tells how busy the event loop was since the last scrape, with no sampling timer waking the process', async () => {
    await register.metrics();
    // Time the process spends waiting for a core outside its idle wait counts as busy: on a
    // starved machine (a CPU hog beside the suite) one short wait read 1. Three tries at an idle
    // reading; a gauge that never reads idle still fails.
    let idle = 1;
    for (let attempt = 0; attempt < 3 && idle >= 0.5; attempt++) {
      await tick(500);
      idle = gauge(await register.metrics(), 'nodejs_eventloop_utilization_ratio');
    }
    expect(idle).toBeLessThan(0.5);

    blockLoop(300);
    await tick(20);
    const busy = await register.metrics();
    expect(gauge(busy, 'nodejs_eventloop_utilization_ratio')).toBeGreaterThan(0.6);
    expect(gauge(busy, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    // No percentiles: they need a sampler, and none runs. An idle second wakes this thread a
    // few times, not the hundred prom-client's 10 ms sampler would (Linux: /proc).
    expect(busy).not.toMatch(/nodejs_eventloop_lag_p99_seconds/);
    const wakeups = () =>
      Number(/^voluntary_ctxt_switches:\s+(\d+)$/m.exec(readFileSync(`/proc/self/task/${process.pid}/status`, 'utf8'))![1]);
    const before = wakeups();
    await tick(1_000);
    expect(wakeups() - before).toBeLessThan(30);
    // The other default metrics are all there.
    for (const name of [
      'process_cpu_seconds_total',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds_count',
      'nodejs_active_handles_total',
    ])
      expect(busy).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? \\S+$`, 'm'));
  });
});
