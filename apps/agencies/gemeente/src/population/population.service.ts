import { Inject, Injectable } from '@nestjs/common';
import { DomainError, InputErrorCode, parseBsn } from '@plein/domain';
import { NotFoundError } from '@plein/subgraph-kit';
import { PopulationRepository } from './population.repository.js';
import type { HouseholdRow, PersonRow } from './population.entities.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class PopulationService {
  constructor(@Inject(PopulationRepository) private readonly repository: PopulationRepository) {}

  async household(id: string): Promise<HouseholdRow> {
    if (!UUID.test(id)) {
      throw new DomainError(InputErrorCode.INVALID_ID, `A household id is a UUID; got "${id.slice(0, 60)}".`);
    }
    const found = await this.repository.findHousehold(id.toLowerCase());
    if (!found) throw new NotFoundError('household', id);
    return found;
  }

  async person(bsn: string): Promise<PersonRow> {
    const valid = parseBsn(bsn);
    const found = await this.repository.findPerson(valid);
    if (!found) throw new NotFoundError('person', bsn);
    return found;
  }

  members(householdId: string): Promise<PersonRow[]> {
    return this.repository.findMembers(householdId);
  }
}
