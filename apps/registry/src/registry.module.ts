import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, type VerifierSettings } from '@plein/auth';
import { EventTypes, OutboxRelayModule, type EventConfig } from '@plein/events';
import { DatabaseModule, subgraphGraphQLOptions } from '@plein/subgraph-kit';
import { EventTypesController } from './events/event-types.controller.js';
import { EventTypesResolver, ServiceEventTypesResolver } from './events/event-types.resolver.js';
import { ServiceOfAgency } from './events/event-types.types.js';
import { EventTypesService } from './events/event-types.service.js';
import { RegistryRepository } from './persistence/registry.repository.js';
import { PublicationResolver } from './publication/publication.resolver.js';
import { PLEIN_OIN, PUBLICATION_SETTINGS, PublicationService, type PublicationSettings } from './publication/publication.service.js';
import { SupergraphController } from './publication/supergraph.controller.js';
import { registryDatabase } from './registry.database.js';

@Module({})
export class RegistryModule {
  static forRoot(
    databaseUrl: string,
    auth: VerifierSettings,
    pleinOin: string,
    events: EventConfig,
    publication: PublicationSettings,
  ): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        AuthModule.forRoot(auth),
        DatabaseModule.forApp(registryDatabase, databaseUrl),
        // The catalogue's Service, reached only through the gateway: declared here so the schema carries it.
        GraphQLModule.forRoot(subgraphGraphQLOptions({ orphanedTypes: [ServiceOfAgency] })),
        OutboxRelayModule.forApp({
          app: 'registry',
          schema: registryDatabase.schema,
          topics: [EventTypes.SUBGRAPH_PUBLISHED.topic],
          databaseUrl,
          events,
        }),
      ],
      controllers: [SupergraphController, EventTypesController],
      providers: [
        RegistryRepository,
        PublicationService,
        PublicationResolver,
        EventTypesService,
        EventTypesResolver,
        ServiceEventTypesResolver,
        { provide: PLEIN_OIN, useValue: pleinOin },
        { provide: PUBLICATION_SETTINGS, useValue: publication },
      ],
    };
  }
}
