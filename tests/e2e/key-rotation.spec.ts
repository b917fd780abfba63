import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader } from 'jose';
import { serviceToken } from '../../tools/plein/tokens.js';
import { startPlein, type PleinUnderTest } from '../support/plein.js';

const GRACE_MS = 4_000;

describe('signing-key rotation', () => {
  let plein: PleinUnderTest;
  beforeAll(async () => {
    plein = await startPlein({ env: { IDP_KEY_GRACE_MS: String(GRACE_MS), JWKS_REFRESH_MS: '1000' } });
  }, 180_000);
  afterAll(async () => plein?.stop(), 60_000);

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
    const gateway = plein.manifest.gatewayUrl;
    const registry = `${plein.manifest.registryUrl}/graphql`;
    // One token for the gateway and one for the registry: each app accepts only its own.
    const tokens = () =>
      Promise.all([
        serviceToken(plein.manifest.keycloakUrl, 'plein-operator'),
        serviceToken(plein.manifest.keycloakUrl, 'plein-operator', 'registry'),
      ]);
    const [before, beforeAtRegistry] = await tokens();
    const oldKid = decodeProtectedHeader(before).kid!;
    expect(await status(gateway, before)).toBe(200);

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

    const deadline = Date.now() + GRACE_MS + 6_000;
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
