import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { Request } from 'express';
import { TokenVerifier } from '@plein/auth';
import type { WebConfig } from '../settings.js';
import { Sealer } from '../session/sealed.js';
import type { SessionTokens, SessionUser } from '../session/session.js';

export const WEB_CONFIG = Symbol('WEB_CONFIG');

/**
 * Login as people do: authorization code with PKCE against the realm, on the server (a
 * backend-for-frontend). The browser never sees a token: the tokens stay in the session store,
 * sealed, and the pages call the gateway with them from here.
 */
@Injectable()
export class Login {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(Sealer) private readonly sealer: Sealer,
  ) {}

  private get redirectUri(): string {
    return `${this.config.WEB_PUBLIC_URL.replace(/\/$/, '')}/callback`;
  }

  /** Discovered once it works; a failed discovery is tried again at the next login. */
  private async realm(): Promise<oidc.Configuration> {
    this.configuration ??= (async () => {
      const issuer = new URL(`${this.config.KEYCLOAK_URL.replace(/\/$/, '')}/realms/${this.config.KEYCLOAK_REALM}`);
      return oidc.discovery(
        issuer,
        this.config.WEB_CLIENT_ID,
        this.config.WEB_CLIENT_SECRET ? { client_secret: this.config.WEB_CLIENT_SECRET } : undefined,
        this.config.WEB_CLIENT_SECRET ? oidc.ClientSecretBasic(this.config.WEB_CLIENT_SECRET) : oidc.None(),
        // Plain http only for an issuer on this machine (the dev identity provider).
        issuer.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(issuer.hostname)
          ? { execute: [oidc.allowInsecureRequests] }
          : {},
      );
    })().catch((e: unknown) => {
      this.configuration = undefined;
      throw e;
    });
    return this.configuration;
  }

  async start(): Promise<{ url: string; state: string; verifier: string }> {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(await this.realm(), {
      redirect_uri: this.redirectUri,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    return { url: url.href, state, verifier };
  }

  /** The code exchanged for tokens; the access token verified as every app on the plein verifies it. */
  async finish(
    req: Request,
    expected: { state: string; verifier: string },
  ): Promise<{ user: SessionUser; sealed: string; expiresAt: number }> {
    const current = new URL(req.originalUrl, this.config.WEB_PUBLIC_URL);
    const tokens = await oidc.authorizationCodeGrant(await this.realm(), current, {
      pkceCodeVerifier: expected.verifier,
      expectedState: expected.state,
    });
    const caller = await this.verifier.verify(`Bearer ${tokens.access_token}`);
    const claims = tokens.claims();
    const expiresAt = Date.now() + (tokens.expiresIn() ?? 300) * 1000;
    const user: SessionUser = {
      username: caller.username,
      name: typeof claims?.['name'] === 'string' ? claims['name'] : caller.username,
      roles: [...caller.roles],
      org: caller.org,
      bsn: caller.bsn,
      purposes: caller.purposes,
    };
    const sealed: SessionTokens = { accessToken: tokens.access_token, idToken: tokens.id_token, expiresAt };
    return { user, sealed: this.sealer.seal(sealed), expiresAt };
  }

  /** RP-initiated logout at the realm, returning to the start page. */
  async logoutUrl(idToken: string | undefined): Promise<string> {
    const params: Record<string, string> = { post_logout_redirect_uri: `${this.config.WEB_PUBLIC_URL.replace(/\/$/, '')}/` };
    if (idToken) params['id_token_hint'] = idToken;
    return oidc.buildEndSessionUrl(await this.realm(), params).href;
  }
}
