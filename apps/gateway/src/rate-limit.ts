import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AuthenticatedRequest } from '@plein/auth';
import type { GatewayRefusals } from './refusals.js';

export interface RateLimitSettings {
  /** Requests one caller may make per minute, per gateway replica. */
  perMinute: number;
}

/**
 * Per-caller rate limit on the gateway, after the token was verified: keyed by client and
 * subject, so one caseworker's or integrator's flood never slows another's. Each replica counts
 * on its own (memory store): with n replicas behind a load balancer a caller gets up to n times
 * the limit, so set RATE_LIMIT_PER_MINUTE to the plein-wide limit divided by the replica count
 * (deploy/README.md). Refusals are 429 with Retry-After, and logged without personal data for
 * misuse detection.
 */
export function callerRateLimit(settings: RateLimitSettings, refusals: Pick<GatewayRefusals, 'refused'>): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: settings.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // This check reads an Error's stack to see where the limiter was made; with source maps on,
    // formatting that one stack parsed the 7 MB map: about a CPU-second at every gateway start.
    // The limiter is made once, at module set-up, which is what the check looks for.
    validate: { creationStack: false },
    keyGenerator: (req) => {
      const caller = (req as AuthenticatedRequest).caller;
      return caller ? `${caller.clientId}|${caller.subject}` : 'unauthenticated';
    },
    handler: async (req, res) => {
      const caller = (req as AuthenticatedRequest).caller;
      const retryAfter = res.getHeader('retry-after') ?? '60';
      const traceparent = req.headers['traceparent'];
      await refusals.refused('RATE_LIMITED', caller, typeof traceparent === 'string' ? { traceparent } : {});
      res.status(429).json({
        errors: [
          {
            message: `Too many requests: at most ${settings.perMinute} a minute for one caller. Try again in ${String(retryAfter)} s.`,
            extensions: { code: 'RATE_LIMITED' },
          },
        ],
      });
    },
  });
}
