import { GEMEENTE } from '@plein/demo-population';
import type { AgencySubgraph } from '@plein/subgraph-kit';
import { CreatePopulation1763890100000 } from './migrations/1763890100000-create-population.js';
import { HouseholdEntity, PersonEntity } from './population/population.entities.js';
import { PopulationModule } from './population/population.module.js';

/** The municipality: keeps the population register (persons, households) and pays its own schemes. */
export const gemeenteSubgraph: AgencySubgraph = {
  key: GEMEENTE.key,
  schemes: GEMEENTE.schemes,
  imports: [PopulationModule],
  entities: [HouseholdEntity, PersonEntity],
  migrations: [CreatePopulation1763890100000],
};
