import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, type VerifierSettings } from '@plein/auth';
import { DatabaseModule } from '@plein/subgraph-kit';
import { AssetsController } from './assets.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { Login, WEB_CONFIG } from './auth/login.js';
import { Gateway } from './gateway/gateway.js';
import { AdminController } from './pages/admin.controller.js';
import { SecurityOfficerController } from './pages/security-officer.controller.js';
import { CaseworkerController } from './pages/caseworker.controller.js';
import { IntegratorController } from './pages/integrator.controller.js';
import { PublisherController } from './pages/publisher.controller.js';
import { ResidentController } from './pages/resident.controller.js';
import { Sealer } from './session/sealed.js';
import { webDatabase } from './session/session.entity.js';
import type { WebConfig } from './settings.js';

/** The plein's web pages: a backend-for-frontend that holds the tokens and calls the gateway. */
@Module({})
export class WebModule {
  static forRoot(config: WebConfig, auth: VerifierSettings): DynamicModule {
    return {
      module: WebModule,
      imports: [AuthModule.forRoot(auth), DatabaseModule.forApp(webDatabase, config.DATABASE_URL, 2)],
      controllers: [
        AuthController,
        AssetsController,
        CaseworkerController,
        SecurityOfficerController,
        ResidentController,
        PublisherController,
        IntegratorController,
        AdminController,
      ],
      providers: [{ provide: WEB_CONFIG, useValue: config }, { provide: Sealer, useValue: new Sealer(config.SESSION_KEY) }, Login, Gateway],
    };
  }
}
