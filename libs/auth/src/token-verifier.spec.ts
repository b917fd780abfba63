import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { TokenVerifier } from './token-verifier.js';

/**
 * A token seen again is not verified again. What an attacker would try against that: a token
 * altered after a genuine one was accepted, a token kept past its expiry, a token whose key the
 * realm has since withdrawn.
 */
describe('a token seen again', () => {
  let server: Server;
  let base = '';
  let published: JWK[] = [];
  let verifier: TokenVerifier;
  const keys = { old: generateKeyPair('RS256'), next: generateKeyPair('RS256') };

  const sign = async (kid: 'old' | 'next', expiresAt: number) =>
    new SignJWT({ typ: 'Bearer', azp: 'plein-web', realm_access: { roles: ['caseworker'] }, org: '00000001002220647000' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('a-caseworker')
      .setIssuer(`${base}/realms/plein`)
      .setAudience('plein-api')
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign((await keys[kid]).privateKey);
  const publish = async (...kids: Array<'old' | 'next'>) => {
    published = await Promise.all(
      kids.map(async (kid) => ({ ...(await exportJWK((await keys[kid]).publicKey)), kid, alg: 'RS256', use: 'sig' })),
    );
    await verifier.refreshKeys();
  };
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

  beforeAll(async () => {
    server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: published })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    verifier = new TokenVerifier({ authServerUrl: base, jwksRefreshMs: 3_600_000, audience: 'plein-api', clockSkewSeconds: 0 });
    await publish('old');
  });
  afterAll(async () => {
    verifier.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('is the same caller each time, and a copy altered in any part is refused', async () => {
    const token = await sign('old', inAnHour());
    const first = await verifier.verify(`Bearer ${token}`);
    expect(await verifier.verify(`Bearer ${token}`)).toEqual(first);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const promoted = Buffer.from(JSON.stringify({ ...claims, realm_access: { roles: ['plein-admin'] } })).toString('base64url');
    await expect(verifier.verify(`Bearer ${header}.${promoted}.${signature}`)).rejects.toThrow('invalid signature');
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    await expect(verifier.verify(`Bearer ${header}.${payload}.${flipped}`)).rejects.toThrow('invalid signature');
  });

  it('is refused once it has expired', async () => {
    const token = await sign('old', Math.floor(Date.now() / 1000) + 2);
    await verifier.verify(`Bearer ${token}`);
    await new Promise((r) => setTimeout(r, 2_100));
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toThrow('token expired');
  });

  it('is refused once the realm no longer publishes its key, and accepted again only under a key it publishes', async () => {
    const token = await sign('old', inAnHour());
    await verifier.verify(`Bearer ${token}`);
    await publish('next');
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toThrow('signed with an unknown key');
    const rotated = await sign('next', inAnHour());
    await expect(verifier.verify(`Bearer ${rotated}`)).resolves.toMatchObject({ subject: 'a-caseworker' });
  });
});
