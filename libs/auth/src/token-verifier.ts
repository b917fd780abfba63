import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError, callerFromClaims, type Caller } from './caller.js';
import { REALM } from './roles.js';

export interface VerifierSettings {
  /** Keycloak's base URL (without /realms/…), e.g. https://sso.example.nl. */
  authServerUrl: string;
  realm?: string;
  /** This app's own client id: the only audience its tokens may carry. */
  audience: string;
  /** This app's client secret, for token exchange; apps that call no other app need none. */
  clientSecret?: string;
  /** How often the realm's keys are fetched anew, so a retired key stops being accepted. */
  jwksRefreshMs: number;
  /** Seconds of clock difference tolerated on exp, nbf and iat. */
  clockSkewSeconds?: number;
}

const MAX_TOKEN_LENGTH = 16 * 1024;
/** Tokens remembered as verified; beyond this the oldest are forgotten (and verified again if seen). */
const MAX_REMEMBERED = 10_000;
/** At most one fetch of the realm's keys per this interval, however many unknown key ids arrive. */
const MIN_REFRESH_INTERVAL_MS = 1_000;

/**
 * Verifies bearer tokens the way every app on the plein must, with jose (ADR 0008): an RS256
 * signature by one of the realm's current keys, the realm as issuer, this app as audience,
 * `typ: Bearer` (Keycloak's access tokens), expiry, `nbf` and a future `iat` within the clock
 * skew. The realm's keys are re-read periodically, so a retired key stops being accepted, and
 * at once (at most once a second) when a token names a key not seen before.
 *
 * A token seen again is not verified again: the signature over exactly these bytes, the issuer,
 * the audience and `typ` cannot have changed, so only its expiry is checked anew. The signature
 * check was most of an agency's token work (WebCrypto's RSA job), and one caseworker's token
 * reaches each app many times in its lifetime (ADR 0018). What is remembered is forgotten when
 * the realm's keys change in any way, and a token whose key is gone is refused before anything
 * remembered is consulted.
 */
export class TokenVerifier {
  private readonly issuer: string;
  private readonly jwksUrl: string;
  private readonly skew: number;
  private keys: JWTVerifyGetKey | undefined;
  private kids = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private lastRefresh = 0;
  private keySet = '';
  /** Verified tokens, by their exact text, oldest first: their claims and when they expire. */
  private readonly verified = new Map<string, { claims: Record<string, unknown>; exp: number }>();

  readonly readinessName = 'signing keys';

  constructor(private readonly settings: VerifierSettings) {
    const base = settings.authServerUrl.replace(/\/$/, '');
    this.issuer = `${base}/realms/${settings.realm ?? REALM}`;
    this.jwksUrl = `${this.issuer}/protocol/openid-connect/certs`;
    this.skew = settings.clockSkewSeconds ?? 30;
    this.timer = setInterval(() => void this.refreshKeys(), settings.jwksRefreshMs);
    this.timer.unref();
    // Fetched now, so the first request does not wait for the realm's keys.
    void this.refreshKeys();
  }

  /** Ready once the realm's keys are known (an app's readiness probe asks this). */
  async checkReadiness(): Promise<string> {
    if (this.kids.size === 0) await this.refreshKeys();
    if (this.kids.size === 0) throw new Error("the realm's signing keys could not be fetched");
    return `${this.kids.size} key(s)`;
  }

  /** The caller behind an Authorization header, or an AuthenticationError saying why not. */
  async verify(authorization: string | undefined): Promise<Caller> {
    if (!authorization) throw new AuthenticationError('no bearer token');
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization);
    if (!match || match[1]!.length > MAX_TOKEN_LENGTH) throw new AuthenticationError('not a bearer JWT');
    const token = match[1]!;
    const header = decodePart(token, 0);
    if (header['alg'] !== 'RS256') throw new AuthenticationError(`algorithm ${String(header['alg'])} is not accepted (RS256 only)`);
    if (typeof header['kid'] !== 'string') throw new AuthenticationError('no key id');
    await this.ensureKey(header['kid']);
    const seen = this.verified.get(token);
    if (seen) {
      if (seen.exp <= Date.now() / 1000 - this.skew) {
        this.verified.delete(token);
        throw new AuthenticationError('token expired');
      }
      return callerFromClaims(seen.claims);
    }
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keys!, {
        issuer: this.issuer,
        audience: this.settings.audience,
        algorithms: ['RS256'],
        clockTolerance: this.skew,
        requiredClaims: ['exp'],
      }));
    } catch (e) {
      throw new AuthenticationError(this.reasonOf(e));
    }
    if (claims['typ'] !== 'Bearer') throw new AuthenticationError('not an access token (typ is not Bearer)');
    const now = Date.now() / 1000;
    if (typeof claims['iat'] === 'number' && claims['iat'] > now + this.skew) throw new AuthenticationError('issued in the future');
    const caller = callerFromClaims(claims);
    this.remember(token, claims);
    return caller;
  }

  private remember(token: string, claims: Record<string, unknown>): void {
    if (this.verified.size >= MAX_REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
    // jwtVerify required `exp` and checked it is a number.
    this.verified.set(token, { claims, exp: claims['exp'] as number });
  }

  async refreshKeys(): Promise<void> {
    this.lastRefresh = Date.now();
    try {
      const res = await fetch(this.jwksUrl, { signal: AbortSignal.timeout(5_000), redirect: 'error' });
      if (!res.ok) return;
      const jwks = (await res.json()) as JSONWebKeySet;
      if (!Array.isArray(jwks.keys)) return;
      const keySet = JSON.stringify(jwks.keys);
      if (keySet !== this.keySet) this.verified.clear();
      this.keySet = keySet;
      this.keys = createLocalJWKSet(jwks);
      this.kids = new Set(jwks.keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string'));
    } catch {
      // Keep the keys we have; the next refresh or an unknown key id tries again.
    }
  }

  /**
   * A key id not seen before may be a freshly rotated key: fetch the realm's keys once, waiting
   * out the minimum interval rather than refusing a valid token. Concurrent requests share the
   * fetch, so invented key ids cannot make the verifier flood the identity provider.
   */
  private async ensureKey(kid: string): Promise<void> {
    if (this.kids.has(kid)) return;
    this.refreshing ??= (async () => {
      const wait = this.lastRefresh + MIN_REFRESH_INTERVAL_MS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await this.refreshKeys();
    })().finally(() => (this.refreshing = undefined));
    await this.refreshing;
    if (!this.kids.has(kid) || !this.keys) throw new AuthenticationError('signed with an unknown key');
  }

  private reasonOf(e: unknown): string {
    if (e instanceof errors.JWTExpired) return 'token expired';
    if (e instanceof errors.JWTClaimValidationFailed) {
      if (e.claim === 'aud') return `wrong audience: this app accepts only tokens for ${this.settings.audience}`;
      if (e.claim === 'iss') return 'wrong issuer';
      if (e.claim === 'nbf') return 'not valid yet';
      if (e.claim === 'exp') return 'no expiry';
      return `claim ${e.claim} is not valid`;
    }
    if (e instanceof errors.JWSSignatureVerificationFailed) return 'invalid signature';
    if (e instanceof errors.JWKSNoMatchingKey) return 'signed with an unknown key';
    return 'verification failed';
  }

  close(): void {
    clearInterval(this.timer);
  }
}

function decodePart(token: string, index: number): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8'));
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AuthenticationError('malformed token');
}
