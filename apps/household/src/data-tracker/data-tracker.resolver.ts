import { Inject } from '@nestjs/common';
import { Context, Query, Resolver } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import { OVERVIEW_SETTINGS, type OverviewSettings } from '../income-overview/income-overview.service.js';
import { DataTrackerService } from './data-tracker.service.js';
import { DataTracker } from './data-tracker.types.js';

@Resolver()
export class DataTrackerResolver {
  constructor(
    @Inject(DataTrackerService) private readonly tracker: DataTrackerService,
    @Inject(OVERVIEW_SETTINGS) private readonly settings: OverviewSettings,
  ) {}

  @Query(() => DataTracker, { description: 'Which organisation saw which of your data, from which agency, when and for what purpose.' })
  @Allow(Role.RESIDENT)
  myDataTracker(@Context() ctx: RequestContext): Promise<DataTracker> {
    requireCaller(ctx.caller);
    return this.tracker.track(ctx.forwardHeaders, this.settings.sourceTimeoutMs);
  }
}
