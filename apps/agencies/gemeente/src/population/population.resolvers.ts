import { Inject } from '@nestjs/common';
import { Args, ID, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type { HouseholdRow, PersonRow } from './population.entities.js';
import { PopulationService } from './population.service.js';
import { Address, Household, Person } from './population.types.js';

@Resolver(() => Household)
export class HouseholdResolver {
  constructor(@Inject(PopulationService) private readonly population: PopulationService) {}

  @Query(() => Household, { description: 'A household by its id.' })
  household(@Args('id', { type: () => ID }) id: string): Promise<HouseholdRow> {
    return this.population.household(id);
  }

  @ResolveField(() => Address)
  address(@Parent() household: HouseholdRow): Address {
    const { street, houseNumber, postalCode, city } = household;
    return { street, houseNumber, postalCode, city };
  }

  @ResolveField(() => [Person])
  members(@Parent() household: HouseholdRow): Promise<PersonRow[]> {
    return this.population.members(household.id);
  }

  @ResolveReference()
  resolveReference(ref: { id: string }): Promise<HouseholdRow> {
    return this.population.household(ref.id);
  }
}

@Resolver(() => Person)
export class PersonResolver {
  constructor(@Inject(PopulationService) private readonly population: PopulationService) {}

  @Query(() => Person, { description: 'A person by BSN.' })
  person(@Args('bsn') bsn: string): Promise<PersonRow> {
    return this.population.person(bsn);
  }

  @ResolveField(() => Household)
  household(@Parent() person: PersonRow): Promise<HouseholdRow> {
    return this.population.household(person.householdId);
  }

  @ResolveReference()
  resolveReference(ref: { bsn: string }): Promise<PersonRow> {
    return this.population.person(ref.bsn);
  }
}
