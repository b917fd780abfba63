/**
 * OpenTelemetry for the plein's apps: `register.js` is loaded with `node --import` before an app
 * and starts tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set (see README, Configuration).
 */
export const TELEMETRY_REGISTER = 'libs/telemetry/src/register.js';
