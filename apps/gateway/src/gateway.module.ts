import { Module, type DynamicModule } from '@nestjs/common';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { AuthModule, type VerifierSettings } from '@plein/auth';
import { continueTrace, traceparentOf } from '@plein/processing-log';
import { requestContextFrom, type RequestContext } from '@plein/subgraph-kit';
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
            context: ({ req }: { req: Request }) => withTrace(requestContextFrom(req)),
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

/**
 * Every request through the gateway belongs to a W3C trace: the client's, continued, or a new
 * one. The subgraphs' processing logs record it, so one question can be followed across agencies.
 */
function withTrace(ctx: RequestContext): RequestContext {
  const traceparent = traceparentOf(continueTrace(ctx.forwardHeaders['traceparent']));
  return { ...ctx, forwardHeaders: { ...ctx.forwardHeaders, traceparent } };
}
