import { SetMetadata } from '@nestjs/common';
import { DomainError } from '@plein/domain';
import { AuthErrorCode, type Caller } from './caller.js';
import type { Role } from './roles.js';

export const ACCESS_METADATA = 'plein:access';

/** Who may call a resolver or route: these roles, or anyone (public, no personal data). */
export type Access = { kind: 'roles'; roles: readonly Role[] } | { kind: 'public'; reason: string };

/** Only callers holding one of these roles. On a class, the default for its handlers. */
export const Allow = (...roles: [Role, ...Role[]]) => SetMetadata(ACCESS_METADATA, { kind: 'roles', roles } satisfies Access);

/** Anyone, without a token; say why the route is safe to leave open. */
export const Public = (reason: string) => SetMetadata(ACCESS_METADATA, { kind: 'public', reason } satisfies Access);

/** A refusal of a verified caller: becomes FORBIDDEN in GraphQL and 403 over HTTP. */
export class ForbiddenError extends DomainError<'FORBIDDEN'> {
  constructor(message: string) {
    super(AuthErrorCode.FORBIDDEN, message);
  }
}

/**
 * Whose personal data a caller may read: an organisation role reads as its organisation (the
 * consent issue adds the basis per subject); a resident reads only their own.
 */
export type PersonalDataScope = { kind: 'organisation'; org: string } | { kind: 'self'; bsn: string };

export function personalDataScope(caller: Caller): PersonalDataScope {
  if (caller.roles.includes('caseworker') && caller.org) return { kind: 'organisation', org: caller.org };
  if (caller.roles.includes('resident') && caller.bsn) return { kind: 'self', bsn: caller.bsn };
  throw new ForbiddenError('This caller may read no personal data.');
}

export function requireCaller(caller: Caller | null | undefined): Caller {
  if (!caller) throw new DomainError(AuthErrorCode.UNAUTHENTICATED, 'This needs a verified access token.');
  return caller;
}
