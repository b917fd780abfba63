import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { AuthModule, TokenExchanger, type VerifierSettings } from '@plein/auth';
import { onwardTraceparent, type SourceLogSettings } from '@plein/processing-log';
import { DatabaseModule, queryArmor, requestContextFrom, type QueryLimits } from '@plein/subgraph-kit';
import { ForwardingDataSource } from './forwarding-data-source.js';
import type { SubgraphCallLimits } from './subgraph-fetcher.js';
import { statedPurpose, type GatewayContext } from './stated-purpose.js';
import { RegistrySupergraph, type RegistrySupergraphSettings } from './registry-supergraph.js';
import { SupergraphEvents, type SupergraphEventSettings } from './supergraph-events.js';
import { UsageRecorder, type UsageReportSettings } from './usage-recorder.js';
import { callerRateLimit, type RateLimitSettings } from './rate-limit.js';
import { GatewayRefusals, GatewayRefusalsModule } from './refusals.js';
import { gatewayDatabase } from './gateway.database.js';

/** Where the gateway keeps the requests it refused: its own schema, chained like a source's log. */
export interface RefusalLogSettings {
  databaseUrl: string;
  log: SourceLogSettings;
}

const RATE_LIMIT = Symbol('RATE_LIMIT');

@Injectable()
class UsageReporting implements OnApplicationShutdown {
  constructor(@Inject(UsageRecorder) private readonly recorder: UsageRecorder | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.recorder?.stop();
  }
}

@Module({})
export class GatewayModule implements NestModule {
  constructor(
    @Inject(RATE_LIMIT) private readonly rateLimit: RateLimitSettings,
    @Inject(GatewayRefusals) private readonly refusals: GatewayRefusals,
  ) {}

  /** Runs after the token check (runApp's), so the limit is per verified caller. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(callerRateLimit(this.rateLimit, this.refusals)).forRoutes('graphql');
  }

  static forRoot(
    settings: RegistrySupergraphSettings & SubgraphCallLimits,
    auth: VerifierSettings,
    limits: QueryLimits,
    rateLimit: RateLimitSettings,
    usage?: UsageReportSettings,
    events?: SupergraphEventSettings,
    refusalLog?: RefusalLogSettings,
  ): DynamicModule {
    const recorder = usage ? new UsageRecorder(usage) : null;
    const armor = queryArmor(limits);
    const supergraph = new RegistrySupergraph(settings);
    recorder?.start();
    return {
      module: GatewayModule,
      imports: [
        AuthModule.forRoot(auth),
        ...(refusalLog ? [DatabaseModule.forApp(gatewayDatabase, refusalLog.databaseUrl, REFUSAL_LOG_POOL)] : []),
        GatewayRefusalsModule.forRoot(refusalLog?.log),
        GraphQLModule.forRootAsync<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          inject: [TokenExchanger, GatewayRefusals],
          useFactory: (exchanger: TokenExchanger, refusals: GatewayRefusals) => ({
            server: {
              context: ({ req }: { req: Request }) => gatewayContext(req, refusals),
              introspection: true,
              includeStacktraceInErrorResponses: false,
              validationRules: armor.validationRules,
              csrfPrevention: true,
              plugins: [...armor.plugins, ...(recorder ? [recorder.plugin()] : [])],
            },
            gateway: {
              supergraphSdl: supergraph,
              buildService: ({ name, url }) => new ForwardingDataSource(url!, name, exchanger, settings),
            },
          }),
        }),
      ],
      providers: [
        { provide: RATE_LIMIT, useValue: rateLimit },
        { provide: UsageRecorder, useValue: recorder },
        UsageReporting,
        ...(events ? [{ provide: SupergraphEvents, useValue: new SupergraphEvents(supergraph, events) }] : []),
      ],
    };
  }
}

/** Refusals are few and written in groups: a small pool leaves the database to the sources. */
const REFUSAL_LOG_POOL = 3;

/**
 * Every request through the gateway belongs to a W3C trace: the client's, continued, or a new
 * one. The subgraphs' processing logs record it, so one question can be followed across agencies.
 * The stated purpose is checked against the caller's grants here, once, before any subgraph.
 */
async function gatewayContext(req: Request, refusals: GatewayRefusals): Promise<GatewayContext> {
  const ctx = requestContextFrom(req);
  const { traceparent: incoming, ...others } = ctx.forwardHeaders;
  const traceparent = onwardTraceparent(incoming);
  const forwardHeaders = traceparent ? { ...others, traceparent } : others;
  return {
    ...ctx,
    purpose: await statedPurpose(forwardHeaders, ctx.caller, refusals),
    forwardHeaders,
  };
}
