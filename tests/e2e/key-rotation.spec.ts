import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader } from 'jose';
import { serviceToken } from '../../tools/plein/tokens.js';
import { E2E_KEY_GRACE_MS, sharedPlein, type PleinUnderTest } from '../support/plein.js';
import { AppProcess } from '../support/replicas.js';

/**
 * On the shared plein, and the last file to use it (tests/support/e2e-sequencer.js): its identity
 * provider's key is rotated, with the short grace the e2e run gives it. The gateway and registry
 * that must notice are processes of this file's own beside the plein's, started with the plein's
 * settings but for fetching the realm's keys every second instead of every minute.
 */
describe('signing-key rotation', () => {
  let plein: PleinUnderTest;
  const started: AppProcess[] = [];
  beforeAll(async () => {
    plein = await sharedPlein();
    for (const app of ['gateway', 'registry'])
      started.push(await AppProcess.beside({ name: app, pid: plein.pid(app) }, { JWKS_REFRESH_MS: '1000' }));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await plein?.stop();
  }, 60_000);

  const status = async (url: string, token: string) =>
    (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ agencies { key } }' }),
      })
    ).status;
  const jwksKids = async () =>
    (
      (await (await fetch(`${plein.manifest.keycloakUrl}/realms/plein/protocol/openid-connect/certs`)).json()) as {
        keys: Array<{ kid: string }>;
      }
    ).keys.map((k) => k.kid);

  it('accepts the new key without a restart and refuses the retired one after its grace period', async () => {
    const [gateway, registry] = [`${started[0]!.url}/graphql`, `${started[1]!.url}/graphql`];
    // One token for the gateway and one for the registry: each app accepts only its own.
    const tokens = () =>
      Promise.all([
        serviceToken(plein.manifest.keycloakUrl, 'plein-operator'),
        serviceToken(plein.manifest.keycloakUrl, 'plein-operator', 'registry'),
      ]);
    const [before, beforeAtRegistry] = await tokens();
    const oldKid = decodeProtectedHeader(before).kid!;
    expect(await status(gateway, before)).toBe(200);
    expect(await status(registry, beforeAtRegistry)).toBe(200);

    const rotated = (await (await fetch(`${plein.manifest.keycloakUrl}/realms/plein/dev/rotate-keys`, { method: 'POST' })).json()) as {
      kid: string;
    };
    expect(rotated.kid).not.toBe(oldKid);
    expect(await jwksKids()).toEqual([rotated.kid, oldKid]);

    const [after, afterAtRegistry] = await tokens();
    expect(decodeProtectedHeader(after).kid).toBe(rotated.kid);
    expect(await status(gateway, after)).toBe(200);
    expect(await status(registry, afterAtRegistry)).toBe(200);
    expect(await status(registry, beforeAtRegistry)).toBe(200);
    expect(await status(gateway, before)).toBe(200); // still within its grace period

    const deadline = Date.now() + E2E_KEY_GRACE_MS + 6_000;
    let refusedAt: number | undefined;
    while (Date.now() < deadline && refusedAt === undefined) {
      await new Promise((r) => setTimeout(r, 250));
      if ((await status(gateway, before)) === 401 && (await status(registry, beforeAtRegistry)) === 401) refusedAt = Date.now();
    }
    expect(refusedAt).toBeDefined();
    expect(await jwksKids()).toEqual([rotated.kid]);
    expect(await status(gateway, after)).toBe(200);
  }, 60_000);
});
