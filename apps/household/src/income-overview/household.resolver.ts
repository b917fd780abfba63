import { Inject } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import type { IncomeOverview as Overview } from './income-overview.js';
import { IncomeOverviewService } from './income-overview.service.js';
import { Household, IncomeOverview } from './income-overview.types.js';

interface HouseholdRepresentation {
  id: string;
  members?: Array<{ bsn: string; givenName: string; familyName: string }>;
  coResidentCount?: number;
}

@Resolver(() => Household)
@Allow(Role.CASEWORKER, Role.RESIDENT)
export class HouseholdResolver {
  constructor(@Inject(IncomeOverviewService) private readonly overviews: IncomeOverviewService) {}

  @ResolveReference()
  resolveReference(ref: HouseholdRepresentation): HouseholdRepresentation {
    return ref;
  }

  @ResolveField(() => IncomeOverview)
  incomeOverview(@Parent() household: HouseholdRepresentation, @Context() ctx: RequestContext): Promise<Overview> {
    return this.overviews.overview(household.members ?? [], household.coResidentCount ?? 0, requireCaller(ctx.caller), ctx.forwardHeaders);
  }
}
