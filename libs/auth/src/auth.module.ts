import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { z } from 'zod';
import { httpUrl, setting } from '@plein/config';
import { AccessDeclarationCheck } from './access-declaration.check.js';
import { AccessGuard } from './access.guard.js';
import { TokenExchanger } from './token-exchange.js';
import { TokenVerifier, type VerifierSettings } from './token-verifier.js';
import { REALM } from './roles.js';

/** Settings every app that verifies tokens reads. */
export const authSettings = {
  KEYCLOAK_URL: setting(httpUrl(), 'Keycloak base URL (the dev identity provider in npm start); the realm is appended'),
  KEYCLOAK_REALM: setting(z.string().default('plein'), 'Keycloak realm'),
  KEYCLOAK_AUDIENCE: setting(
    z.string().min(1).optional(),
    "this app's own client id in the realm: the audience every token it accepts must carry (default: the app's name; the gateway's is plein-api)",
  ),
  PLEIN_CLIENT_SECRET: setting(
    z.string().min(1).optional(),
    "this app's client secret, for exchanging a caller's token for one addressed to the next hop (token exchange)",
    true,
  ),
  JWKS_REFRESH_MS: setting(z.coerce.number().int().min(1_000).default(60_000), "how often the realm's signing keys are fetched anew (ms)"),
};

@Global()
@Module({})
export class AuthModule {
  static forRoot(settings: VerifierSettings): DynamicModule {
    return {
      module: AuthModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(settings) },
        {
          provide: TokenExchanger,
          useFactory: () =>
            new TokenExchanger({
              tokenUrl: `${settings.authServerUrl.replace(/\/$/, '')}/realms/${settings.realm ?? REALM}/protocol/openid-connect/token`,
              clientId: settings.audience,
              clientSecret: settings.clientSecret,
            }),
        },
        { provide: APP_GUARD, useClass: AccessGuard },
        AccessDeclarationCheck,
      ],
      exports: [TokenVerifier, TokenExchanger],
    };
  }
}
