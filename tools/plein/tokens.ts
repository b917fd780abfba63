import { createHash, randomBytes } from 'node:crypto';
import { REALM } from '@plein/auth';
import { APP_RESOURCE_PREFIX, WEB_CLIENT, serviceAccounts } from '../../apps/idp/src/realm.js';

/**
 * Getting access tokens from the realm the way clients do: client credentials for service
 * accounts, authorization code with PKCE for people (through the dev login page, as a
 * browser would). Used by the runtime, the token command and the tests.
 */
/**
 * `audience` asks for a token for one app instead of the public API: only the service accounts
 * that bootstrap the plein (publishing before the gateway runs) may.
 */
export async function serviceToken(keycloakUrl: string, clientId: string, audience?: string): Promise<string> {
  const client = serviceAccounts().find((c) => c.clientId === clientId);
  if (!client) throw new Error(`No service account client "${clientId}"`);
  const res = await fetch(`${keycloakUrl}/realms/${REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'openid',
      ...(audience ? { resource: `${APP_RESOURCE_PREFIX}${audience}` } : {}),
    }),
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`token for ${clientId} refused: ${body.error_description ?? res.status}`);
  return body.access_token;
}

export async function personToken(keycloakUrl: string, username: string): Promise<string> {
  const base = `${keycloakUrl}/realms/${REALM}/protocol/openid-connect`;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = WEB_CLIENT.redirectUris[0]!;
  const cookies = new Map<string, string>();
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!, value.join('='));
    }
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: cookieHeader() } });
    remember(res);
    return res;
  };

  const auth = new URL(`${base}/auth`);
  auth.search = new URLSearchParams({
    client_id: WEB_CLIENT.clientId,
    response_type: 'code',
    scope: 'openid profile',
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
  }).toString();
  let res = await go(auth.toString());
  const loginUrl = new URL(res.headers.get('location') ?? '', keycloakUrl).toString();
  res = await go(loginUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username }),
  });
  if (res.status >= 400) throw new Error(`login as ${username} refused: ${await res.text()}`);
  let location = res.headers.get('location') ?? '';
  while (!location.startsWith(redirectUri)) {
    if (!location) throw new Error(`login as ${username} did not return to the client`);
    res = await go(new URL(location, keycloakUrl).toString());
    location = res.headers.get('location') ?? '';
  }
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code for ${username}: ${location}`);
  const token = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: WEB_CLIENT.clientId,
      code_verifier: verifier,
    }),
  });
  const body = (await token.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`code exchange for ${username} refused: ${body.error_description ?? token.status}`);
  return body.access_token;
}

/** A token for a service account client id or a demo user name, whichever it is. */
export function tokenFor(keycloakUrl: string, who: string): Promise<string> {
  return serviceAccounts().some((c) => c.clientId === who) ? serviceToken(keycloakUrl, who) : personToken(keycloakUrl, who);
}
