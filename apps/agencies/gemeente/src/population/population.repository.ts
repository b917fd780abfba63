import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery, tableOf } from '@plein/persistence';
import { HouseholdEntity, ParentalAuthorityEntity, PersonEntity, type HouseholdRow, type PersonRow } from './population.entities.js';

@Injectable()
export class PopulationRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Plain SQL, prepared, as are the members: every view asks this, and TypeORM's building and
   * hydrating cost the municipality more than PostgreSQL's reading did (ADR 0018).
   */
  async findHousehold(id: string): Promise<HouseholdRow | null> {
    const [row] = await preparedQuery<HouseholdRow>(
      this.dataSource,
      `SELECT id, street, house_number AS "houseNumber", postal_code AS "postalCode", city FROM ${tableOf(this.dataSource, HouseholdEntity)} WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  findHouseholdAt(postalCode: string, houseNumber: string): Promise<HouseholdRow | null> {
    return this.dataSource.getRepository(HouseholdEntity).findOneBy({ postalCode, houseNumber });
  }

  findPerson(bsn: string): Promise<PersonRow | null> {
    return this.dataSource.getRepository(PersonEntity).findOneBy({ bsn });
  }

  findMembers(householdId: string): Promise<PersonRow[]> {
    return preparedQuery<PersonRow>(
      this.dataSource,
      `SELECT bsn, household_id AS "householdId", given_name AS "givenName", family_name AS "familyName", to_char(birth_date, 'YYYY-MM-DD') AS "birthDate"
         FROM ${tableOf(this.dataSource, PersonEntity)} WHERE household_id = $1 ORDER BY birth_date, bsn`,
      [householdId],
    );
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
