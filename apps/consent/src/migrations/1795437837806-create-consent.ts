import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConsent1795437837806 implements MigrationInterface {
  name = 'CreateConsent1795437837806';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "consent"."consent" ("id" uuid NOT NULL, "subject_bsn" character(9) NOT NULL, "grantee_org" character(20) NOT NULL, "purpose" character varying(40) NOT NULL, "categories" text array NOT NULL, "sources" text array NOT NULL, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_until" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9115e8d6b082d4fc46d56134d29" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "IDX_consent_subject" ON "consent"."consent"  ("subject_bsn") ');
    await q.query('CREATE INDEX "IDX_consent_grantee" ON "consent"."consent"  ("grantee_org", "purpose") ');
    await q.query(
      'CREATE TABLE "consent"."consent_history" ("id" BIGSERIAL NOT NULL, "consent_id" uuid NOT NULL, "action" character varying(20) NOT NULL, "actor" character varying(200) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bf7b512c22438b4428e6799ec91" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "IDX_consent_history_consent" ON "consent"."consent_history"  ("consent_id") ');
    await q.query(
      'CREATE TABLE "consent"."statutory_basis" ("id" uuid NOT NULL, "grantee_org" character(20) NOT NULL, "purpose" character varying(40) NOT NULL, "law" character varying(200) NOT NULL, "article" character varying(100) NOT NULL, "categories" text array NOT NULL, "sources" text array NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a037811d5126a07df2b37f5741e" PRIMARY KEY ("id"))',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "consent"."statutory_basis"');
    await q.query('DROP INDEX "consent"."IDX_consent_history_consent"');
    await q.query('DROP TABLE "consent"."consent_history"');
    await q.query('DROP INDEX "consent"."IDX_consent_grantee"');
    await q.query('DROP INDEX "consent"."IDX_consent_subject"');
    await q.query('DROP TABLE "consent"."consent"');
  }
}
