import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, type VerifierSettings } from '@plein/auth';
import { DatabaseModule, subgraphGraphQLOptions } from '@plein/subgraph-kit';
import { RegistryRepository } from './persistence/registry.repository.js';
import { PublicationResolver } from './publication/publication.resolver.js';
import { PublicationService } from './publication/publication.service.js';
import { SupergraphController } from './publication/supergraph.controller.js';
import { registryDatabase } from './registry.database.js';

@Module({})
export class RegistryModule {
  static forRoot(databaseUrl: string, auth: VerifierSettings): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        AuthModule.forRoot(auth),
        DatabaseModule.forApp(registryDatabase, databaseUrl),
        GraphQLModule.forRoot(subgraphGraphQLOptions()),
      ],
      controllers: [SupergraphController],
      providers: [RegistryRepository, PublicationService, PublicationResolver],
    };
  }
}
