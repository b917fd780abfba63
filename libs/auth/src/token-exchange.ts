import { createHash } from 'node:crypto';
import { AuthenticationError } from './caller.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/** The scope that asks for a purpose to be bound into an exchanged token. */
export const PURPOSE_SCOPE_PREFIX = 'purpose:';

export interface TokenExchangeSettings {
  /** The realm's token endpoint. */
  tokenUrl: string;
  /** This app's own client, which the tokens it receives are addressed to. */
  clientId: string;
  clientSecret: string | undefined;
  timeoutMs?: number;
}

/** The identity provider refused to exchange: the request goes nowhere. */
export class TokenExchangeError extends Error {
  constructor(
    readonly audience: string,
    readonly reason: string,
  ) {
    super(`No credential for ${audience}: ${reason}`);
    this.name = 'TokenExchangeError';
  }
}

/** Tokens are reused only while they have this long to live, so a source never receives one about to expire. */
const MIN_REMAINING_MS = 15_000;
const MAX_CACHED = 10_000;

/**
 * OAuth 2.0 Token Exchange (RFC 8693) for the plein's hops: the token an app received (addressed
 * to it) becomes a short-lived token addressed to one other app or agency alone, carrying the
 * same caller and, where stated, the purpose. No caller's token ever travels further than the app
 * it was issued for. Exchanged tokens are cached per caller token, audience and purpose, and
 * concurrent requests for the same one share a single exchange.
 */
export class TokenExchanger {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly settings: TokenExchangeSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  get clientId(): string {
    return this.settings.clientId;
  }

  /** `Bearer <token for audience>`, from the `Authorization` header this app received. */
  async authorizationFor(authorization: string | undefined, audience: string, purpose?: string | null): Promise<string> {
    const subject = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!subject) throw new AuthenticationError('no bearer token to exchange');
    return `Bearer ${await this.exchange(subject, audience, purpose ?? null)}`;
  }

  async exchange(subjectToken: string, audience: string, purpose: string | null): Promise<string> {
    const key = `${audience}\u0000${purpose ?? ''}\u0000${createHash('sha256').update(subjectToken).digest('base64url')}`;
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt - MIN_REMAINING_MS > Date.now()) return hit.token;
    let running = this.pending.get(key);
    if (!running) {
      running = this.request(subjectToken, audience, purpose)
        .then(({ token, expiresAt }) => {
          this.remember(key, token, expiresAt);
          return token;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, running);
    }
    return running;
  }

  private remember(key: string, token: string, expiresAt: number): void {
    if (this.cache.size >= MAX_CACHED) {
      const now = Date.now();
      for (const [k, v] of this.cache) if (v.expiresAt - MIN_REMAINING_MS <= now) this.cache.delete(k);
      // Still full of live tokens: the oldest entries go first (a Map keeps insertion order).
      for (const k of this.cache.keys()) {
        if (this.cache.size < MAX_CACHED) break;
        this.cache.delete(k);
      }
    }
    this.cache.set(key, { token, expiresAt });
  }

  private async request(subjectToken: string, audience: string, purpose: string | null): Promise<{ token: string; expiresAt: number }> {
    if (!this.settings.clientSecret) throw new TokenExchangeError(audience, `client ${this.settings.clientId} has no secret configured`);
    const body = new URLSearchParams({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: subjectToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      requested_token_type: ACCESS_TOKEN_TYPE,
      audience,
    });
    if (purpose) body.set('scope', `${PURPOSE_SCOPE_PREFIX}${purpose}`);
    let res: Response;
    try {
      res = await this.fetchImpl(this.settings.tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(this.settings.clientId)}:${encodeURIComponent(this.settings.clientSecret)}`).toString('base64')}`,
        },
        body,
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 3_000),
        redirect: 'error',
      });
    } catch (e) {
      // fetch's own message is "fetch failed"; the reason (refused, reset, timed out) is its cause.
      const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (e as Error).name;
      throw new TokenExchangeError(audience, `the identity provider could not be reached (${reason})`);
    }
    const answer = (await res.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
      error_description?: unknown;
    };
    if (!res.ok || typeof answer.access_token !== 'string') {
      const reason = typeof answer.error_description === 'string' ? answer.error_description : String(answer.error ?? `HTTP ${res.status}`);
      throw new TokenExchangeError(audience, reason.slice(0, 200));
    }
    const seconds = typeof answer.expires_in === 'number' ? answer.expires_in : 60;
    return { token: answer.access_token, expiresAt: Date.now() + seconds * 1000 };
  }
}
