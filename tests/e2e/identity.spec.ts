import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sharedPlein, type PleinUnderTest } from '../support/plein.js';
import { base64url, claimsOf, realmSigner } from './support/forged-tokens.js';

const QUERY = 'query($id: ID!) { household(id: $id) { id incomeOverview { totalMonthlyCents } } }';

describe('identity: every request needs a verified token', () => {
  let plein: PleinUnderTest;
  beforeAll(async () => {
    plein = await sharedPlein();
  }, 180_000);
  afterAll(async () => plein?.stop(), 60_000);

  const post = async (url: string, token: string | undefined, query = QUERY) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-plein-purpose': 'schuldhulpverlening',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query, variables: query === QUERY ? { id: plein.manifest.population.demoHouseholdId } : {} }),
    });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string }> } };
  };

  it('serves a caseworker with a real token (the control for every refusal below)', async () => {
    const caseworker = await plein.token('klantmanager.utrecht');
    const { status, body } = await post(plein.manifest.gatewayUrl, caseworker);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const signer = await realmSigner(plein.home);
    const resigned = await signer.sign(claimsOf(caseworker));
    expect((await post(plein.manifest.gatewayUrl, resigned)).status).toBe(200);
  });

  it('refuses forged and broken tokens with 401 and no data, at the gateway and at a subgraph', async () => {
    const signer = await realmSigner(plein.home);
    const good = claimsOf(await plein.token('klantmanager.utrecht'));
    const resident = claimsOf(await plein.token('fatima.elamrani'));
    const now = Math.floor(Date.now() / 1000);
    const [header, payload] = (await signer.sign(good)).split('.');
    const hs256 = (() => {
      const h = base64url({ alg: 'HS256', typ: 'JWT', kid: signer.kid });
      const p = base64url(good);
      const secret = JSON.stringify(signer.publicJwk);
      return `${h}.${p}.${createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')}`;
    })();
    const cases: Record<string, string | undefined> = {
      'no token': undefined,
      expired: await signer.sign({ ...good, iat: now - 7200, exp: now - 3600 }),
      'not yet valid': await signer.sign({ ...good, nbf: now + 3600 }),
      'wrong issuer': await signer.sign({ ...good, iss: 'http://127.0.0.1:1/realms/plein' }),
      'wrong audience': await signer.sign({ ...good, aud: 'another-api' }),
      'alg none': `${base64url({ alg: 'none', typ: 'JWT', kid: signer.kid })}.${base64url(good)}.`,
      'HS256 signed with the public key': hs256,
      'unknown kid': await signer.sign(good, { kid: 'retired-or-invented' }),
      'tampered payload': `${header}.${base64url({ ...good, realm_access: { roles: ['plein-admin', 'caseworker'] } })}.${(await signer.sign(good)).split('.')[2]}`,
      'organisation role without org': await signer.sign({ ...good, org: undefined }),
      'resident without bsn': await signer.sign({ ...resident, bsn: undefined }),
      'resident with an invalid bsn': await signer.sign({ ...resident, bsn: '123456789' }),
      'not a Bearer token (typ ID)': await signer.sign({ ...good, typ: 'ID' }),
      garbage: 'not-a-jwt',
    };
    expect(payload).toBeDefined();
    const uwv = `${plein.manifest.apps.find((a) => a.name === 'uwv')!.url}/graphql`;
    for (const [name, token] of Object.entries(cases)) {
      for (const url of [plein.manifest.gatewayUrl, uwv]) {
        const { status, body } = await post(url, token);
        expect({ name, url, status, data: body.data }).toEqual({ name, url, status: 401, data: undefined });
        expect(body.errors?.[0]?.message).toMatch(/^Invalid access token: /);
      }
    }
    // The same forgeries addressed to UWV itself: refused there too, while a genuine token for UWV is served.
    const atUwv = claimsOf(await plein.exchange('klantmanager.utrecht', 'uwv', 'schuldhulpverlening'));
    expect((await post(uwv, await signer.sign(atUwv), '{ __typename }')).status).toBe(200);
    for (const forged of [
      await signer.sign({ ...atUwv, iat: now - 7200, exp: now - 3600 }),
      await signer.sign({ ...atUwv, iss: 'http://127.0.0.1:1/realms/plein' }),
      await signer.sign({ ...atUwv, org: undefined }),
      await signer.sign({ ...atUwv, typ: 'ID' }),
      await signer.sign(atUwv, { kid: 'retired-or-invented' }),
    ])
      expect((await post(uwv, forged, '{ __typename }')).status).toBe(401);
  }, 60_000);

  it('issues tokens in Keycloak\u2019s claim layout, with org for organisations and bsn for residents', async () => {
    const caseworker = claimsOf(await plein.token('klantmanager.utrecht'));
    expect(caseworker).toMatchObject({
      iss: `${plein.manifest.keycloakUrl}/realms/plein`,
      aud: 'plein-api',
      azp: 'plein-web',
      typ: 'Bearer',
      preferred_username: 'klantmanager.utrecht',
      realm_access: { roles: ['caseworker', 'purpose:schuldhulpverlening', 'purpose:bijstandsaanvraag', 'purpose:vroegsignalering'] },
      org: '00000001002220647000',
    });
    expect(caseworker).toHaveProperty('sid');
    expect(caseworker).not.toHaveProperty('bsn');
    const resident = claimsOf(await plein.token('fatima.elamrani'));
    expect(resident).toMatchObject({ realm_access: { roles: ['resident'] }, bsn: plein.manifest.population.demoBsn });
    expect(resident).not.toHaveProperty('org');
    const service = claimsOf(await plein.token('uwv-publisher'));
    // Keycloak's service-account tokens name the account in preferred_username; sub is an opaque id.
    expect(service).toMatchObject({
      azp: 'uwv-publisher',
      preferred_username: 'service-account-uwv-publisher',
      realm_access: { roles: ['agency-publisher'] },
      org: '00000001003214345000',
    });
  });

  it('serves the realm on Keycloak\u2019s paths', async () => {
    const base = `${plein.manifest.keycloakUrl}/realms/plein`;
    const discovery = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(discovery).toMatchObject({
      issuer: base,
      token_endpoint: `${base}/protocol/openid-connect/token`,
      jwks_uri: `${base}/protocol/openid-connect/certs`,
      authorization_endpoint: `${base}/protocol/openid-connect/auth`,
      userinfo_endpoint: `${base}/protocol/openid-connect/userinfo`,
      end_session_endpoint: `${base}/protocol/openid-connect/logout`,
    });
    const userinfo = await fetch(discovery['userinfo_endpoint']!, {
      headers: { authorization: `Bearer ${await plein.token('fatima.elamrani')}` },
    });
    expect(await userinfo.json()).toEqual({ sub: 'fatima.elamrani', preferred_username: 'fatima.elamrani', name: 'Fatima El Amrani' });
    expect((await fetch(discovery['userinfo_endpoint']!, { headers: { authorization: 'Bearer nonsense' } })).status).toBe(401);
    const jwks = (await (await fetch(discovery['jwks_uri']!)).json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});
