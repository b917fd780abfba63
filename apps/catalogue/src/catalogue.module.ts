import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, type VerifierSettings } from '@plein/auth';
import { EventTypes, OutboxRelayModule } from '@plein/events';
import { DatabaseModule, subgraphGraphQLOptions } from '@plein/subgraph-kit';
import { catalogueDatabase } from './services/catalogue.entities.js';
import { CatalogueResolver } from './services/catalogue.resolver.js';
import { CATALOGUE_CONFIG, CatalogueService } from './services/catalogue.service.js';
import type { CatalogueSettingsConfig } from './settings.js';

@Module({})
export class CatalogueModule {
  static forRoot(config: CatalogueSettingsConfig, auth: VerifierSettings): DynamicModule {
    return {
      module: CatalogueModule,
      imports: [
        AuthModule.forRoot(auth),
        DatabaseModule.forApp(catalogueDatabase, config.DATABASE_URL),
        GraphQLModule.forRoot(subgraphGraphQLOptions()),
        OutboxRelayModule.forApp({
          app: 'catalogue',
          schema: catalogueDatabase.schema,
          topics: [EventTypes.SERVICE_PUBLISHED.topic],
          databaseUrl: config.DATABASE_URL,
          events: config,
        }),
      ],
      providers: [
        { provide: CATALOGUE_CONFIG, useValue: { registryUrl: config.REGISTRY_URL, pleinOin: config.PLEIN_OIN } },
        CatalogueService,
        CatalogueResolver,
      ],
    };
  }
}
