import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GATEWAY } from '../../tools/plein/apps.js';
import { freePort } from '../support/ports.js';
import { startPlein, type PleinUnderTest } from '../support/plein.js';
import { eventually } from '../support/wait.js';

const CASEWORKER = 'klantmanager.utrecht';
const QUERY = 'query($id: ID!) { household(id: $id) { members { givenName } incomeOverview { totalMonthlyCents } } }';

/** With the registry down, gateways keep serving the last good supergraph — also a gateway started afterwards. */
describe('the gateway without its registry', () => {
  let plein: PleinUnderTest;
  let second: ChildProcess | undefined;

  beforeAll(async () => {
    // Frequent polls, so the gateway really asks the dead registry during the test.
    plein = await startPlein({ env: { SUPERGRAPH_POLL_MS: '500' } });
  }, 180_000);
  afterAll(async () => {
    second?.kill('SIGTERM');
    await plein?.stop();
  }, 60_000);

  const ask = async (gatewayUrl: string) => {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-plein-purpose': 'schuldhulpverlening',
        authorization: `Bearer ${await plein.token(CASEWORKER)}`,
      },
      body: JSON.stringify({ query: QUERY, variables: { id: plein.manifest.population.demoHouseholdId } }),
    });
    return (await res.json()) as { data?: { household: { incomeOverview: { totalMonthlyCents: number } } }; errors?: unknown[] };
  };

  it('keeps serving when the registry dies, and a gateway started after that serves the saved supergraph', async () => {
    const before = await ask(plein.manifest.gatewayUrl);
    expect(before.errors).toBeUndefined();
    process.kill(plein.pid('registry'), 'SIGKILL');
    await new Promise((r) => setTimeout(r, 2_500)); // a few polls against a dead registry
    expect(await ask(plein.manifest.gatewayUrl)).toEqual(before);

    const port = await freePort();
    const idp = plein.manifest.keycloakUrl;
    second = spawn(process.execPath, [resolve('dist', GATEWAY.main)], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        REGISTRY_URL: plein.manifest.registryUrl, // dead
        SUPERGRAPH_CACHE_FILE: join(plein.home, 'gateway', 'supergraph.json'),
        SUPERGRAPH_STARTUP_TIMEOUT_MS: '60000',
        KEYCLOAK_URL: idp,
        PLEIN_CLIENT_SECRET: plein.clientSecret('plein-api'),
        APOLLO_TELEMETRY_DISABLED: 'true',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    const url = `http://127.0.0.1:${port}/graphql`;
    const { value } = await eventually(async () => {
      try {
        const res = await ask(url);
        return res.data ? res : undefined;
      } catch {
        return undefined;
      }
    }, 20_000);
    expect(value).toEqual(before);
  }, 60_000);
});
