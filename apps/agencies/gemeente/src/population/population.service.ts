import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, personalDataScope, type Caller } from '@plein/auth';
import { DomainError, InputErrorCode, isMinorOn, isUuid, parseBsn } from '@plein/domain';
import { ConsentErrorCode, ConsentGate, type Permitted } from '@plein/consent-client';
import { NotFoundError, ProcessingLogger } from '@plein/subgraph-kit';
import { PopulationRepository } from './population.repository.js';
import type { HouseholdRow, PersonRow } from './population.entities.js';

/** One refusal for every person without a basis, registered here or not: the same bytes. */
const noBasisForPerson = (source: string, purpose: string) =>
  new DomainError(ConsentErrorCode.NO_CONSENT, `No basis to see this person's records for ${purpose}.`, { source, purpose });

export const MUNICIPALITY = Symbol('MUNICIPALITY');
/** The municipality whose register this is. */
export interface Municipality {
  oin: string;
  name: string;
}

/** Why the plein may ask where someone lives: to route an early-warning signal to their municipality. */
const ROUTING_BASIS = 'Wet gemeentelijke schuldhulpverlening art. 3 lid 1 sub b; Besluit gemeentelijke schuldhulpverlening §2';

/** A household record as one caller may see it: members without a basis for this caller are only counted. */
export interface HouseholdView extends HouseholdRow {
  visibleMembers: PersonRow[];
  coResidentCount: number;
}

/**
 * The municipality's records of persons and households. Each member's details are shown on a
 * basis for that member only (category `household`): an organisation's, or for a resident,
 * being that person or having parental authority over them. The other members are counted as
 * medebewoners, without BSN, name or birth date. Every access is in the municipality's
 * processing log, per member shown, before the data leaves.
 */
@Injectable()
export class PopulationService {
  constructor(
    @Inject(PopulationRepository) private readonly repository: PopulationRepository,
    @Inject(ConsentGate) private readonly consent: ConsentGate,
    @Inject(ProcessingLogger) private readonly log: ProcessingLogger,
    @Inject(MUNICIPALITY) private readonly municipality: Municipality,
  ) {}

  /**
   * Whether a person is registered here, for the plein routing a signal of payment arrears to the
   * municipality where they live (the only caller: role event-router). Only the municipality's
   * name comes back, never the person's records; the question is logged like any access.
   */
  async residence(
    bsn: string,
    caller: Caller,
    headers: Record<string, string>,
  ): Promise<{ municipalityOin: string; municipalityName: string } | null> {
    const startTime = new Date();
    const valid = parseBsn(bsn);
    const found = await this.repository.findPerson(valid);
    await this.log.accessed(
      caller,
      headers,
      {
        name: 'Query.residence',
        activity: 'woonplaats',
        category: 'household',
        startTime,
        permitted: { purpose: 'vroegsignalering', basis: new Map([[valid, ROUTING_BASIS]]) },
      },
      [valid],
    );
    return found ? { municipalityOin: this.municipality.oin, municipalityName: this.municipality.name } : null;
  }

  async household(id: string, caller: Caller, headers: Record<string, string>): Promise<HouseholdView> {
    const startTime = new Date();
    if (!isUuid(id)) {
      throw new DomainError(InputErrorCode.INVALID_ID, `A household id is a UUID; got "${id.slice(0, 60)}".`);
    }
    const found = await this.repository.findHousehold(id.toLowerCase());
    if (!found) throw new NotFoundError('household', id.toLowerCase());
    const members = await this.repository.findMembers(found.id);
    const bsns = members.map((m) => m.bsn);
    const scope = personalDataScope(caller);
    const access = { name: 'Query.household', activity: 'huishouden', category: 'household', startTime };
    let permitted: Permitted;
    if (scope.kind === 'self') {
      if (!bsns.includes(scope.bsn)) throw new ForbiddenError('Residents see only their own household.');
      permitted = await this.ownAndInCare(scope.bsn, startTime);
    } else {
      permitted = await this.log.refusalsOf(caller, headers, access, bsns, () =>
        this.consent.permittedAmong(caller, headers, bsns, 'household'),
      );
    }
    const visibleMembers = members.filter((m) => permitted.basis.has(m.bsn));
    await this.log.accessed(
      caller,
      headers,
      { ...access, permitted },
      visibleMembers.map((m) => m.bsn),
    );
    return { ...found, visibleMembers, coResidentCount: members.length - visibleMembers.length };
  }

  /**
   * The household at an address (postcode and house number), seen like any household record:
   * on a basis for one of its members, else the same refusal as for an address where nobody
   * lives, so the plein cannot be used to find out who lives where.
   */
  async householdAt(postalCode: string, houseNumber: string, caller: Caller, headers: Record<string, string>): Promise<HouseholdView> {
    const postcode = /^\s*(\d{4})\s*([a-zA-Z]{2})\s*$/.exec(postalCode);
    const number = houseNumber.trim();
    if (!postcode || !/^\d{1,5}[a-zA-Z0-9-]{0,6}$/.test(number))
      throw new DomainError(InputErrorCode.INVALID_ID, 'Give a postcode like 3562 JW and a house number like 112.');
    const found = await this.repository.findHouseholdAt(`${postcode[1]} ${postcode[2]!.toUpperCase()}`, number);
    const refused = () => noBasisForPerson(this.consent.source, caller.purpose ?? 'no purpose');
    if (!found) {
      if (personalDataScope(caller).kind === 'self') throw new ForbiddenError('Residents see only their own household.');
      throw refused();
    }
    try {
      return await this.household(found.id, caller, headers);
    } catch (e) {
      if (e instanceof DomainError && e.code === ConsentErrorCode.NO_CONSENT) throw refused();
      throw e;
    }
  }

  /**
   * A person; a resident only themselves or a minor in their care. The basis is checked before
   * the records are looked at, and a refusal reads the same whether or not the BSN is registered
   * here: a caseworker cannot use the plein to find out who lives in the municipality.
   */
  async person(bsn: string, caller: Caller, headers: Record<string, string>): Promise<PersonRow> {
    const startTime = new Date();
    const valid = parseBsn(bsn);
    const scope = personalDataScope(caller);
    const access = { name: 'Query.person', activity: 'huishouden', category: 'household', startTime };
    let permitted: Permitted;
    if (scope.kind === 'self') {
      permitted = await this.ownAndInCare(scope.bsn, startTime);
      if (!permitted.basis.has(valid)) throw new ForbiddenError('Residents see only their own data.');
    } else {
      permitted = await this.log.refusalsOf(caller, headers, access, [valid], async () => {
        try {
          return await this.consent.require(caller, headers, [valid], 'household');
        } catch (e) {
          if (e instanceof DomainError && e.code === ConsentErrorCode.NO_CONSENT)
            throw noBasisForPerson(this.consent.source, caller.purpose ?? 'no purpose');
          throw e;
        }
      });
    }
    const found = await this.repository.findPerson(valid);
    if (!found) throw new NotFoundError('person');
    await this.log.accessed(caller, headers, { ...access, permitted }, [valid]);
    return found;
  }

  /**
   * The minors the resident has parental authority over (ouderlijk gezag), as registered here:
   * the consent service asks this before a parent grants or revokes for a child.
   */
  async childrenInCare(caller: Caller, headers: Record<string, string>): Promise<PersonRow[]> {
    const startTime = new Date();
    const scope = personalDataScope(caller);
    if (scope.kind !== 'self') throw new ForbiddenError('Only a resident asks whom they have parental authority over.');
    const children = await this.minorsInCareOf(scope.bsn, startTime);
    if (children.length > 0) {
      const basis = new Map(children.map((c) => [c.bsn, 'ouderlijk gezag (BW 1:245)']));
      await this.log.accessed(
        caller,
        headers,
        {
          name: 'Query.childrenInMyCare',
          activity: 'gezag',
          category: 'household',
          startTime,
          permitted: { purpose: 'eigen-gegevens', basis },
        },
        children.map((c) => c.bsn),
      );
    }
    return children;
  }

  private async ownAndInCare(bsn: string, at: Date): Promise<Permitted> {
    const children = await this.minorsInCareOf(bsn, at);
    return {
      purpose: 'eigen-gegevens',
      basis: new Map([[bsn, 'own data (AVG art. 15)'], ...children.map((c) => [c.bsn, 'ouderlijk gezag (BW 1:245)'] as const)]),
    };
  }

  /** Parental authority ends when the child comes of age, whatever the register still says. */
  private async minorsInCareOf(bsn: string, at: Date): Promise<PersonRow[]> {
    return (await this.repository.childrenInCareOf(bsn)).filter((c) => isMinorOn(c.birthDate, at));
  }
}
