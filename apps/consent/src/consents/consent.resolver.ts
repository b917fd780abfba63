import { Inject } from '@nestjs/common';
import { Args, Context, Directive, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import { ConsentRequestsService } from './consent-requests.service.js';
import { ConsentService } from './consent.service.js';
import {
  Consent,
  ConsentDecision,
  ConsentRequest,
  DeliveryBasis,
  GrantConsentInput,
  RequestConsentInput,
  StatutoryBasis,
  StatutoryBasisInput,
} from './consent.types.js';

/** The caller's token, exchanged when the population register is asked about parental authority. */
function authorizationOf(ctx: RequestContext): string {
  return ctx.forwardHeaders['authorization'] ?? '';
}

@Resolver()
export class ConsentResolver {
  constructor(
    @Inject(ConsentService) private readonly consents: ConsentService,
    @Inject(ConsentRequestsService) private readonly requests: ConsentRequestsService,
  ) {}

  @Query(() => [Consent], { description: 'Your consents, with their status and history.' })
  @Allow(Role.RESIDENT)
  myConsents(
    @Context() ctx: RequestContext,
    @Args('subjectBsn', { type: () => String, nullable: true, description: 'A minor child you have parental authority over.' })
    subjectBsn?: string | null,
  ): Promise<Consent[]> {
    return this.consents.mine(requireCaller(ctx.caller), authorizationOf(ctx), subjectBsn);
  }

  @Mutation(() => Consent, { description: 'Lets one organisation see the named data categories for one purpose, until you revoke it.' })
  @Allow(Role.RESIDENT)
  grantConsent(@Args('input') input: GrantConsentInput, @Context() ctx: RequestContext): Promise<Consent> {
    return this.consents.grant(requireCaller(ctx.caller), authorizationOf(ctx), input);
  }

  @Mutation(() => Consent, { description: 'Ends a consent now; sources refuse within a second.' })
  @Allow(Role.RESIDENT)
  revokeConsent(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<Consent> {
    return this.consents.revoke(requireCaller(ctx.caller), authorizationOf(ctx), id);
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

  @Query(() => [DeliveryBasis], {
    description: "The dispatcher's question: which of these organisations may receive an event about this resident (pseudonym)?",
  })
  @Allow(Role.EVENT_ROUTER)
  @Directive('@inaccessible')
  deliveryBases(
    @Args('subject') subject: string,
    @Args('category') category: string,
    @Args('source') source: string,
    @Args('orgs', { type: () => [String] }) orgs: string[],
    @Args('residentOf', {
      type: () => String,
      nullable: true,
      description:
        'The OIN of the municipality where the resident lives, as the plein found it: its statutory basis counts (vroegsignalering).',
    })
    residentOf?: string | null,
  ): Promise<DeliveryBasis[]> {
    return this.consents.deliveryBases(subject, category, source, orgs, residentOf ?? null);
  }

  @Query(() => String, { description: 'A receipt for one of your consents (Kantara Consent Receipt v1.1 fields), as a JSON document.' })
  @Allow(Role.RESIDENT)
  consentReceipt(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: RequestContext,
    @Args('subjectBsn', { type: () => String, nullable: true, description: 'A minor child you have parental authority over.' })
    subjectBsn?: string | null,
  ): Promise<string> {
    return this.consents.receipt(requireCaller(ctx.caller), authorizationOf(ctx), id, subjectBsn);
  }

  @Mutation(() => ConsentRequest, { description: 'Asks a resident for consent; nothing is shared until they approve.' })
  @Allow(Role.CASEWORKER)
  requestConsent(@Args('input') input: RequestConsentInput, @Context() ctx: RequestContext): Promise<ConsentRequest> {
    return this.requests.request(requireCaller(ctx.caller), input);
  }

  @Query(() => [ConsentRequest], { description: "Your organisation's requests for consent and what became of them." })
  @Allow(Role.CASEWORKER)
  consentRequests(@Context() ctx: RequestContext): Promise<ConsentRequest[]> {
    return this.requests.ofOrganisation(requireCaller(ctx.caller));
  }

  @Query(() => [ConsentRequest], { description: 'Requests for your consent, each with a preview of what approving would share.' })
  @Allow(Role.RESIDENT)
  myConsentRequests(
    @Context() ctx: RequestContext,
    @Args('subjectBsn', { type: () => String, nullable: true, description: 'A minor child you have parental authority over.' })
    subjectBsn?: string | null,
  ): Promise<ConsentRequest[]> {
    return this.requests.mine(requireCaller(ctx.caller), authorizationOf(ctx), subjectBsn);
  }

  @Mutation(() => Consent, { description: 'Grants exactly what the request asked for.' })
  @Allow(Role.RESIDENT)
  approveConsentRequest(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<Consent> {
    return this.requests.approve(requireCaller(ctx.caller), authorizationOf(ctx), id);
  }

  @Mutation(() => ConsentRequest)
  @Allow(Role.RESIDENT)
  declineConsentRequest(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<ConsentRequest> {
    return this.requests.decline(requireCaller(ctx.caller), authorizationOf(ctx), id);
  }
}
