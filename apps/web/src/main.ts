import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { API_AUDIENCE } from '@plein/auth';
import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { requireCsrf, sessions } from './session/session.js';
import { webSettings, type WebConfig } from './settings.js';
import { WebModule } from './web.module.js';

/**
 * Security headers for pages that hold a session: no inline script or style, forms only to
 * here and to the realm (logout), no framing; HSTS in production.
 */
function configure(app: INestApplication, config: WebConfig): void {
  const production = config.NODE_ENV === 'production';
  const realm = new URL(config.KEYCLOAK_URL).origin;
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'", realm],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  if (production) (app.getHttpAdapter().getInstance() as { set(k: string, v: unknown): void }).set('trust proxy', 1);
  // Forms are parsed here, before the CSRF check reads them (Nest's own parsers come later).
  (app as NestExpressApplication).useBodyParser('urlencoded', { extended: false, limit: '1mb' });
  app.use(
    sessions({ databaseUrl: config.DATABASE_URL, secret: config.SESSION_KEY, maxMinutes: config.SESSION_MAX_MINUTES, secure: production })
      .middleware,
  );
  app.use(requireCsrf);
}

// The login token is for the plein's API: the web app checks it as the gateway will.
serveApp(
  'web',
  webSettings,
  (config) =>
    WebModule.forRoot(config, verifierSettings({ ...config, KEYCLOAK_AUDIENCE: config.KEYCLOAK_AUDIENCE ?? API_AUDIENCE }, 'web')),
  configure,
);
