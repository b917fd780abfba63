import Keycloak from 'keycloak-connect';
import { AuthenticationError, callerFromClaims, type Caller } from './caller.js';
import { API_AUDIENCE, REALM } from './roles.js';

export interface VerifierSettings {
  /** Keycloak's base URL (without /realms/…), e.g. https://sso.example.nl. */
  authServerUrl: string;
  realm?: string;
  audience?: string;
  /** How often the realm's keys are fetched anew, so a retired key stops being accepted. */
  jwksRefreshMs: number;
  /** Seconds of clock difference tolerated on nbf and iat. */
  clockSkewSeconds?: number;
}

/** What keycloak-connect's grant manager keeps of the realm's keys (not in its typings). */
interface Rotation {
  jwks: Array<{ kid?: string }>;
  retrieveJWKs(): Promise<{ keys: Array<{ kid?: string }> }>;
  getJWK(kid: string): Promise<string> | undefined;
}

const MAX_TOKEN_LENGTH = 16 * 1024;
/** At most one fetch of the realm's keys per this interval, however many unknown key ids arrive. */
const MIN_REFRESH_INTERVAL_MS = 1_000;

/**
 * Verifies bearer tokens the way every app on the plein must: keycloak-connect checks the
 * RS256 signature against the realm's JWKS, expiry, `typ: Bearer`, issuer and audience; this
 * adds what it leaves out — the header's algorithm and key id, `nbf`, a future `iat` — and
 * refreshes the realm's keys periodically, because keycloak-connect would otherwise trust a
 * retired key for as long as the process runs.
 */
export class TokenVerifier {
  private readonly keycloak: Keycloak.Keycloak;
  private readonly rotation: Rotation;
  private readonly skew: number;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly pems = new Map<string, Promise<string>>();
  private lastRefresh = 0;

  constructor(settings: VerifierSettings) {
    const config = {
      realm: settings.realm ?? REALM,
      'auth-server-url': settings.authServerUrl,
      resource: settings.audience ?? API_AUDIENCE,
      'bearer-only': true,
      'ssl-required': 'external',
      'confidential-port': 0,
      'verify-token-audience': true,
      // A new key id must be fetchable at once after a rotation; keycloak-connect's default
      // blocks fetches for 10 s and refuses the token meanwhile.
      'min-time-between-jwks-requests': 1,
    };
    this.keycloak = new Keycloak({}, config);
    // keycloak-connect keeps the key cache on the grant manager without typing it.
    this.rotation = (this.keycloak.grantManager as unknown as { rotation: Rotation }).rotation;
    // keycloak-connect converts the cached JWK to PEM on every verification; keep the result
    // per key id until the keys are fetched anew.
    const convert = this.rotation.getJWK.bind(this.rotation);
    this.rotation.getJWK = (kid: string) => {
      let pem = this.pems.get(kid);
      if (!pem) {
        pem = convert(kid);
        if (!pem) return undefined;
        pem.catch(() => this.pems.delete(kid));
        this.pems.set(kid, pem);
      }
      return pem;
    };
    this.skew = settings.clockSkewSeconds ?? 30;
    this.timer = setInterval(() => void this.refreshKeys(), settings.jwksRefreshMs);
    this.timer.unref();
    // Fetched now, so the first request does not wait for the realm's keys.
    void this.refreshKeys();
  }

  readonly readinessName = 'signing keys';

  /** Ready once the realm's keys are known (an app's readiness probe asks this). */
  async checkReadiness(): Promise<string> {
    if (this.rotation.jwks.length === 0) await this.refreshKeys();
    if (this.rotation.jwks.length === 0) throw new Error("the realm's signing keys could not be fetched");
    return `${this.rotation.jwks.length} key(s)`;
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

    let claims: Record<string, unknown>;
    try {
      const grant = await this.keycloak.grantManager.createGrant({ access_token: token as unknown as Keycloak.Token });
      claims = (grant.access_token as unknown as { content: Record<string, unknown> }).content;
    } catch (e) {
      throw new AuthenticationError(reasonOf(e));
    }
    const now = Date.now() / 1000;
    if (typeof claims['nbf'] === 'number' && claims['nbf'] > now + this.skew) throw new AuthenticationError('not valid yet');
    if (typeof claims['iat'] === 'number' && claims['iat'] > now + this.skew) throw new AuthenticationError('issued in the future');
    if (typeof claims['exp'] !== 'number') throw new AuthenticationError('no expiry');
    return callerFromClaims(claims);
  }

  async refreshKeys(): Promise<void> {
    this.lastRefresh = Date.now();
    try {
      const { keys } = await this.rotation.retrieveJWKs();
      this.rotation.jwks = keys;
      this.pems.clear();
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
    if (this.rotation.jwks.some((k) => k.kid === kid)) return;
    this.refreshing ??= (async () => {
      const wait = this.lastRefresh + MIN_REFRESH_INTERVAL_MS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await this.refreshKeys();
    })().finally(() => (this.refreshing = undefined));
    await this.refreshing;
    if (!this.rotation.jwks.some((k) => k.kid === kid)) throw new AuthenticationError('signed with an unknown key');
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

function reasonOf(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const inner = /invalid token \(([^)]+)\)/.exec(message);
  if (inner) return inner[1]!;
  if (/public key|JWK|kid|Cannot read/i.test(message)) return 'signed with an unknown key';
  return 'verification failed';
}
