import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { AuthModule, type VerifierSettings } from '@plein/auth';
import { continueTrace, traceparentOf } from '@plein/processing-log';
import { requestContextFrom, type RequestContext } from '@plein/subgraph-kit';
import { ForwardingDataSource } from './forwarding-data-source.js';
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
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            context: ({ req }: { req: Request }) => withTrace(requestContextFrom(req)),
            introspection: true,
            includeStacktraceInErrorResponses: false,
            validationRules: queryLimitRules(limits),
            csrfPrevention: true,
            plugins: recorder ? [recorder.plugin()] : [],
          },
          gateway: {
            supergraphSdl: supergraph,
            buildService: ({ url }) => new ForwardingDataSource({ url }),
          },
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
 */
function withTrace(ctx: RequestContext): RequestContext {
  const traceparent = traceparentOf(continueTrace(ctx.forwardHeaders['traceparent']));
  return { ...ctx, forwardHeaders: { ...ctx.forwardHeaders, traceparent } };
}
