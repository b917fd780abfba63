import { REALM } from './roles.js';

/** What the development identity provider says of itself in its discovery document. */
export const DEVELOPMENT_ISSUER_MARK = 'plein_development_only';

/**
 * An app started for production (NODE_ENV=production) refuses a realm served by the development
 * identity provider, which logs anyone in by name. When the realm cannot be asked yet, start-up
 * goes on: without its keys no token verifies anyway, and the check runs again at the next start.
 */
export async function refuseDevelopmentIssuer(
  settings: { authServerUrl: string; realm?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (env['NODE_ENV'] !== 'production') return;
  const url = `${settings.authServerUrl.replace(/\/$/, '')}/realms/${settings.realm ?? REALM}/.well-known/openid-configuration`;
  let discovery: Record<string, unknown>;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'error' });
    if (!res.ok) return;
    discovery = (await res.json()) as Record<string, unknown>;
  } catch {
    return;
  }
  if (discovery[DEVELOPMENT_ISSUER_MARK] === true)
    throw new Error(
      `Refusing to start: KEYCLOAK_URL (${settings.authServerUrl}) is the development identity provider, and NODE_ENV is production. Point KEYCLOAK_URL at Keycloak.`,
    );
}
