import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { envDetector, processDetector } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';

/** Probes and scrapes are not part of anyone's question: they make no spans. */
const UNTRACED = /^\/(health|metrics)(\/|$)/;

/**
 * Traces, and the instrumentations' metrics beside the apps' own Prometheus /metrics, to the
 * configured endpoint only; logs stay on stdout; no cloud metadata is probed. Spans carry no
 * personal data: no request bodies, no query variables, no SQL parameters (a BSN must not reach a
 * tracing backend).
 */
export function startTracing(endpoint: string, isTracesUrl: boolean): void {
  const url = new URL(isTracesUrl ? endpoint : `${endpoint.replace(/\/$/, '')}/v1/traces`);
  if (!/^https?:$/.test(url.protocol)) throw new Error(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, not "${endpoint}"`);
  // Metrics go over OTLP/HTTP (JSON) only where an endpoint for them is set; never to a default address.
  const metricsEndpoint = process.env['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'] ?? process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  process.env['OTEL_METRICS_EXPORTER'] ??= metricsEndpoint ? 'otlp' : 'none';
  process.env['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL'] ??= 'http/json';
  process.env['OTEL_LOGS_EXPORTER'] ??= 'none';
  const sdk = new NodeSDK({
    traceExporter: new OTLPTraceExporter({ url: url.toString() }),
    resourceDetectors: [envDetector, processDetector],
    instrumentations: [
      // Work nobody asked for (a consumer's fallback poll, a registry refresh) makes no trace of
      // its own: outgoing calls and queries are traced only inside a request's trace.
      new HttpInstrumentation({
        requireParentforOutgoingSpans: true,
        ignoreIncomingRequestHook: (req) => UNTRACED.test(req.url ?? ''),
        // Query strings can hold identifiers: the URL's path only.
        headersToSpanAttributes: { client: { requestHeaders: [] }, server: { requestHeaders: [] } },
      }),
      new ExpressInstrumentation(),
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true, allowValues: false }),
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
      new KafkaJsInstrumentation(),
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  sdk.start();
}
