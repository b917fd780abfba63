import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HouseholdEntity, ParentalAuthorityEntity, PersonEntity, type HouseholdRow, type PersonRow } from './population.entities.js';

@Injectable()
export class PopulationRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  findHousehold(id: string): Promise<HouseholdRow | null> {
    return this.dataSource.getRepository(HouseholdEntity).findOneBy({ id });
  }

  findHouseholdAt(postalCode: string, houseNumber: string): Promise<HouseholdRow | null> {
    return this.dataSource.getRepository(HouseholdEntity).findOneBy({ postalCode, houseNumber });
  }

  findPerson(bsn: string): Promise<PersonRow | null> {
    return this.dataSource.getRepository(PersonEntity).findOneBy({ bsn });
  }

  findMembers(householdId: string): Promise<PersonRow[]> {
    return this.dataSource.getRepository(PersonEntity).find({
      where: { householdId },
      order: { birthDate: 'ASC', bsn: 'ASC' },
    });
  }

  /** The persons this parent has parental authority over (minors or not: the caller checks the age). */
  async childrenInCareOf(parentBsn: string): Promise<PersonRow[]> {
    const links = await this.dataSource.getRepository(ParentalAuthorityEntity).findBy({ parentBsn });
    if (links.length === 0) return [];
    return this.dataSource
      .getRepository(PersonEntity)
      .find({ where: links.map((l) => ({ bsn: l.childBsn })), order: { birthDate: 'ASC', bsn: 'ASC' } });
  }
}
