import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, REFUSAL_RECORDER, ServiceAccountToken, type VerifierSettings } from '@plein/auth';
import { ConsentEnforcementModule } from '@plein/consent-client';
import { AGENCY_EVENTS_TOPIC, OutboxRelayModule } from '@plein/events';
import { DatabaseModule, subgraphGraphQLOptions } from '@plein/subgraph-kit';
import { CasesResolver } from './cases/cases.resolver.js';
import { CasesService } from './cases/cases.service.js';
import { DeliveryLog } from './delivery/delivery-log.js';
import { EarlyWarningResolver } from './early-warning/early-warning.resolver.js';
import { HouseholdResolver } from './household/household.resolver.js';
import { EarlyWarningService } from './early-warning/early-warning.service.js';
import { DispatcherHousehold } from './household/household.types.js';
import { ResidenceLookup } from './early-warning/residence-lookup.js';
import { DeliveryBases } from './publishing/delivery-bases.js';
import { EventDetails } from './publishing/event-details.service.js';
import { PublishController } from './publishing/publish.controller.js';
import { PublishService } from './publishing/publish.service.js';
import { RegisteredTypes } from './publishing/registered-types.js';
import { DeliveryRuntime } from './delivery/delivery.runtime.js';
import { dispatcherDatabase } from './dispatcher.database.js';
import { DISPATCHER_CONFIG, type DispatcherConfig } from './settings.js';
import { SubscriptionsResolver } from './subscriptions/subscriptions.resolver.js';
import { SubscriptionsService } from './subscriptions/subscriptions.service.js';

@Module({})
export class DispatcherModule {
  static forRoot(config: DispatcherConfig, auth: VerifierSettings): DynamicModule {
    // The dispatcher's own service account, one token per app it asks.
    const ownToken = (audience: string) =>
      new ServiceAccountToken({
        tokenUrl: `${auth.authServerUrl.replace(/\/$/, '')}/realms/${auth.realm ?? 'plein'}/protocol/openid-connect/token`,
        clientId: config.EVENT_ROUTER_CLIENT_ID,
        clientSecret: config.EVENT_ROUTER_CLIENT_SECRET,
        audience,
      });
    return {
      module: DispatcherModule,
      imports: [
        AuthModule.forRoot(auth),
        DatabaseModule.forApp(dispatcherDatabase, config.DATABASE_URL),
        // A household's cases are shown on the caseworker's basis, asked as the caseworker (token exchange), cached like at a source.
        ConsentEnforcementModule.forApp({
          app: 'dispatcher',
          source: 'dispatcher',
          consentUrl: config.CONSENT_URL,
          ttlMs: config.CONSENT_CACHE_TTL_MS,
          timeoutMs: config.CONSENT_TIMEOUT_MS,
          events: config,
          databaseUrl: config.DATABASE_URL,
        }),
        // The household entity is reached only through the gateway: declared here so the schema carries it.
        GraphQLModule.forRoot(subgraphGraphQLOptions({ orphanedTypes: [DispatcherHousehold] })),
        // Published events are written with their outbox row; the relay puts them on the log.
        OutboxRelayModule.forApp({
          app: 'dispatcher',
          schema: dispatcherDatabase.schema,
          topics: [AGENCY_EVENTS_TOPIC],
          databaseUrl: config.DATABASE_URL,
          events: config,
        }),
      ],
      controllers: [PublishController],
      providers: [
        { provide: DISPATCHER_CONFIG, useValue: config },
        { provide: RegisteredTypes, useFactory: () => new RegisteredTypes(config.REGISTRY_URL) },
        { provide: DeliveryBases, useFactory: () => new DeliveryBases(config.CONSENT_URL, ownToken('consent')) },
        { provide: ResidenceLookup, useFactory: () => new ResidenceLookup(config.RESIDENCE_URL, ownToken(config.RESIDENCE_AUDIENCE)) },
        DeliveryLog,
        // The access guard records refusals for a caller's role in the dispatcher's log.
        { provide: REFUSAL_RECORDER, useExisting: DeliveryLog },
        DeliveryRuntime,
        SubscriptionsService,
        SubscriptionsResolver,
        PublishService,
        EventDetails,
        CasesService,
        CasesResolver,
        EarlyWarningService,
        EarlyWarningResolver,
        HouseholdResolver,
      ],
    };
  }
}
