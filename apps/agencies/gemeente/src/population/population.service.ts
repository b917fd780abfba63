import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, personalDataScope, type Caller } from '@plein/auth';
import { DomainError, InputErrorCode, isUuid, parseBsn } from '@plein/domain';
import { ConsentErrorCode, ConsentGate } from '@plein/consent-client';
import { NotFoundError, ProcessingLogger } from '@plein/subgraph-kit';
import { PopulationRepository } from './population.repository.js';
import type { HouseholdRow, PersonRow } from './population.entities.js';

/** One refusal for every person without a basis, registered here or not: the same bytes. */
const noBasisForPerson = (source: string, purpose: string) =>
  new DomainError(ConsentErrorCode.NO_CONSENT, `No basis to see this person's records for ${purpose}.`, { source, purpose });

/**
 * The municipality's records of persons and households. Residents see their own household;
 * organisations need a basis (category `household`): for a person, that person's; for a
 * household record, any member's. Every access is in the municipality's processing log, per
 * member, before the data leaves.
 */
@Injectable()
export class PopulationService {
  constructor(
    @Inject(PopulationRepository) private readonly repository: PopulationRepository,
    @Inject(ConsentGate) private readonly consent: ConsentGate,
    @Inject(ProcessingLogger) private readonly log: ProcessingLogger,
  ) {}

  /** A household; a resident only gets their own. */
  async household(id: string, caller: Caller, headers: Record<string, string>): Promise<HouseholdRow> {
    const startTime = new Date();
    if (!isUuid(id)) {
      throw new DomainError(InputErrorCode.INVALID_ID, `A household id is a UUID; got "${id.slice(0, 60)}".`);
    }
    const found = await this.repository.findHousehold(id.toLowerCase());
    if (!found) throw new NotFoundError('household', id.toLowerCase());
    const scope = personalDataScope(caller);
    const members = (await this.repository.findMembers(found.id)).map((m) => m.bsn);
    if (scope.kind === 'self' && !members.includes(scope.bsn)) {
      throw new ForbiddenError('Residents see only their own household.');
    }
    // One record about all members: seen on the basis of any of them (the resident the case is
    // about), logged for each of them.
    const access = { name: 'Query.household', activity: 'huishouden', category: 'household', startTime };
    const permitted = await this.log.refusalsOf(caller, headers, access, members, () =>
      this.consent.requireAny(caller, headers, members, 'household'),
    );
    await this.log.accessed(caller, headers, { ...access, permitted }, members);
    return found;
  }

  /**
   * A person; a resident only themselves. The basis is checked before the records are looked
   * at, and a refusal reads the same whether or not the BSN is registered here: a caseworker
   * cannot use the plein to find out who lives in the municipality.
   */
  async person(bsn: string, caller: Caller, headers: Record<string, string>): Promise<PersonRow> {
    const startTime = new Date();
    const valid = parseBsn(bsn);
    const scope = personalDataScope(caller);
    if (scope.kind === 'self' && scope.bsn !== valid) throw new ForbiddenError('Residents see only their own data.');
    const access = { name: 'Query.person', activity: 'huishouden', category: 'household', startTime };
    const permitted = await this.log.refusalsOf(caller, headers, access, [valid], async () => {
      try {
        return await this.consent.require(caller, headers, [valid], 'household');
      } catch (e) {
        if (e instanceof DomainError && e.code === ConsentErrorCode.NO_CONSENT)
          throw noBasisForPerson(this.consent.source, caller.purpose ?? 'no purpose');
        throw e;
      }
    });
    const found = await this.repository.findPerson(valid);
    if (!found) throw new NotFoundError('person');
    await this.log.accessed(caller, headers, { ...access, permitted }, [valid]);
    return found;
  }

  members(householdId: string): Promise<PersonRow[]> {
    return this.repository.findMembers(householdId);
  }
}
