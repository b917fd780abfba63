import { Inject } from '@nestjs/common';
import { Args, Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import { CasesService } from '../cases/cases.service.js';
import { Case } from '../cases/cases.types.js';
import { EarlyWarningService, type SignalView } from '../early-warning/early-warning.service.js';
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
  earlyWarningSignals(
    @Parent() household: HouseholdRepresentation,
    @Args('includeClosed', { type: () => Boolean, defaultValue: false }) includeClosed: boolean,
    @Context() ctx: RequestContext,
  ): Promise<SignalView[]> {
    return this.signals.forHousehold(requireCaller(ctx.caller), household.members ?? [], includeClosed);
  }

  @ResolveField('cases', () => [Case])
  householdCases(@Parent() household: HouseholdRepresentation, @Context() ctx: RequestContext): Promise<Case[]> {
    return this.cases.ofHousehold(requireCaller(ctx.caller), household.members ?? [], ctx.forwardHeaders['authorization'] ?? '');
  }
}
