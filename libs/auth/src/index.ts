export { Role, ROLES, ROLE_DESCRIPTIONS, ORGANISATION_ROLES, REALM, API_AUDIENCE, isRole } from './roles.js';
export { callerFromClaims, AuthenticationError, AuthErrorCode, type Caller } from './caller.js';
export { TokenVerifier, type VerifierSettings } from './token-verifier.js';
export {
  Allow,
  Public,
  ForbiddenError,
  requireCaller,
  personalDataScope,
  ACCESS_METADATA,
  type Access,
  type PersonalDataScope,
} from './access.js';
export { AccessGuard } from './access.guard.js';
export { undeclaredHandlers, AccessDeclarationCheck, type UndeclaredHandler } from './access-declaration.check.js';
export { authenticate, type AuthenticatedRequest } from './authenticate.middleware.js';
export { AuthModule, authSettings } from './auth.module.js';
