import { Module, type DynamicModule } from '@nestjs/common';
import { PopulationRepository } from './population.repository.js';
import { HouseholdResolver, PersonResolver, ResidenceResolver } from './population.resolvers.js';
import { MUNICIPALITY, PopulationService, type Municipality } from './population.service.js';

@Module({})
export class PopulationModule {
  /** The population register of one municipality, which answers for its own residents. */
  static forMunicipality(municipality: Municipality): DynamicModule {
    return {
      module: PopulationModule,
      providers: [
        { provide: MUNICIPALITY, useValue: municipality },
        PopulationRepository,
        PopulationService,
        HouseholdResolver,
        PersonResolver,
        ResidenceResolver,
      ],
    };
  }
}
