import type { NextFunction, Request, Response } from 'express';
import { AuthenticationError, type Caller } from './caller.js';
import type { TokenVerifier } from './token-verifier.js';

export type AuthenticatedRequest = Request & { caller?: Caller };

/**
 * In front of /graphql: a request without a valid bearer token gets 401 and no data, before
 * any resolver runs. Every app does this itself; none trusts a header another app set.
 */
export function authenticate(verifier: TokenVerifier) {
  return (req: AuthenticatedRequest, res: Response, next: NextFunction): void => {
    verifier.verify(req.headers.authorization).then(
      (caller) => {
        req.caller = caller;
        next();
      },
      (e: unknown) => {
        const reason = e instanceof AuthenticationError ? e.message : 'Invalid access token.';
        res
          .status(401)
          .setHeader('WWW-Authenticate', `Bearer realm="plein", error="invalid_token", error_description="${reason.replace(/"/g, "'")}"`)
          .json({ errors: [{ message: reason, extensions: { code: 'UNAUTHENTICATED' } }] });
      },
    );
  };
}
