/**
 * Loaded before an app with `node --import` (the embedded runtime and the container image both do):
 * with an OTLP endpoint configured, the app's traces go there; without one nothing is loaded,
 * nothing is patched and nothing leaves the process. It must run before the app's modules load:
 * the instrumentations patch the CommonJS packages (http, pg, graphql, express, kafkajs) as they
 * are first required, and fetch through Node's diagnostics channels. An ESM loader hook
 * (import-in-the-middle) was tried and dropped: it tripled every app's start-up time, and the
 * packages the plein's spans come from are CommonJS (ADR 0012).
 */
const endpoint = process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
if (endpoint) {
  const { startTracing } = await import('./tracing.js');
  startTracing(endpoint, Boolean(process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']));
}
