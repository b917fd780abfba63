/**
 * A token of an app's own service account (OAuth client credentials), for work the app does on
 * its own behalf rather than a caller's: addressed to one audience alone (RFC 8707 resource
 * indicator; with Keycloak an audience mapper on the client does the same), cached until shortly
 * before it expires, and one request at a time.
 */
export class ServiceAccountToken {
  private token: { value: string; expires: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly settings: { tokenUrl: string; clientId: string; clientSecret: string; audience: string; timeoutMs?: number },
  ) {}

  /** `Bearer <token>`. */
  async authorization(): Promise<string> {
    if (this.token && this.token.expires > Date.now() + 10_000) return `Bearer ${this.token.value}`;
    this.pending ??= this.request().finally(() => (this.pending = undefined));
    return `Bearer ${await this.pending}`;
  }

  private async request(): Promise<string> {
    const res = await fetch(this.settings.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.settings.clientId,
        client_secret: this.settings.clientSecret,
        resource: `urn:plein:app:${this.settings.audience}`,
      }),
      signal: AbortSignal.timeout(this.settings.timeoutMs ?? 5_000),
      redirect: 'error',
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error_description?: string };
    if (!body.access_token) throw new Error(`no token for ${this.settings.clientId}: ${body.error_description ?? `HTTP ${res.status}`}`);
    this.token = { value: body.access_token, expires: Date.now() + (body.expires_in ?? 60) * 1000 };
    return body.access_token;
  }
}
