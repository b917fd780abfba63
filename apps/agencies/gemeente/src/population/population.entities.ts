import { EntitySchema } from 'typeorm';

export interface HouseholdRow {
  id: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
}

export interface PersonRow {
  bsn: string;
  householdId: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  /** Only for the foreign key; never loaded. */
  household?: HouseholdRow;
}

/** Ouderlijk gezag: the parent may act for the child while the child is a minor. */
export interface ParentalAuthorityRow {
  parentBsn: string;
  childBsn: string;
  /** Only for the foreign keys; never loaded. */
  parent?: PersonRow;
  child?: PersonRow;
}

export const ParentalAuthorityEntity = new EntitySchema<ParentalAuthorityRow>({
  name: 'ParentalAuthority',
  tableName: 'parental_authority',
  columns: {
    parentBsn: { name: 'parent_bsn', type: 'char', length: 9, primary: true },
    childBsn: { name: 'child_bsn', type: 'char', length: 9, primary: true },
  },
  indices: [{ name: 'parental_authority_child_idx', columns: ['childBsn'] }],
  checks: [{ name: 'parental_authority_not_self_chk', expression: `"parent_bsn" <> "child_bsn"` }],
  relations: {
    // Declared for the foreign keys only.
    parent: { type: 'many-to-one', target: 'Person', joinColumn: { name: 'parent_bsn' }, onDelete: 'CASCADE' },
    child: { type: 'many-to-one', target: 'Person', joinColumn: { name: 'child_bsn' }, onDelete: 'CASCADE' },
  },
});

export const HouseholdEntity = new EntitySchema<HouseholdRow>({
  name: 'Household',
  tableName: 'household',
  indices: [{ name: 'household_address_idx', columns: ['postalCode', 'houseNumber'] }],
  columns: {
    id: { type: 'uuid', primary: true },
    street: { type: 'varchar', length: 120 },
    houseNumber: { name: 'house_number', type: 'varchar', length: 16 },
    postalCode: { name: 'postal_code', type: 'varchar', length: 7 },
    city: { type: 'varchar', length: 80 },
  },
});

export const PersonEntity = new EntitySchema<PersonRow>({
  name: 'Person',
  tableName: 'person',
  columns: {
    bsn: { type: 'char', length: 9, primary: true },
    householdId: { name: 'household_id', type: 'uuid' },
    givenName: { name: 'given_name', type: 'varchar', length: 80 },
    familyName: { name: 'family_name', type: 'varchar', length: 120 },
    birthDate: { name: 'birth_date', type: 'date' },
  },
  indices: [{ name: 'person_household_idx', columns: ['householdId'] }],
  relations: {
    // Declared for the foreign key only; queries go through the repository.
    household: { type: 'many-to-one', target: 'Household', joinColumn: { name: 'household_id' }, onDelete: 'CASCADE' },
  },
});
