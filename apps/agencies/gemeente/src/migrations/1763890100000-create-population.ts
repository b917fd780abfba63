import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePopulation1763890100000 implements MigrationInterface {
  name = 'CreatePopulation1763890100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "gemeente"."household" ("id" uuid NOT NULL, "street" character varying(120) NOT NULL, "house_number" character varying(16) NOT NULL, "postal_code" character varying(7) NOT NULL, "city" character varying(80) NOT NULL, CONSTRAINT "PK_26e9111eab2b8908fefe3c645f5" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "gemeente"."person" ("bsn" character(9) NOT NULL, "household_id" uuid NOT NULL, "given_name" character varying(80) NOT NULL, "family_name" character varying(120) NOT NULL, "birth_date" date NOT NULL, CONSTRAINT "PK_cfa9288faf2ea7eefe11fb3b104" PRIMARY KEY ("bsn"))`,
    );
    await q.query(`CREATE INDEX "person_household_idx" ON "gemeente"."person" ("household_id")`);
    await q.query(
      `ALTER TABLE "gemeente"."person" ADD CONSTRAINT "FK_16dad48a2655f1b407d5f35a60b" FOREIGN KEY ("household_id") REFERENCES "gemeente"."household"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gemeente"."person" DROP CONSTRAINT "FK_16dad48a2655f1b407d5f35a60b"`);
    await q.query(`DROP INDEX "gemeente"."person_household_idx"`);
    await q.query(`DROP TABLE "gemeente"."person"`);
    await q.query(`DROP TABLE "gemeente"."household"`);
  }
}
