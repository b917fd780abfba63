import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConsentRequestsAndExpiry1795439290664 implements MigrationInterface {
  name = 'ConsentRequestsAndExpiry1795439290664';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "consent"."consent_request" ("id" uuid NOT NULL, "subject_bsn" character(9) NOT NULL, "requester_org" character(20) NOT NULL, "requested_by" character varying(200) NOT NULL, "purpose" character varying(40) NOT NULL, "categories" text array NOT NULL, "sources" text array NOT NULL, "valid_until" TIMESTAMP WITH TIME ZONE NOT NULL, "message" character varying(500), "status" character varying(10) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "consent_request_status_chk" CHECK ("status" IN (\'PENDING\', \'APPROVED\', \'DECLINED\')), CONSTRAINT "PK_96e8c0c30fcb02ac2cb7e2ba094" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "IDX_consent_request_subject" ON "consent"."consent_request"  ("subject_bsn", "status") ');
    await q.query('CREATE INDEX "IDX_consent_request_requester" ON "consent"."consent_request"  ("requester_org") ');
    await q.query('ALTER TABLE "consent"."consent" ADD "expired_at" TIMESTAMP WITH TIME ZONE');
    await q.query('ALTER TABLE "consent"."consent" ADD "request_id" uuid');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "consent"."consent" DROP COLUMN "request_id"');
    await q.query('ALTER TABLE "consent"."consent" DROP COLUMN "expired_at"');
    await q.query('DROP INDEX "consent"."IDX_consent_request_requester"');
    await q.query('DROP INDEX "consent"."IDX_consent_request_subject"');
    await q.query('DROP TABLE "consent"."consent_request"');
  }
}
