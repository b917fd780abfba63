import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConsentSubjectPseudonym1796211093437 implements MigrationInterface {
  name = 'ConsentSubjectPseudonym1796211093437';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "consent"."consent" ADD "subject_pseudonym" character varying(100)');
    await q.query('CREATE INDEX "IDX_consent_subject_pseudonym" ON "consent"."consent"  ("subject_pseudonym", "grantee_org") ');
    await q.query('CREATE INDEX "IDX_consent_without_pseudonym" ON "consent"."consent"  ("subject_bsn") WHERE "subject_pseudonym" IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "consent"."IDX_consent_without_pseudonym"');
    await q.query('DROP INDEX "consent"."IDX_consent_subject_pseudonym"');
    await q.query('ALTER TABLE "consent"."consent" DROP COLUMN "subject_pseudonym"');
  }
}
