import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, type VerifierSettings } from '@plein/auth';
import { ConsentEnforcementModule, type ConsentEnforcementSettings } from '@plein/consent-client';
import { subgraphGraphQLOptions } from '@plein/subgraph-kit';
import { DataTrackerResolver } from './data-tracker/data-tracker.resolver.js';
import { DataTrackerService } from './data-tracker/data-tracker.service.js';
import { HouseholdResolver } from './income-overview/household.resolver.js';
import { IncomeOverviewService, OVERVIEW_SETTINGS, type OverviewSettings } from './income-overview/income-overview.service.js';
import { IncomeSourceClient } from './income-overview/income-source.client.js';
import { Household } from './income-overview/income-overview.types.js';
import { DIRECTORY_SETTINGS, ProviderDirectory, type DirectorySettings } from './providers/provider-directory.js';

@Module({})
export class HouseholdModule {
  static forRoot(
    settings: DirectorySettings & OverviewSettings,
    auth: VerifierSettings,
    consent: ConsentEnforcementSettings,
  ): DynamicModule {
    return {
      module: HouseholdModule,
      imports: [
        AuthModule.forRoot(auth),
        ConsentEnforcementModule.forApp(consent),
        GraphQLModule.forRoot(subgraphGraphQLOptions({ orphanedTypes: [Household] })),
      ],
      providers: [
        { provide: DIRECTORY_SETTINGS, useValue: settings },
        { provide: OVERVIEW_SETTINGS, useValue: settings },
        ProviderDirectory,
        IncomeSourceClient,
        IncomeOverviewService,
        HouseholdResolver,
        DataTrackerService,
        DataTrackerResolver,
      ],
    };
  }
}
