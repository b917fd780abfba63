import { Controller, Get, Header } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createRequire } from 'node:module';
import { performance, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, collectDefaultMetrics, register } from 'prom-client';
import { Public } from '@plein/auth';

/**
 * prom-client's default metrics without its event-loop delay percentiles. Those are sampled by a
 * libuv timer that wakes the process at every sample, busy or idle: at the library's 10 ms a
 * hundred times a second, at 1 s still once a second in each of sixteen processes — a fifth of
 * what an idle plein cost (ADR 0018). Sampling only while requests came kept the registry, asked
 * by two pollers, sampling all the time. The loop's load is told instead by its utilisation since
 * the last scrape and by the lag measured at the scrape itself (both read then, no timer); a slow
 * request shows in the request durations below.
 *
 * The library makes and enables its sampler inside collectDefaultMetrics and offers no way to
 * leave it out, so the one call that makes it is caught there and the sampler switched off.
 */
function defaultMetrics(): void {
  // The CommonJS module object is the one prom-client reads monitorEventLoopDelay from at the call.
  const perfHooks = createRequire(import.meta.url)('node:perf_hooks') as typeof import('node:perf_hooks');
  const original = perfHooks.monitorEventLoopDelay;
  let sampler: IntervalHistogram | undefined;
  perfHooks.monitorEventLoopDelay = (options) => (sampler = original(options));
  try {
    collectDefaultMetrics();
  } finally {
    perfHooks.monitorEventLoopDelay = original;
  }
  sampler?.disable();
  for (const key of ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'])
    register.removeSingleMetric(`nodejs_eventloop_lag_${key}_seconds`);

  let since = performance.eventLoopUtilization();
  new Gauge({
    name: 'nodejs_eventloop_utilization_ratio',
    help: 'Share of the time since the last scrape the event loop was busy (0 to 1).',
    collect() {
      const now = performance.eventLoopUtilization();
      this.set(performance.eventLoopUtilization(now, since).utilization);
      since = now;
    },
  });
}

defaultMetrics();

const requests = new Counter({
  name: 'plein_http_requests_total',
  help: 'HTTP requests served, by method, path and status class.',
  labelNames: ['method', 'path', 'status'] as const,
});

const durations = new Histogram({
  name: 'plein_http_request_duration_seconds',
  help: 'Time to serve an HTTP request.',
  labelNames: ['method', 'path'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/** Paths are labels: only the route's fixed part, never ids or personal data from the URL. */
function pathLabel(path: string): string {
  const first = path.split('/')[1] ?? '';
  return /^[a-z_-]{1,32}$/.test(first) ? `/${first}` : '/other';
}

export function metricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  // Taken on entry: routers mounted further on (Apollo's at /graphql) rewrite req.path.
  const labels = { method: req.method, path: pathLabel(req.path) };
  const stop = durations.startTimer(labels);
  res.on('finish', () => {
    stop();
    requests.inc({ ...labels, status: `${Math.floor(res.statusCode / 100)}xx` });
  });
  next();
}

/** Prometheus metrics of this process, for the operator's scraper. */
@Controller('metrics')
@Public('counters and timings labelled without personal data; restrict at the network for production scrapers')
export class MetricsController {
  @Get()
  @Header('content-type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
