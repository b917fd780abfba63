import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, REFUSAL_RECORDER, type VerifierSettings } from '@plein/auth';
import { EventTypes, OutboxRelayModule } from '@plein/events';
import { DatabaseModule, subgraphGraphQLOptions } from '@plein/subgraph-kit';
import { accountabilityDatabase } from './accountability.database.js';
import { ExplanationsService } from './explanations/explanations.service.js';
import { AccountableRecord } from './record/accountable-record.service.js';
import { RecordsController } from './record/records.controller.js';
import { ReportsController } from './reports/reports.controller.js';
import { ReportsService } from './reports/reports.service.js';
import { ACCOUNTABILITY_CONFIG, type AccountabilityConfig } from './settings.js';
import { OversightLog } from './signals/oversight-log.js';
import { SignalsResolver } from './signals/signals.resolver.js';
import { SignalsService } from './signals/signals.service.js';

@Module({})
export class AccountabilityModule {
  static forRoot(config: AccountabilityConfig, auth: VerifierSettings): DynamicModule {
    return {
      module: AccountabilityModule,
      imports: [
        AuthModule.forRoot(auth),
        DatabaseModule.forApp(accountabilityDatabase, config.DATABASE_URL),
        GraphQLModule.forRoot(subgraphGraphQLOptions()),
        // Misuse signals leave as CloudEvents with the signal's transaction, for the organisation concerned only.
        OutboxRelayModule.forApp({
          app: 'accountability',
          schema: accountabilityDatabase.schema,
          topics: [EventTypes.MISUSE_SIGNALLED.topic],
          databaseUrl: config.DATABASE_URL,
          events: config,
        }),
      ],
      controllers: [RecordsController, ReportsController],
      providers: [
        { provide: ACCOUNTABILITY_CONFIG, useValue: config },
        OversightLog,
        // The access guard records refusals for a caller's role in the service's own log: a caseworker at the officers' queue.
        { provide: REFUSAL_RECORDER, useExisting: OversightLog },
        SignalsService,
        AccountableRecord,
        ExplanationsService,
        ReportsService,
        SignalsResolver,
      ],
    };
  }
}
