import { Controller, Get, Header } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, collectDefaultMetrics, register } from 'prom-client';
import { Public } from '@plein/auth';

// The event-loop delay is sampled by a timer: at the library's 10 ms that woke every process a
// hundred times a second, idle or not — most of what an idle plein cost (ADR 0018). Once a second
// still shows a loop that stalls; a slow request shows in the request durations below.
collectDefaultMetrics({ eventLoopMonitoringPrecision: 1_000 });

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
