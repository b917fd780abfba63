import { Inject } from '@nestjs/common';
import { Args, Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import { CasesService } from '../cases/cases.service.js';
import { Case } from '../cases/cases.types.js';
import { flatten } from '../early-warning/early-warning.resolver.js';
import { EarlyWarningService } from '../early-warning/early-warning.service.js';
import { EarlyWarningSignal } from '../early-warning/early-warning.types.js';
import { DispatcherHousehold } from './household.types.js';

interface HouseholdRepresentation {
  id: string;
  members?: Array<{ bsn: string }>;
}

@Resolver(() => DispatcherHousehold)
@Allow(Role.CASEWORKER)
export class HouseholdResolver {
  constructor(
    @Inject(EarlyWarningService) private readonly signals: EarlyWarningService,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  @ResolveReference()
  resolveReference(ref: HouseholdRepresentation): HouseholdRepresentation {
    return ref;
  }

  @ResolveField(() => [EarlyWarningSignal])
  async earlyWarningSignals(
    @Parent() household: HouseholdRepresentation,
    @Args('includeClosed', { type: () => Boolean, defaultValue: false }) includeClosed: boolean,
    @Context() ctx: RequestContext,
  ): Promise<EarlyWarningSignal[]> {
    return (await this.signals.forHousehold(requireCaller(ctx.caller), household.members ?? [], includeClosed)).map(flatten);
  }

  @ResolveField('cases', () => [Case])
  householdCases(@Parent() household: HouseholdRepresentation, @Context() ctx: RequestContext): Promise<Case[]> {
    return this.cases.ofHousehold(requireCaller(ctx.caller), household.members ?? [], ctx.forwardHeaders['authorization'] ?? '');
  }
}
