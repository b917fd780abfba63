import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, type VerifierSettings } from '@plein/auth';
import { DatabaseModule, subgraphGraphQLOptions } from '@plein/subgraph-kit';
import { DeliveryRuntime, DISPATCHER_CONFIG } from './delivery/delivery.runtime.js';
import { dispatcherDatabase } from './dispatcher.database.js';
import type { DispatcherConfig } from './settings.js';
import { SubscriptionsResolver } from './subscriptions/subscriptions.resolver.js';
import { SubscriptionsService } from './subscriptions/subscriptions.service.js';

@Module({})
export class DispatcherModule {
  static forRoot(config: DispatcherConfig, auth: VerifierSettings): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [
        AuthModule.forRoot(auth),
        DatabaseModule.forApp(dispatcherDatabase, config.DATABASE_URL),
        GraphQLModule.forRoot(subgraphGraphQLOptions()),
      ],
      providers: [{ provide: DISPATCHER_CONFIG, useValue: config }, DeliveryRuntime, SubscriptionsService, SubscriptionsResolver],
    };
  }
}
