import { isValidBsn, isValidOin, type Bsn, type Oin } from '@plein/domain';
import { ORGANISATION_ROLES, PURPOSE_ROLE_PREFIX, Role, isRole } from './roles.js';

/** Who is calling, as a verified token says. */
export interface Caller {
  subject: string;
  username: string;
  /** The client the token was issued to (azp). */
  clientId: string;
  roles: Role[];
  /** The caller's organisation, for every role except resident. */
  org: Oin | null;
  /** The resident's BSN, for residents only. */
  bsn: Bsn | null;
  sessionId: string | null;
  /** The purposes the realm lets this caller state (its `purpose:*` roles). */
  purposes: string[];
  /** The purpose bound into this token by token exchange; null in a token straight from a login. */
  purpose: string | null;
  /** The app that exchanged this token on the caller's behalf (RFC 8693 `act`), if any. */
  actor: string | null;
}

export const AuthErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_TOKEN: 'INVALID_TOKEN',
  FORBIDDEN: 'FORBIDDEN',
} as const;
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

/** A token that cannot be trusted: no data is served, whatever the request. */
export class AuthenticationError extends Error {
  readonly code = AuthErrorCode.INVALID_TOKEN;
  constructor(readonly reason: string) {
    super(`Invalid access token: ${reason}.`);
    this.name = 'AuthenticationError';
  }
}

interface Claims {
  sub?: unknown;
  preferred_username?: unknown;
  azp?: unknown;
  sid?: unknown;
  org?: unknown;
  bsn?: unknown;
  realm_access?: { roles?: unknown };
  purpose?: unknown;
  act?: { sub?: unknown };
}

/**
 * Turns verified claims into a caller, refusing tokens that lack what their roles need:
 * an organisation role without a valid `org`, a resident without a valid `bsn`.
 */
export function callerFromClaims(claims: Claims): Caller {
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new AuthenticationError('no subject');
  const rawRoles = Array.isArray(claims.realm_access?.roles) ? (claims.realm_access.roles as unknown[]) : [];
  const roles = rawRoles.filter((r): r is Role => typeof r === 'string' && isRole(r));
  const needsOrg = roles.some((r) => ORGANISATION_ROLES.includes(r));
  const org = typeof claims.org === 'string' && isValidOin(claims.org) ? claims.org : null;
  if (needsOrg && !org) throw new AuthenticationError(`roles ${roles.join(', ')} need an organisation (org claim with a 20-digit OIN)`);
  const bsn = typeof claims.bsn === 'string' && isValidBsn(claims.bsn) ? claims.bsn : null;
  if (roles.includes(Role.RESIDENT) && !bsn) throw new AuthenticationError('a resident token needs a valid bsn claim');
  return {
    subject: claims.sub,
    username: typeof claims.preferred_username === 'string' ? claims.preferred_username : claims.sub,
    clientId: typeof claims.azp === 'string' ? claims.azp : '',
    roles,
    org,
    bsn,
    sessionId: typeof claims.sid === 'string' ? claims.sid : null,
    purposes: rawRoles
      .filter((r): r is string => typeof r === 'string' && r.startsWith(PURPOSE_ROLE_PREFIX))
      .map((r) => r.slice(PURPOSE_ROLE_PREFIX.length)),
    purpose: typeof claims.purpose === 'string' ? claims.purpose : null,
    actor: typeof claims.act?.sub === 'string' ? claims.act.sub : null,
  };
}
