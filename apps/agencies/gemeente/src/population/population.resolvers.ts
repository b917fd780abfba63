import { Inject } from '@nestjs/common';
import { Args, Context, Directive, ID, Int, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import type { PersonRow } from './population.entities.js';
import { PopulationService, type HouseholdView } from './population.service.js';
import { Address, Household, Person, Residence } from './population.types.js';

@Resolver(() => Household)
@Allow(Role.CASEWORKER, Role.RESIDENT)
export class HouseholdResolver {
  constructor(@Inject(PopulationService) private readonly population: PopulationService) {}

  @Query(() => Household, { description: 'A household by its id.' })
  household(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<HouseholdView> {
    return this.population.household(id, requireCaller(ctx.caller), ctx.forwardHeaders);
  }

  @Query(() => Household, { description: 'The household at an address, by postcode and house number.' })
  householdAt(
    @Args('postalCode') postalCode: string,
    @Args('houseNumber') houseNumber: string,
    @Context() ctx: RequestContext,
  ): Promise<HouseholdView> {
    return this.population.householdAt(postalCode, houseNumber, requireCaller(ctx.caller), ctx.forwardHeaders);
  }

  @ResolveField(() => Address)
  address(@Parent() household: HouseholdView): Address {
    const { street, houseNumber, postalCode, city } = household;
    return { street, houseNumber, postalCode, city };
  }

  @ResolveField(() => [Person])
  members(@Parent() household: HouseholdView): PersonRow[] {
    return household.visibleMembers;
  }

  @ResolveField(() => Int)
  coResidentCount(@Parent() household: HouseholdView): number {
    return household.coResidentCount;
  }

  @ResolveReference()
  resolveReference(ref: { id: string }, ctx: RequestContext): Promise<HouseholdView> {
    return this.population.household(ref.id, requireCaller(ctx.caller), ctx.forwardHeaders);
  }
}

@Resolver(() => Person)
@Allow(Role.CASEWORKER, Role.RESIDENT)
export class PersonResolver {
  constructor(@Inject(PopulationService) private readonly population: PopulationService) {}

  @Query(() => Person, { description: 'A person by BSN.' })
  person(@Args('bsn') bsn: string, @Context() ctx: RequestContext): Promise<PersonRow> {
    return this.population.person(bsn, requireCaller(ctx.caller), ctx.forwardHeaders);
  }

  @Query(() => [Person], {
    description: 'The minors you have parental authority over (ouderlijk gezag), from the municipal records.',
  })
  @Allow(Role.RESIDENT)
  childrenInMyCare(@Context() ctx: RequestContext): Promise<PersonRow[]> {
    return this.population.childrenInCare(requireCaller(ctx.caller), ctx.forwardHeaders);
  }

  @ResolveField(() => Household)
  household(@Parent() person: PersonRow, @Context() ctx: RequestContext): Promise<HouseholdView> {
    return this.population.household(person.householdId, requireCaller(ctx.caller), ctx.forwardHeaders);
  }

  @ResolveReference()
  resolveReference(ref: { bsn: string }, ctx: RequestContext): Promise<PersonRow> {
    return this.population.person(ref.bsn, requireCaller(ctx.caller), ctx.forwardHeaders);
  }
}

@Resolver()
export class ResidenceResolver {
  constructor(@Inject(PopulationService) private readonly population: PopulationService) {}

  @Query(() => Residence, {
    nullable: true,
    description: "The plein's question when it routes an early-warning signal: is this person registered here? Null when not.",
  })
  @Allow(Role.EVENT_ROUTER)
  @Directive('@inaccessible')
  residence(@Args('bsn') bsn: string, @Context() ctx: RequestContext): Promise<Residence | null> {
    return this.population.residence(bsn, requireCaller(ctx.caller), ctx.forwardHeaders);
  }
}
