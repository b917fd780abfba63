import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import pg from 'pg';
import { IDLE_CONNECTION_MS } from '@plein/persistence';
import { Sealer } from './sealed.js';

/** Who is logged in, as the login token says (verified), without the token itself. */
export interface SessionUser {
  username: string;
  name: string;
  roles: string[];
  org: string | null;
  bsn: string | null;
  purposes: string[];
}

export interface SessionTokens {
  accessToken: string;
  idToken: string | undefined;
  expiresAt: number;
}

declare module 'express-session' {
  interface SessionData {
    user: SessionUser;
    /** The tokens, sealed: see Sealer. */
    tokens: string;
    csrf: string;
    login: { state: string; verifier: string; returnTo: string };
    /** A one-time secret shown once on the next page (a new webhook's signing secret). */
    shownOnce: { title: string; value: string };
    notice: { kind: 'ok' | 'error' | 'info'; text: string };
  }
}

export const SESSION_COOKIE = 'plein_sessie';

/**
 * Sessions in Postgres (schema `web`), so they survive a restart and any replica serves any
 * request; the browser holds only an httpOnly, SameSite=Lax cookie naming the session.
 */
export function sessions(options: { databaseUrl: string; secret: string; maxMinutes: number; secure: boolean }): {
  middleware: RequestHandler;
  pool: pg.Pool;
} {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4, idleTimeoutMillis: IDLE_CONNECTION_MS });
  const Store = connectPgSimple(session);
  const middleware = session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store: new Store({ pool, schemaName: 'web', tableName: 'session', createTableIfMissing: false, pruneSessionInterval: 600 }),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secure, maxAge: options.maxMinutes * 60_000, path: '/' },
  });
  return { middleware, pool };
}

export function tokensOf(req: Request, sealer: Sealer): SessionTokens | undefined {
  const sealed = req.session.tokens;
  const tokens = sealed ? sealer.unseal<SessionTokens>(sealed) : undefined;
  return tokens && tokens.expiresAt > Date.now() ? tokens : undefined;
}

export function csrfToken(req: Request): string {
  req.session.csrf ??= randomBytes(24).toString('base64url');
  return req.session.csrf;
}

/**
 * Every change is a POST carrying the session's CSRF token (synchronizer token); the
 * SameSite cookie is the second line. A request without it changes nothing.
 */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST') return next();
  const sent = String((req.body as Record<string, unknown> | undefined)?.['_csrf'] ?? '');
  const expected = req.session.csrf ?? '';
  const ok = expected.length > 0 && sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  if (!ok) {
    res
      .status(403)
      .type('text/plain; charset=utf-8')
      .send('Dit formulier is verlopen of niet van deze site. Ga terug en probeer het opnieuw.');
    return;
  }
  next();
}
