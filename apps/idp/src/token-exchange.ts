import { randomUUID } from 'node:crypto';
import { SignJWT, createLocalJWKSet, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { ACCESS_TOKEN_TYPE, PURPOSE_ROLE_PREFIX, PURPOSE_SCOPE_PREFIX } from '@plein/auth';
import { mayExchange } from './realm.js';

/** The request parameters of RFC 8693 that the grant reads. */
export const TOKEN_EXCHANGE_PARAMETERS = [
  'subject_token',
  'subject_token_type',
  'requested_token_type',
  'audience',
  'scope',
  'actor_token',
  'actor_token_type',
];

export interface ExchangeContext {
  issuer: string;
  /** The published signing keys, the signing one first (private). */
  keys: () => JWK[];
  ttlSeconds: number;
}

/** Claims of the caller that travel into an exchanged token unchanged. */
const CARRIED = ['sub', 'preferred_username', 'realm_access', 'org', 'bsn', 'sid'] as const;

/**
 * OAuth 2.0 Token Exchange (RFC 8693) as the plein uses it, the way Keycloak's standard token
 * exchange behaves: the client that asks must be the audience of the token it presents (it was
 * sent to that client), may ask only for the audiences the realm lets it reach, and gets a
 * token for that one audience, short-lived, carrying the original caller, `act` naming itself
 * and, when asked for and granted to the caller, one purpose.
 */
export function tokenExchangeGrant(context: ExchangeContext) {
  return async (ctx: KoaContextWithOIDC): Promise<void> => {
    const client = ctx.oidc.client;
    if (!client) throw new errors.InvalidClient('client authentication is required');
    const params = ctx.oidc.params as Record<string, string | undefined>;
    if (params['actor_token']) throw new errors.InvalidRequest('actor tokens are not supported; the requesting client is the actor');
    if (params['subject_token_type'] !== ACCESS_TOKEN_TYPE)
      throw new errors.InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
    if (params['requested_token_type'] && params['requested_token_type'] !== ACCESS_TOKEN_TYPE)
      throw new errors.InvalidRequest(`requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
    const subjectToken = params['subject_token'];
    if (!subjectToken) throw new errors.InvalidRequest('subject_token is required');
    const audience = params['audience'] ?? '';
    if (!mayExchange(client.clientId, audience))
      throw new errors.InvalidTarget(`client ${client.clientId} may not obtain tokens for audience "${audience.slice(0, 64)}"`);

    const publicKeys = context.keys().map(({ kty, n, e, kid, alg }) => ({ kty, n, e, kid, alg }) as JWK);
    let subject: JWTPayload;
    try {
      ({ payload: subject } = await jwtVerify(subjectToken, createLocalJWKSet({ keys: publicKeys }), {
        issuer: context.issuer,
        audience: client.clientId,
        algorithms: ['RS256'],
      }));
    } catch {
      // Only a token addressed to the requesting client can be exchanged by it: a token captured
      // elsewhere is worth nothing to a client that holds its own secret.
      throw new errors.InvalidGrant(`the subject token is not a valid token for client ${client.clientId}`);
    }

    const purpose = boundPurpose(subject, params['scope']);
    const now = Math.floor(Date.now() / 1000);
    const carried = Object.fromEntries(CARRIED.filter((c) => subject[c] !== undefined).map((c) => [c, subject[c]]));
    const [signing] = context.keys();
    if (!signing) throw new errors.TemporarilyUnavailable('no signing key');
    const ttl = Math.min(context.ttlSeconds, Math.max(1, (subject.exp ?? now) - now));
    const token = await new SignJWT({
      ...carried,
      typ: 'Bearer',
      azp: client.clientId,
      act: { sub: client.clientId },
      ...(purpose ? { purpose } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: signing.kid!, typ: 'at+jwt' })
      .setIssuer(context.issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .setJti(randomUUID())
      .sign(await importJWK(signing, 'RS256'));

    ctx.body = {
      access_token: token,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: ttl,
      ...(purpose ? { scope: `${PURPOSE_SCOPE_PREFIX}${purpose}` } : {}),
    };
  };
}

/**
 * The purpose of the new token: the one already bound (it cannot change along the way), or the
 * one asked for, if the realm grants it to the caller. Anything else is refused.
 */
function boundPurpose(subject: JWTPayload, scope: string | undefined): string | null {
  const asked = (scope ?? '')
    .split(' ')
    .filter((s) => s.startsWith(PURPOSE_SCOPE_PREFIX))
    .map((s) => s.slice(PURPOSE_SCOPE_PREFIX.length));
  if (asked.length > 1) throw new errors.InvalidScope('one purpose per token', scope ?? '');
  const bound = typeof subject['purpose'] === 'string' ? subject['purpose'] : null;
  const wanted = asked[0] ?? null;
  if (bound) {
    if (wanted && wanted !== bound) throw new errors.InvalidScope(`this token is bound to purpose ${bound}`, wanted);
    return bound;
  }
  if (!wanted) return null;
  const roles = (subject['realm_access'] as { roles?: unknown } | undefined)?.roles;
  const granted = Array.isArray(roles) && roles.includes(`${PURPOSE_ROLE_PREFIX}${wanted}`);
  if (!granted) throw new errors.InvalidScope(`purpose ${wanted.slice(0, 60)} is not granted to this caller`, wanted);
  return wanted;
}
