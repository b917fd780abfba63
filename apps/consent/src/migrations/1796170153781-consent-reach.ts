import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConsentReach1796170153781 implements MigrationInterface {
  name = 'ConsentReach1796170153781';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "consent"."consent" ADD "coverage" text array NOT NULL DEFAULT \'{}\'');
    await q.query('ALTER TABLE "consent"."consent" ADD "source_names" jsonb NOT NULL DEFAULT \'{}\'');
    await q.query('ALTER TABLE "consent"."consent" ADD "also_future_sources" boolean NOT NULL DEFAULT false');
    await q.query('ALTER TABLE "consent"."consent" ADD "grantee_name" character varying(200) NOT NULL DEFAULT \'\'');
    await q.query('ALTER TABLE "consent"."consent" ADD "representative_bsn" character(9)');
    await q.query('ALTER TABLE "consent"."consent" ADD "lapses_at_majority" boolean NOT NULL DEFAULT false');
    await q.query('ALTER TABLE "consent"."consent_request" ADD "requester_name" character varying(200) NOT NULL DEFAULT \'\'');
    await q.query('ALTER TABLE "consent"."consent_request" ADD "coverage" text array NOT NULL DEFAULT \'{}\'');
    await q.query('ALTER TABLE "consent"."consent_request" ADD "source_names" jsonb NOT NULL DEFAULT \'{}\'');
    // Consents given before their reach was fixed: named agencies keep exactly those (each for
    // every category it was given for); "every agency" ones meant agencies that join later as
    // well, and now say so, where the resident sees it and can revoke it. Pending requests are
    // resolved when first shown (ConsentRequestsService.resolved).
    await q.query(
      `UPDATE "consent"."consent" SET "coverage" = ARRAY(SELECT s || ':' || c FROM unnest("sources") s, unnest("categories") c ORDER BY 1) WHERE cardinality("sources") > 0`,
    );
    await q.query(`UPDATE "consent"."consent" SET "also_future_sources" = true WHERE cardinality("sources") = 0`);
    await q.query(
      'ALTER TABLE "consent"."consent" ADD CONSTRAINT "consent_reach_chk" CHECK ("also_future_sources" OR cardinality("coverage") > 0)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "consent"."consent" DROP CONSTRAINT "consent_reach_chk"');
    await q.query('ALTER TABLE "consent"."consent_request" DROP COLUMN "source_names"');
    await q.query('ALTER TABLE "consent"."consent_request" DROP COLUMN "coverage"');
    await q.query('ALTER TABLE "consent"."consent_request" DROP COLUMN "requester_name"');
    await q.query('ALTER TABLE "consent"."consent" DROP COLUMN "lapses_at_majority"');
    await q.query('ALTER TABLE "consent"."consent" DROP COLUMN "representative_bsn"');
    await q.query('ALTER TABLE "consent"."consent" DROP COLUMN "grantee_name"');
    await q.query('ALTER TABLE "consent"."consent" DROP COLUMN "also_future_sources"');
    await q.query('ALTER TABLE "consent"."consent" DROP COLUMN "source_names"');
    await q.query('ALTER TABLE "consent"."consent" DROP COLUMN "coverage"');
  }
}
