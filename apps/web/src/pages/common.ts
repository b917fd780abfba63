import type { Request, Response } from 'express';
import { Html, html } from '../views/html.js';
import { homeOf, page, type PageOptions, type Viewer } from '../views/layout.js';
import { LoginRequired, type Answer, type GraphQLError } from '../gateway/gateway.js';
import { csrfToken, type SessionUser } from '../session/session.js';

/** Thrown by a page when the visitor must log in, or lacks the role: the controller answers for it. */
export class Forbidden extends Error {}

export function viewerOf(req: Request): Viewer | null {
  const user = req.session.user;
  return user ? { name: user.name, roles: user.roles, csrf: csrfToken(req) } : null;
}

/** The logged-in user with this role, or an exception that becomes a login redirect or a 403 page. */
export function userWith(req: Request, role: string): SessionUser {
  const user = req.session.user;
  if (!user) throw new LoginRequired();
  if (!user.roles.includes(role)) throw new Forbidden();
  return user;
}

export function send(res: Response, body: Html, status = 200): void {
  res.status(status).type('text/html; charset=utf-8').setHeader('Cache-Control', 'no-store').send(body.value);
}

export function render(req: Request, res: Response, options: Omit<PageOptions, 'viewer' | 'path' | 'notice'> & { status?: number }): void {
  const notice = req.session.notice ?? null;
  if (req.session.notice) delete req.session.notice;
  send(res, page({ ...options, viewer: viewerOf(req), path: req.path, notice }), options.status ?? 200);
}

/** After a change: back to a page, with a message shown there once (Post/Redirect/Get). */
export function redirectWith(req: Request, res: Response, to: string, notice: { kind: 'ok' | 'error' | 'info'; text: string }): void {
  req.session.notice = notice;
  req.session.save(() => res.redirect(303, to));
}

/** Runs a page; a missing login sends the visitor to log in and back, a missing role gets a Dutch 403. */
export async function handle(req: Request, res: Response, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (e instanceof LoginRequired) {
      delete req.session.user;
      res.redirect(303, `/login?terug=${encodeURIComponent(req.method === 'GET' ? req.originalUrl : homeOf([]))}`);
      return;
    }
    if (e instanceof Forbidden) {
      send(
        res,
        page({
          title: 'Geen toegang',
          viewer: viewerOf(req),
          body: html`<p class="utrecht-paragraph">
            Deze pagina is niet voor uw rol.
            <a class="utrecht-link" href="${homeOf(req.session.user?.roles ?? [])}">Naar uw startpagina</a>.
          </p>`,
        }),
        403,
      );
      return;
    }
    throw e;
  }
}

/** What went wrong, in Dutch where the plein's error codes say what it was. */
export function problem(errors: readonly GraphQLError[]): string {
  const e = errors[0];
  if (!e) return 'Er ging iets mis.';
  const code = e.extensions?.code;
  const known: Record<string, string> = {
    NO_CONSENT: 'Er is geen grondslag (toestemming of wet) om deze gegevens voor dit doel te zien.',
    CONSENT_UNAVAILABLE: 'De toestemmingsdienst antwoordde niet op tijd; er is niets gedeeld. Probeer het zo opnieuw.',
    PURPOSE_NOT_ALLOWED: 'Dit doel mag u met uw rol niet opgeven.',
    PURPOSE_REQUIRED: 'Kies eerst het doel waarvoor u de gegevens nodig hebt.',
    FORBIDDEN: 'Dat mag u met uw rol niet.',
    NOT_FOUND: 'Niet gevonden.',
    INVALID_BSN: 'Dit is geen geldig burgerservicenummer.',
  };
  return (code && known[code]) ?? e.message;
}

/** Shown where a page's data could not be read, instead of an empty list that would look like "none". */
export function failureOf(...answers: ReadonlyArray<Answer<unknown>>): Html | '' {
  const failed = answers.find((a) => a.data === null);
  return failed
    ? html`<div class="utrecht-alert utrecht-alert--error" role="alert">
        <p class="utrecht-paragraph">Dit kon nu niet worden opgehaald: ${problem(failed.errors)} Laad de pagina opnieuw.</p>
      </div>`
    : '';
}

export function dataOrThrow<T>(answer: Answer<T>): T {
  if (!answer.data) throw new Error(`the API answered: ${problem(answer.errors)}`);
  return answer.data;
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value ? [value] : [];
}
