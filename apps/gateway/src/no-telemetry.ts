// Imported first by main.ts, before @apollo/gateway loads: the gateway otherwise reports
// telemetry to Apollo's servers, and government software must not phone home (STACK trap 1).
process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';
