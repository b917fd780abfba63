// Global set-up of the e2e project: a folder for the plein that several test files share
// (sharedPlein in plein.ts starts it on first use), and a local OTLP receiver its apps send their
// traces and metrics to, written to spans.jsonl and metrics.jsonl there (tests/e2e/tracing.spec.ts reads it). Plain JavaScript:
// Jest loads it outside the test transform.
import { appendFileSync, chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'plein-e2e-shared-'));
  // Run as root, the embedded PostgreSQL runs as a user of its own, which must reach its data folder below this one.
  chmodSync(dir, 0o755);
  process.env.PLEIN_E2E_SHARED = dir;

  const spans = join(dir, 'spans.jsonl');
  const metrics = join(dir, 'metrics.jsonl');
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        const message = JSON.parse(body);
        // Metrics: which service sent which instrument.
        for (const rm of message.resourceMetrics ?? []) {
          const service = rm.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue;
          for (const sm of rm.scopeMetrics ?? [])
            for (const m of sm.metrics ?? []) appendFileSync(metrics, JSON.stringify({ service, name: m.name }) + '\n');
        }
        // OTLP/HTTP with JSON encoding: resourceSpans → scopeSpans → spans, ids in hex.
        for (const rs of message.resourceSpans ?? []) {
          const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue;
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              appendFileSync(
                spans,
                JSON.stringify({
                  service,
                  traceId: s.traceId,
                  spanId: s.spanId,
                  parentSpanId: s.parentSpanId,
                  name: s.name,
                  attributes: s.attributes,
                }) + '\n',
              );
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  process.env.PLEIN_E2E_OTLP = `http://127.0.0.1:${receiver.address().port}`;
  globalThis.__pleinOtlpReceiver = receiver;
}
