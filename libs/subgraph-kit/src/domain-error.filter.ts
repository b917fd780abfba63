import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '@plein/domain';

/**
 * A domain error is the caller's mistake or a refusal, not a fault of the app: it goes back
 * to the caller as it is (GraphQL's formatError maps its code) and is not logged as an error.
 */
const STATUS: Record<string, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  NO_CONSENT: 403,
  UNAUTHENTICATED: 401,
  // Understood, but nobody may receive it: an early-warning signal about someone registered in no municipality on the plein.
  NOT_A_RESIDENT: 422,
  CONSENT_UNAVAILABLE: 503,
  RESIDENCE_UNAVAILABLE: 503,
};

@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): DomainError | void {
    if (host.getType<string>() !== 'http') return error;
    const status = STATUS[error.code] ?? 400;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ code: error.code, message: error.message, ...error.details });
  }
}
