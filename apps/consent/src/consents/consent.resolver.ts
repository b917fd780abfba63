import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import { ConsentService } from './consent.service.js';
import { Consent, ConsentDecision, GrantConsentInput, StatutoryBasis, StatutoryBasisInput } from './consent.types.js';

@Resolver()
export class ConsentResolver {
  constructor(@Inject(ConsentService) private readonly consents: ConsentService) {}

  @Query(() => [Consent], { description: 'Your consents, with their status and history.' })
  @Allow(Role.RESIDENT)
  myConsents(@Context() ctx: RequestContext): Promise<Consent[]> {
    return this.consents.mine(requireCaller(ctx.caller));
  }

  @Mutation(() => Consent, { description: 'Lets one organisation see the named data categories for one purpose, until you revoke it.' })
  @Allow(Role.RESIDENT)
  grantConsent(@Args('input') input: GrantConsentInput, @Context() ctx: RequestContext): Promise<Consent> {
    return this.consents.grant(requireCaller(ctx.caller), input);
  }

  @Mutation(() => Consent, { description: 'Ends a consent now; sources refuse within a second.' })
  @Allow(Role.RESIDENT)
  revokeConsent(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<Consent> {
    return this.consents.revoke(requireCaller(ctx.caller), id);
  }

  @Query(() => [StatutoryBasis], { description: 'Bases in law on which organisations see data without consent.' })
  @Allow(Role.RESIDENT, Role.CASEWORKER, Role.PLEIN_ADMIN)
  statutoryBases(): Promise<StatutoryBasis[]> {
    return this.consents.statutoryBases();
  }

  @Mutation(() => StatutoryBasis)
  @Allow(Role.PLEIN_ADMIN)
  addStatutoryBasis(@Args('input') input: StatutoryBasisInput, @Context() ctx: RequestContext): Promise<StatutoryBasis> {
    return this.consents.addStatutoryBasis(requireCaller(ctx.caller), input);
  }

  @Query(() => [ConsentDecision], { description: "Whether your organisation may see these residents' data now, and on what basis." })
  @Allow(Role.CASEWORKER)
  consentDecisions(
    @Args('bsns', { type: () => [String] }) bsns: string[],
    @Args('purpose') purpose: string,
    @Args('category') category: string,
    @Args('source') source: string,
    @Context() ctx: RequestContext,
  ): Promise<ConsentDecision[]> {
    return this.consents.decisions(requireCaller(ctx.caller), bsns, purpose, category, source);
  }
}
