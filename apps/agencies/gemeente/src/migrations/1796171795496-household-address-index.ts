import type { MigrationInterface, QueryRunner } from 'typeorm';

export class HouseholdAddressIndex1796171795496 implements MigrationInterface {
  name = 'HouseholdAddressIndex1796171795496';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX "household_address_idx" ON "gemeente"."household"  ("postal_code", "house_number") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "gemeente"."household_address_idx"');
  }
}
