import { Module, type DynamicModule } from '@nestjs/common';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { AuthModule, type VerifierSettings } from '@plein/auth';
import { requestContextFrom } from '@plein/subgraph-kit';
import { ForwardingDataSource } from './forwarding-data-source.js';
import { queryLimitRules, type QueryLimits } from './query-limits.js';
import { RegistrySupergraph, type RegistrySupergraphSettings } from './registry-supergraph.js';

@Module({})
export class GatewayModule {
  static forRoot(settings: RegistrySupergraphSettings, auth: VerifierSettings, limits: QueryLimits): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        AuthModule.forRoot(auth),
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            context: ({ req }: { req: Request }) => requestContextFrom(req),
            introspection: true,
            includeStacktraceInErrorResponses: false,
            validationRules: queryLimitRules(limits),
            csrfPrevention: true,
          },
          gateway: {
            supergraphSdl: new RegistrySupergraph(settings),
            buildService: ({ url }) => new ForwardingDataSource({ url }),
          },
        }),
      ],
    };
  }
}
