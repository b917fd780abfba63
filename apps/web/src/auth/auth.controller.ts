import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@plein/auth';
import { html } from '../views/html.js';
import { homeOf } from '../views/layout.js';
import { render, str } from '../pages/common.js';
import { Sealer } from '../session/sealed.js';
import { tokensOf } from '../session/session.js';
import { Login } from './login.js';

/** Only paths of these pages may be returned to after login: never another site. */
function safeReturn(target: string): string {
  return /^\/(?!\/)[^\s\\]*$/.test(target) ? target : '/';
}

@Controller()
@Public('the web pages: people log in here; every page checks the session itself')
export class AuthController {
  constructor(
    @Inject(Login) private readonly login: Login,
    @Inject(Sealer) private readonly sealer: Sealer,
  ) {}

  @Get()
  start(@Req() req: Request, @Res() res: Response): void {
    if (req.session.user && tokensOf(req, this.sealer)) return res.redirect(303, homeOf(req.session.user.roles));
    render(req, res, {
      title: 'Welkom op het Ontmoetingsplein',
      body: html`<p class="utrecht-paragraph">
          Hier zien klantmanagers en schuldhulpverleners, met toestemming, het inkomen van een huishouden bij alle organisaties samen;
          inwoners bepalen wie wat mag zien en zien wie er keek.
        </p>
        <p class="utrecht-paragraph"><a class="utrecht-button-link utrecht-button-link--primary-action" href="/login">Inloggen</a></p>`,
    });
  }

  @Get('login')
  async begin(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { url, state, verifier } = await this.login.start();
    req.session.login = { state, verifier, returnTo: safeReturn(str(req.query['terug']) || '/') };
    req.session.save(() => res.redirect(303, url));
  }

  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const pending = req.session.login;
    if (!pending) return res.redirect(303, '/login');
    let result;
    try {
      result = await this.login.finish(req, pending);
    } catch {
      delete req.session.login;
      return render(req, res, {
        title: 'Inloggen is niet gelukt',
        status: 400,
        body: html`<p class="utrecht-paragraph">
          De inlogpoging is verlopen of klopt niet. <a class="utrecht-link" href="/login">Probeer het opnieuw</a>.
        </p>`,
      });
    }
    // A new session at login, so nothing planted in the old one carries over.
    req.session.regenerate(() => {
      req.session.user = result.user;
      req.session.tokens = result.sealed;
      req.session.cookie.expires = new Date(Math.min(result.expiresAt, Date.now() + (req.session.cookie.maxAge ?? 0)));
      const to = pending.returnTo === '/' ? homeOf(result.user.roles) : pending.returnTo;
      req.session.save(() => res.redirect(303, to));
    });
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const idToken = tokensOf(req, this.sealer)?.idToken;
    const url = await this.login.logoutUrl(idToken).catch(() => '/');
    req.session.destroy(() => res.clearCookie('plein_sessie').redirect(303, url));
  }
}
