// Every process that may load @apollo/gateway, tests included, must not report to Apollo.
process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';
