import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { AuthModule, TokenExchanger, type VerifierSettings } from '@plein/auth';
import { continueTrace, traceparentOf } from '@plein/processing-log';
import { requestContextFrom } from '@plein/subgraph-kit';
import { ForwardingDataSource } from './forwarding-data-source.js';
import { statedPurpose, type GatewayContext } from './stated-purpose.js';
import { queryLimitRules, type QueryLimits } from './query-limits.js';
import { RegistrySupergraph, type RegistrySupergraphSettings } from './registry-supergraph.js';
import { SupergraphEvents, type SupergraphEventSettings } from './supergraph-events.js';
import { UsageRecorder, type UsageReportSettings } from './usage-recorder.js';

@Injectable()
class UsageReporting implements OnApplicationShutdown {
  constructor(@Inject(UsageRecorder) private readonly recorder: UsageRecorder | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.recorder?.stop();
  }
}

@Module({})
export class GatewayModule {
  static forRoot(
    settings: RegistrySupergraphSettings,
    auth: VerifierSettings,
    limits: QueryLimits,
    usage?: UsageReportSettings,
    events?: SupergraphEventSettings,
  ): DynamicModule {
    const recorder = usage ? new UsageRecorder(usage) : null;
    const supergraph = new RegistrySupergraph(settings);
    recorder?.start();
    return {
      module: GatewayModule,
      imports: [
        AuthModule.forRoot(auth),
        GraphQLModule.forRootAsync<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          inject: [TokenExchanger],
          useFactory: (exchanger: TokenExchanger) => ({
            server: {
              context: ({ req }: { req: Request }) => gatewayContext(req),
              introspection: true,
              includeStacktraceInErrorResponses: false,
              validationRules: queryLimitRules(limits),
              csrfPrevention: true,
              plugins: recorder ? [recorder.plugin()] : [],
            },
            gateway: {
              supergraphSdl: supergraph,
              buildService: ({ name, url }) => new ForwardingDataSource({ url: url! }, name, exchanger),
            },
          }),
        }),
      ],
      providers: [
        { provide: UsageRecorder, useValue: recorder },
        UsageReporting,
        ...(events ? [{ provide: SupergraphEvents, useValue: new SupergraphEvents(supergraph, events) }] : []),
      ],
    };
  }
}

/**
 * Every request through the gateway belongs to a W3C trace: the client's, continued, or a new
 * one. The subgraphs' processing logs record it, so one question can be followed across agencies.
 * The stated purpose is checked against the caller's grants here, once, before any subgraph.
 */
function gatewayContext(req: Request): GatewayContext {
  const ctx = requestContextFrom(req);
  const traceparent = traceparentOf(continueTrace(ctx.forwardHeaders['traceparent']));
  return { ...ctx, purpose: statedPurpose(ctx.forwardHeaders, ctx.caller), forwardHeaders: { ...ctx.forwardHeaders, traceparent } };
}
