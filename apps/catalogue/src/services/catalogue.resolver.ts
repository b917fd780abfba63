import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import type { LifeSituationRow, ServiceRow } from './catalogue.entities.js';
import { CatalogueService } from './catalogue.service.js';
import { LifeSituation, PublishServiceInput, SearchResult, Service, ZeroResultPhrase } from './catalogue.types.js';

@Resolver(() => LifeSituation)
export class CatalogueResolver {
  constructor(@Inject(CatalogueService) private readonly catalogue: CatalogueService) {}

  @Query(() => [LifeSituation], { description: 'The life situations of the plein, with the services agencies offer for them.' })
  @Allow(Role.RESIDENT, Role.CASEWORKER, Role.AGENCY_PUBLISHER, Role.INTEGRATOR, Role.PLEIN_ADMIN)
  lifeSituations(): Promise<LifeSituationRow[]> {
    return this.catalogue.lifeSituations();
  }

  @ResolveField(() => [Service])
  @Allow(Role.RESIDENT, Role.CASEWORKER, Role.AGENCY_PUBLISHER, Role.INTEGRATOR, Role.PLEIN_ADMIN)
  services(@Parent() situation: LifeSituationRow): Promise<ServiceRow[]> {
    return this.catalogue.servicesFor(situation.key);
  }

  @Query(() => SearchResult, { description: 'Search life situations and services in your own words, e.g. "ik kan de huur niet betalen".' })
  @Allow(Role.RESIDENT, Role.CASEWORKER, Role.AGENCY_PUBLISHER, Role.INTEGRATOR, Role.PLEIN_ADMIN)
  searchCatalogue(@Args('query') query: string) {
    return this.catalogue.search(query);
  }

  @Query(() => [ZeroResultPhrase], {
    description: 'The searches of one week that found nothing (no personal data), for agencies to act on.',
  })
  @Allow(Role.AGENCY_PUBLISHER, Role.PLEIN_ADMIN)
  zeroResultSearches(@Args('weekOf', { type: () => Date }) weekOf: Date) {
    return this.catalogue.zeroResults(weekOf);
  }

  @Mutation(() => Service, { description: 'Publishes a service of your own agency for a life situation.' })
  @Allow(Role.AGENCY_PUBLISHER)
  publishService(@Args('input') input: PublishServiceInput, @Context() ctx: RequestContext): Promise<ServiceRow> {
    return this.catalogue.publish(requireCaller(ctx.caller), input, ctx.forwardHeaders['authorization'] ?? '');
  }

  @Mutation(() => Service, { description: 'Withdraws a service of your own agency.' })
  @Allow(Role.AGENCY_PUBLISHER)
  withdrawService(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<ServiceRow> {
    return this.catalogue.withdraw(requireCaller(ctx.caller), id, ctx.forwardHeaders['authorization'] ?? '');
  }
}
