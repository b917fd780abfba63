import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, type VerifierSettings } from '@plein/auth';
import { EventTypes, OutboxRelayModule } from '@plein/events';
import { DatabaseModule, subgraphGraphQLOptions } from '@plein/subgraph-kit';
import { consentDatabase } from './consents/consent.entities.js';
import { ConsentRequestsService } from './consents/consent-requests.service.js';
import { ConsentResolver } from './consents/consent.resolver.js';
import { ExpiryAnnouncer } from './consents/expiry.announcer.js';
import { CONSENT_CONFIG, ConsentService } from './consents/consent.service.js';
import { PleinDirectory } from './consents/plein-directory.js';
import type { ConsentConfig } from './settings.js';

@Module({})
export class ConsentModule {
  static forRoot(config: ConsentConfig, auth: VerifierSettings): DynamicModule {
    return {
      module: ConsentModule,
      imports: [
        AuthModule.forRoot(auth),
        DatabaseModule.forApp(consentDatabase, config.DATABASE_URL),
        GraphQLModule.forRoot(subgraphGraphQLOptions()),
        OutboxRelayModule.forApp({
          app: 'consent',
          schema: consentDatabase.schema,
          topics: [EventTypes.CONSENT_GRANTED.topic],
          databaseUrl: config.DATABASE_URL,
          events: config,
        }),
      ],
      providers: [
        { provide: CONSENT_CONFIG, useValue: config },
        PleinDirectory,
        ConsentService,
        ConsentRequestsService,
        ConsentResolver,
        ExpiryAnnouncer,
      ],
    };
  }
}
