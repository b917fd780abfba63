import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sharedPlein, type PleinUnderTest } from '../support/plein.js';
import { AppProcess } from '../support/replicas.js';
import { eventually } from '../support/wait.js';

const CASEWORKER = 'klantmanager.utrecht';
const QUERY = 'query($id: ID!) { household(id: $id) { members { givenName } incomeOverview { totalMonthlyCents } } }';

/**
 * With the registry down, gateways keep serving the last good supergraph — also a gateway started
 * afterwards. On the shared plein: the registry that dies, and the gateways that lose it, are
 * processes of this file's own, started with the plein's settings (its database, its identity
 * provider); the plein's own registry and gateway serve the other files on.
 */
describe('the gateway without its registry', () => {
  let plein: PleinUnderTest;
  let cache: string;
  const started: AppProcess[] = [];

  beforeAll(async () => {
    plein = await sharedPlein();
    cache = await mkdtemp(join(tmpdir(), 'plein-gateway-cache-'));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    if (cache) await rm(cache, { recursive: true, force: true });
  }, 60_000);

  const beside = async (app: string, changes: Record<string, string>, options?: { ready?: boolean }) => {
    const instance = await AppProcess.beside({ name: app, pid: plein.pid(app) }, changes, options);
    started.push(instance);
    return instance;
  };
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
    const registry = await beside('registry', {});
    // Frequent polls, so the gateway really asks the dead registry during the test.
    const gateway = await beside('gateway', {
      REGISTRY_URL: registry.url,
      SUPERGRAPH_POLL_MS: '500',
      SUPERGRAPH_CACHE_FILE: join(cache, 'supergraph.json'),
    });
    const before = await ask(`${gateway.url}/graphql`);
    expect(before.errors).toBeUndefined();
    expect(before).toEqual(await ask(plein.manifest.gatewayUrl));

    await registry.kill();
    await new Promise((r) => setTimeout(r, 2_500)); // a few polls against a dead registry
    expect(await ask(`${gateway.url}/graphql`)).toEqual(before);

    const later = await beside(
      'gateway',
      {
        REGISTRY_URL: registry.url /* dead */,
        SUPERGRAPH_CACHE_FILE: join(cache, 'supergraph.json'),
        SUPERGRAPH_STARTUP_TIMEOUT_MS: '60000',
      },
      { ready: false },
    );
    const { value } = await eventually(async () => {
      try {
        const res = await ask(`${later.url}/graphql`);
        return res.data ? res : undefined;
      } catch {
        return undefined;
      }
    }, 20_000);
    expect(value).toEqual(before);
  }, 90_000);
});
