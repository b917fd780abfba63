import { Module } from '@nestjs/common';
import { PopulationRepository } from './population.repository.js';
import { HouseholdResolver, PersonResolver } from './population.resolvers.js';
import { PopulationService } from './population.service.js';

@Module({ providers: [PopulationRepository, PopulationService, HouseholdResolver, PersonResolver] })
export class PopulationModule {}
