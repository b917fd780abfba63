import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, decodeJwt, importJWK, type JWK, type JWTPayload } from 'jose';

/**
 * Tokens an attacker or a misconfigured client might present. Where the point is a claim and
 * not the signature, they are signed with the identity provider's real key (read from the
 * runtime's folder), so only the claim under test can be the reason for a refusal.
 */
export async function realmSigner(home: string) {
  const [stored] = JSON.parse(await readFile(join(home, 'idp-keys.json'), 'utf8')) as Array<{ jwk: JWK }>;
  const jwk = stored!.jwk;
  const key = await importJWK(jwk, 'RS256');
  const publicJwk: JWK = { kty: jwk.kty!, n: jwk.n!, e: jwk.e!, kid: jwk.kid! };
  return {
    kid: jwk.kid!,
    publicJwk,
    sign: (payload: JWTPayload, header: Record<string, unknown> = {}) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: jwk.kid!, typ: 'at+jwt', ...header }).sign(key),
  };
}

/** The claims of a real token, to vary one at a time. */
export function claimsOf(token: string): JWTPayload {
  return decodeJwt(token);
}

export function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}
