import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { SignalResult, SignalStatus } from '@plein/events';
import type { RequestContext } from '@plein/subgraph-kit';
import { EarlyWarningService, type PartnerSignalView, type SignalView } from './early-warning.service.js';
import { EarlyWarningSignal, PublishedSignal, SignalOutcomeInput } from './early-warning.types.js';

@Resolver()
export class EarlyWarningResolver {
  constructor(@Inject(EarlyWarningService) private readonly signals: EarlyWarningService) {}

  @Mutation(() => EarlyWarningSignal, {
    description:
      "Records what your municipality did with an early-warning signal routed to it (ddas-vroegsignalering's statuses and end results).",
  })
  @Allow(Role.CASEWORKER)
  recordSignalOutcome(
    @Args('ref', { type: () => ID }) ref: string,
    @Args('input') input: SignalOutcomeInput,
    @Context() ctx: RequestContext,
  ): Promise<SignalView> {
    const outcome = {
      status: input.status as SignalStatus,
      resultaat: (input.resultaat ?? null) as SignalResult | null,
      note: input.note ?? null,
    };
    return this.signals.recordOutcome(requireCaller(ctx.caller), ref, outcome);
  }

  @Query(() => [PublishedSignal], {
    description:
      'The early-warning signals your organisation sent, newest first, each with the status the municipality gave it — nothing more.',
  })
  @Allow(Role.AGENCY_PUBLISHER, Role.INTEGRATOR)
  publishedSignals(@Context() ctx: RequestContext): Promise<PartnerSignalView[]> {
    return this.signals.ofPartner(requireCaller(ctx.caller));
  }
}
