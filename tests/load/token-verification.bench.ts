import { createServer } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { TokenVerifier } from '@plein/auth';
import { freePort } from '../support/ports.js';

export interface VerificationFigures {
  p50Micros: number;
  p99Micros: number;
  perSecond: number;
}

/**
 * What one bearer verification costs once the realm's keys are cached: the full path every
 * app runs per request (header checks, jose's signature and claim checks, caller), for a token
 * the app sees for the first time (each one signed apart) and for one it has verified before.
 */
export async function measureVerification(
  iterations = 20_000,
  firstSightings = 3_000,
): Promise<{ firstSight: VerificationFigures; again: VerificationFigures }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const verifier = new TokenVerifier({ authServerUrl: base, jwksRefreshMs: 3_600_000, audience: 'plein-api' });
  try {
    const tokens = await Promise.all(
      Array.from({ length: 1_000 + firstSightings }, (_, n) =>
        new SignJWT({
          typ: 'Bearer',
          azp: 'plein-web',
          realm_access: { roles: ['caseworker'] },
          org: '00000001002220647000',
          preferred_username: 'bench',
        })
          .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
          .setSubject('bench')
          .setJti(`bench-${n}`)
          .setIssuer(`${base}/realms/plein`)
          .setAudience('plein-api')
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(privateKey),
      ),
    );
    const headers = tokens.map((t) => `Bearer ${t}`);
    for (const h of headers.slice(0, 1_000)) await verifier.verify(h); // JWKS fetched once, JIT warm
    const timed = async (next: (i: number) => string, n: number): Promise<VerificationFigures> => {
      const samples = new Float64Array(n);
      const started = performance.now();
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await verifier.verify(next(i));
        samples[i] = performance.now() - t;
      }
      const total = performance.now() - started;
      samples.sort();
      return {
        p50Micros: samples[Math.floor(n * 0.5)]! * 1000,
        p99Micros: samples[Math.floor(n * 0.99)]! * 1000,
        perSecond: n / (total / 1000),
      };
    };
    const firstSight = await timed((i) => headers[1_000 + i]!, firstSightings);
    const again = await timed(() => headers[0]!, iterations);
    return { firstSight, again };
  } finally {
    verifier.close();
    server.close();
  }
}
