import express, { type Express, type Request, type Response } from 'express';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { API_AUDIENCE, DEVELOPMENT_ISSUER_MARK, REALM, TOKEN_EXCHANGE_GRANT } from '@plein/auth';
import {
  API_RESOURCE,
  APP_RESOURCE_PREFIX,
  WEB_CLIENT,
  appClientSecret,
  appClients,
  demoUsers,
  directAudiences,
  serviceAccounts,
  type DemoUser,
} from './realm.js';
import { TOKEN_EXCHANGE_PARAMETERS, tokenExchangeGrant } from './token-exchange.js';
import { SigningKeys } from './signing-keys.js';
import { loginPage } from './login-page.js';

export interface IdpSettings {
  /** Public base URL, e.g. http://127.0.0.1:4003; the issuer is <base>/realms/plein. */
  baseUrl: string;
  seed: string;
  keysFile: string | undefined;
  keyGraceMs: number;
  accessTokenTtlSeconds: number;
  /** Serves POST /realms/plein/dev/rotate-keys; development and tests only. */
  allowKeyRotation: boolean;
  /** Key the apps' client secrets are derived from (see realm.ts); without it no app can exchange tokens. */
  clientKey: string | undefined;
  /** Lifetime of exchanged tokens: short, they are for one hop. */
  exchangedTokenTtlSeconds: number;
  /** Base URLs of the web pages: their /callback is a redirect URI of plein-web, / its logout return. */
  webUrls: readonly string[];
}

interface Principal {
  roles: string[];
  org?: string;
  bsn?: string;
  username: string;
  name: string;
}

const ROUTES = {
  authorization: '/protocol/openid-connect/auth',
  token: '/protocol/openid-connect/token',
  jwks: '/protocol/openid-connect/certs',
  userinfo: '/protocol/openid-connect/userinfo',
  end_session: '/protocol/openid-connect/logout',
  revocation: '/protocol/openid-connect/revoke',
  introspection: '/protocol/openid-connect/token/introspect',
} as const;

/**
 * The development identity provider: a certified OpenID Connect server (oidc-provider) on
 * Keycloak's paths for realm `plein`, issuing access tokens in Keycloak's claim layout.
 * Production uses Keycloak itself; the apps cannot tell the difference.
 */
export class IdentityProvider {
  readonly issuer: string;
  private readonly keys: SigningKeys;
  private readonly people: Map<string, DemoUser>;
  private readonly services: Map<string, Principal>;
  private provider!: Provider;
  private handler!: ReturnType<Provider['callback']>;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly settings: IdpSettings) {
    this.issuer = `${settings.baseUrl}/realms/${REALM}`;
    this.keys = new SigningKeys(settings.keysFile, settings.keyGraceMs);
    this.people = new Map(demoUsers(settings.seed).map((u) => [u.username, u]));
    this.services = new Map(
      serviceAccounts().map((c) => [
        c.clientId,
        { roles: c.roles, org: c.org, username: `service-account-${c.clientId}`, name: c.description },
      ]),
    );
  }

  /** A retired key leaves the JWKS when its grace ends: a timer for then, none while nothing is retired. */
  private schedulePrune(): void {
    clearTimeout(this.timer);
    const at = this.keys.nextPrune();
    if (at === undefined) return;
    this.timer = setTimeout(
      () =>
        void this.keys.prune().then((changed) => {
          if (changed) this.build();
          this.schedulePrune();
        }),
      // Looked at again within the hour at the latest: a timer cannot wait longer than ~24 days.
      Math.min(Math.max(0, at - Date.now()), 3_600_000),
    );
    this.timer.unref();
  }

  async start(): Promise<Express> {
    await this.keys.load();
    this.build();
    this.schedulePrune();

    const app = express();
    app.disable('x-powered-by');
    app.get(['/health', '/health/live', '/health/ready'], (_req, res) => void res.json({ status: 'ok', app: 'idp' }));
    const base = `/realms/${REALM}`;
    app.get(`${base}/login/:uid`, (req, res) => void this.showLogin(req, res));
    app.post(`${base}/login/:uid`, express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => void this.finishLogin(req, res));
    if (this.settings.allowKeyRotation) {
      app.post(`${base}/dev/rotate-keys`, (_req, res) => {
        void this.keys.rotate().then((kid) => {
          this.build();
          this.schedulePrune();
          res.json({ kid });
        });
      });
    }
    // Keycloak's userinfo accepts the realm's access tokens; oidc-provider's accepts only tokens
    // issued for itself, not for a resource server. So the realm answers it here, as Keycloak does.
    app.get(`${base}${ROUTES.userinfo}`, (req, res) => void this.userinfo(req, res));
    // Keycloak serves discovery under the realm; oidc-provider under its mount point: the same URL.
    app.use(base, (req, res) => void this.handler(req, res));
    return app;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** (Re)creates the provider with the currently published keys; grants live in its adapter. */
  private build(): void {
    this.provider = new Provider(this.issuer, this.configuration(this.keys.active()));
    this.provider.registerGrantType(
      TOKEN_EXCHANGE_GRANT,
      tokenExchangeGrant({ issuer: this.issuer, keys: () => this.keys.active(), ttlSeconds: this.settings.exchangedTokenTtlSeconds }),
      TOKEN_EXCHANGE_PARAMETERS,
    );
    this.handler = this.provider.callback();
  }

  private principal(accountId: string): Principal | undefined {
    const person = this.people.get(accountId);
    if (person)
      return {
        roles: person.roles,
        username: person.username,
        name: person.name,
        ...(person.org ? { org: person.org } : {}),
        ...(person.bsn ? { bsn: person.bsn } : {}),
      };
    return this.services.get(accountId);
  }

  private configuration(keys: JWK[]): Configuration {
    return {
      clients: [
        {
          client_id: WEB_CLIENT.clientId,
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: [...WEB_CLIENT.redirectUris, ...this.settings.webUrls.map((u) => `${u.replace(/\/$/, '')}/callback`)],
          post_logout_redirect_uris: this.settings.webUrls.map((u) => `${u.replace(/\/$/, '')}/`),
        },
        ...serviceAccounts().map((c) => ({
          client_id: c.clientId,
          client_secret: c.secret,
          grant_types: ['client_credentials'],
          response_types: [],
          redirect_uris: [],
        })),
        ...(this.settings.clientKey ? appClients() : []).map((c) => ({
          client_id: c.clientId,
          client_secret: appClientSecret(this.settings.clientKey!, c.clientId),
          grant_types: [TOKEN_EXCHANGE_GRANT],
          response_types: [],
          redirect_uris: [],
        })),
      ],
      jwks: { keys },
      routes: ROUTES,
      // Says what it is, so an app started for production refuses it (refuseDevelopmentIssuer).
      discovery: { [DEVELOPMENT_ISSUER_MARK]: true },
      pkce: { required: () => true },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        introspection: { enabled: true },
        revocation: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          // The realm's own question, in Dutch: ending the session here ends it for every app.
          logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
            ctx.body = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Uitloggen — Ontmoetingsplein (ontwikkelomgeving)</title></head>
<body><h1>Wilt u uitloggen?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, uitloggen</button>
<button type="submit" form="op.logoutForm">Nee, ingelogd blijven</button></body></html>`;
          },
        },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => API_RESOURCE,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, resource, client) => ({
            scope: 'openid profile',
            audience: this.audienceOf(resource, client.clientId),
            accessTokenFormat: 'jwt',
            accessTokenTTL: this.settings.accessTokenTtlSeconds,
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      scopes: ['openid', 'profile', 'offline_access'],
      claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
      findAccount: (_ctx, sub) => {
        const p = this.principal(sub);
        if (!p) return undefined;
        return { accountId: sub, claims: () => ({ sub, preferred_username: p.username, name: p.name }) };
      },
      extraTokenClaims: (_ctx: KoaContextWithOIDC, token) => {
        const t = token as unknown as { accountId?: string; clientId?: string; sessionUid?: string; kind: string };
        const accountId = t.accountId ?? t.clientId ?? '';
        const p = this.principal(accountId);
        if (!p) return {};
        return {
          typ: 'Bearer',
          azp: t.clientId,
          preferred_username: p.username,
          realm_access: { roles: p.roles },
          resource_access: {},
          ...(t.sessionUid ? { sid: t.sessionUid } : {}),
          ...(p.org ? { org: p.org } : {}),
          ...(p.bsn ? { bsn: p.bsn } : {}),
        };
      },
      interactions: { url: (_ctx, interaction) => `/realms/${REALM}/login/${interaction.uid}` },
      ttl: {
        AccessToken: this.settings.accessTokenTtlSeconds,
        ClientCredentials: this.settings.accessTokenTtlSeconds,
        Session: 8 * 3600,
        Interaction: 600,
        Grant: 8 * 3600,
      },
      cookies: { keys: ['plein-dev-idp-cookie-key'] },
      renderError: (ctx, out) => {
        ctx.type = 'json';
        ctx.body = out;
      },
    };
  }

  /**
   * The API for everyone; one app's audience only for the service accounts that bootstrap or
   * operate that app directly (the embedded runtime publishing before the gateway runs).
   */
  private audienceOf(resource: string, clientId: string): string {
    if (resource === API_RESOURCE) return API_AUDIENCE;
    const audience = resource.startsWith(APP_RESOURCE_PREFIX) ? resource.slice(APP_RESOURCE_PREFIX.length) : '';
    if (directAudiences(clientId).includes(audience)) return audience;
    throw new errors.InvalidTarget(`client ${clientId} may not ask tokens for ${resource.slice(0, 80)}`);
  }

  private async userinfo(req: Request, res: Response): Promise<void> {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    try {
      if (!token) throw new Error('no token');
      const publicKeys = this.keys.active().map(({ kty, n, e, kid, alg }) => ({ kty, n, e, kid, alg }) as JWK);
      const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: publicKeys }), { issuer: this.issuer, algorithms: ['RS256'] });
      const principal = this.principal(String(payload.sub));
      if (!principal) throw new Error('unknown subject');
      res.json({ sub: payload.sub, preferred_username: principal.username, name: principal.name });
    } catch {
      res
        .status(401)
        .setHeader('WWW-Authenticate', 'Bearer error="invalid_token"')
        .json({ error: 'invalid_token', error_description: 'Token verification failed' });
    }
  }

  private async showLogin(req: Request, res: Response): Promise<void> {
    try {
      await this.provider.interactionDetails(req, res);
      res.type('html').send(loginPage([...this.people.values()]));
    } catch {
      res.status(400).type('text').send('Deze inlogpoging is verlopen of onbekend. Begin opnieuw.');
    }
  }

  private async finishLogin(req: Request, res: Response): Promise<void> {
    try {
      const details = await this.provider.interactionDetails(req, res);
      const username = String((req.body as Record<string, unknown>)['username'] ?? '');
      if (!this.people.has(username)) {
        res.status(400).type('text').send('Onbekende gebruiker.');
        return;
      }
      const grant = new this.provider.Grant({ accountId: username, clientId: String(details.params['client_id']) });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(API_RESOURCE, 'openid profile');
      const grantId = await grant.save();
      await this.provider.interactionFinished(
        req,
        res,
        { login: { accountId: username }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch {
      res.status(400).type('text').send('Deze inlogpoging is verlopen of onbekend. Begin opnieuw.');
    }
  }
}
