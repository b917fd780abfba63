import { GEMEENTE } from '@plein/demo-population';
import type { AgencySubgraph } from '@plein/subgraph-kit';
import { CreatePopulation1763890100000 } from './migrations/1763890100000-create-population.js';
import { ParentalAuthority1796170159460 } from './migrations/1796170159460-parental-authority.js';
import { HouseholdAddressIndex1796171795496 } from './migrations/1796171795496-household-address-index.js';
import { HouseholdEntity, ParentalAuthorityEntity, PersonEntity } from './population/population.entities.js';
import { PopulationModule } from './population/population.module.js';

/** The municipality: keeps the population register (persons, households) and pays its own schemes. */
export const gemeenteSubgraph: AgencySubgraph = {
  key: GEMEENTE.key,
  schemes: GEMEENTE.schemes,
  imports: [PopulationModule.forMunicipality({ oin: GEMEENTE.oin, name: GEMEENTE.name })],
  entities: [HouseholdEntity, PersonEntity, ParentalAuthorityEntity],
  migrations: [CreatePopulation1763890100000, ParentalAuthority1796170159460, HouseholdAddressIndex1796171795496],
};
