import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, personalDataScope, type Caller } from '@plein/auth';
import { DomainError, InputErrorCode, parseBsn } from '@plein/domain';
import { NotFoundError } from '@plein/subgraph-kit';
import { PopulationRepository } from './population.repository.js';
import type { HouseholdRow, PersonRow } from './population.entities.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class PopulationService {
  constructor(@Inject(PopulationRepository) private readonly repository: PopulationRepository) {}

  /** A household; a resident only gets their own. */
  async household(id: string, caller: Caller): Promise<HouseholdRow> {
    if (!UUID.test(id)) {
      throw new DomainError(InputErrorCode.INVALID_ID, `A household id is a UUID; got "${id.slice(0, 60)}".`);
    }
    const found = await this.repository.findHousehold(id.toLowerCase());
    if (!found) throw new NotFoundError('household', id);
    const scope = personalDataScope(caller);
    if (scope.kind === 'self' && !(await this.repository.findMembers(found.id)).some((m) => m.bsn === scope.bsn)) {
      throw new ForbiddenError('Residents see only their own household.');
    }
    return found;
  }

  /** A person; a resident only themselves. */
  async person(bsn: string, caller: Caller): Promise<PersonRow> {
    const valid = parseBsn(bsn);
    const scope = personalDataScope(caller);
    if (scope.kind === 'self' && scope.bsn !== valid) throw new ForbiddenError('Residents see only their own data.');
    const found = await this.repository.findPerson(valid);
    if (!found) throw new NotFoundError('person', bsn);
    return found;
  }

  members(householdId: string): Promise<PersonRow[]> {
    return this.repository.findMembers(householdId);
  }
}
