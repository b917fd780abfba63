export {
  Role,
  ROLES,
  ROLE_DESCRIPTIONS,
  ORGANISATION_ROLES,
  REALM,
  API_AUDIENCE,
  PLEIN_APP_AUDIENCES,
  PURPOSE_ROLE_PREFIX,
  purposeRole,
  isRole,
} from './roles.js';
export {
  TokenExchanger,
  TokenExchangeError,
  TOKEN_EXCHANGE_GRANT,
  ACCESS_TOKEN_TYPE,
  PURPOSE_SCOPE_PREFIX,
  type TokenExchangeSettings,
} from './token-exchange.js';
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
export { refuseDevelopmentIssuer, DEVELOPMENT_ISSUER_MARK } from './development-issuer.js';
export { ServiceAccountToken } from './service-account.js';
export { REFUSAL_RECORDER, type RefusalRecorder } from './refusal-recorder.js';
