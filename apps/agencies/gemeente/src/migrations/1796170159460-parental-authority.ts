import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ParentalAuthority1796170159460 implements MigrationInterface {
  name = 'ParentalAuthority1796170159460';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "gemeente"."parental_authority" ("parent_bsn" character(9) NOT NULL, "child_bsn" character(9) NOT NULL, CONSTRAINT "parental_authority_not_self_chk" CHECK ("parent_bsn" <> "child_bsn"), CONSTRAINT "PK_ad536971beb057caebd6f07effe" PRIMARY KEY ("parent_bsn", "child_bsn"))',
    );
    await q.query('CREATE INDEX "parental_authority_child_idx" ON "gemeente"."parental_authority"  ("child_bsn") ');
    await q.query(
      'ALTER TABLE "gemeente"."parental_authority" ADD CONSTRAINT "FK_d96e9da3a0613d9bd35a78929dd" FOREIGN KEY ("parent_bsn") REFERENCES "gemeente"."person"("bsn") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await q.query(
      'ALTER TABLE "gemeente"."parental_authority" ADD CONSTRAINT "FK_9a82e6fdefb6491616d806764e6" FOREIGN KEY ("child_bsn") REFERENCES "gemeente"."person"("bsn") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "gemeente"."parental_authority" DROP CONSTRAINT "FK_9a82e6fdefb6491616d806764e6"');
    await q.query('ALTER TABLE "gemeente"."parental_authority" DROP CONSTRAINT "FK_d96e9da3a0613d9bd35a78929dd"');
    await q.query('DROP INDEX "gemeente"."parental_authority_child_idx"');
    await q.query('DROP TABLE "gemeente"."parental_authority"');
  }
}
