import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccountability1796237321539 implements MigrationInterface {
  name = 'CreateAccountability1796237321539';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "accountability"."access_record" ("id" BIGSERIAL NOT NULL, "source_org" character(20) NOT NULL, "source" character varying(63) NOT NULL, "seq" bigint NOT NULL, "hash" character(64) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "name" character varying(200) NOT NULL, "refused" boolean NOT NULL, "basis" character varying(300) NOT NULL, "subject" character varying(200) NOT NULL, "purpose" character varying(60) NOT NULL, "receiver_org" character(20), "receiver_roles" character varying(200) NOT NULL, "actor" character varying(200), "trace_id" character(32) NOT NULL, "category" character varying(40) NOT NULL, "activity" character varying(500) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_access_record_entry" UNIQUE ("source_org", "source", "seq"), CONSTRAINT "PK_439c9f6c160af4c3b1a3196f1bb" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "IDX_access_record_receiver_at" ON "accountability"."access_record"  ("receiver_org", "at") ');
    await q.query('CREATE INDEX "IDX_access_record_receiver_subject" ON "accountability"."access_record"  ("receiver_org", "subject") ');
    await q.query('CREATE INDEX "IDX_access_record_subject" ON "accountability"."access_record"  ("subject") ');
    await q.query(
      'CREATE TABLE "accountability"."misuse_signal" ("id" uuid NOT NULL, "org" character(20) NOT NULL, "rule" character varying(40) NOT NULL, "key" character varying(500) NOT NULL, "reason" character varying(1000) NOT NULL, "actor" character varying(200), "subject" character varying(200), "status" character varying(30) NOT NULL DEFAULT \'open\', "first_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_at" TIMESTAMP WITH TIME ZONE NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_misuse_signal_key" UNIQUE ("org", "rule", "key"), CONSTRAINT "PK_3a2022e8aa9896ffeeb1585651b" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "IDX_misuse_signal_org_status" ON "accountability"."misuse_signal"  ("org", "status") ');
    await q.query('CREATE INDEX "IDX_misuse_signal_subject" ON "accountability"."misuse_signal"  ("subject") ');
    await q.query(
      'CREATE TABLE "accountability"."signal_evidence" ("signal_id" uuid NOT NULL, "record_id" bigint NOT NULL, CONSTRAINT "PK_44e797a8352c0c539e7a0d1f493" PRIMARY KEY ("signal_id", "record_id"))',
    );
    await q.query('CREATE INDEX "IDX_signal_evidence_record" ON "accountability"."signal_evidence"  ("record_id") ');
    await q.query(
      'CREATE TABLE "accountability"."signal_action" ("id" BIGSERIAL NOT NULL, "signal_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor" character varying(200) NOT NULL, "action" character varying(30) NOT NULL, "note" character varying(2000) NOT NULL, CONSTRAINT "PK_76400742f0c6e79edff685b6e5b" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "IDX_signal_action_signal" ON "accountability"."signal_action"  ("signal_id") ');
    await q.query(
      'CREATE TABLE "accountability"."org_thresholds" ("org" character(20) NOT NULL, "thresholds" jsonb NOT NULL, "updated_by" character varying(200) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1f963de8a2b175b02beaaa2ee09" PRIMARY KEY ("org"))',
    );
    await q.query(
      'CREATE TABLE "accountability"."protected_resident" ("org" character(20) NOT NULL, "subject" character varying(200) NOT NULL, "kind" character varying(30) NOT NULL, "added_by" character varying(200) NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_11ffb6f898b4185027ea247e3d8" PRIMARY KEY ("org", "subject"))',
    );
    await q.query(
      'CREATE TABLE "accountability"."explanation_request" ("id" uuid NOT NULL, "record_id" bigint NOT NULL, "subject" character varying(200) NOT NULL, "org" character(20) NOT NULL, "question" character varying(2000) NOT NULL, "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answer" character varying(4000), "answered_at" TIMESTAMP WITH TIME ZONE, "answered_by" character varying(200), CONSTRAINT "PK_44572ce2f19f783877baeb0d76e" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "IDX_explanation_request_org" ON "accountability"."explanation_request"  ("org", "answered_at") ');
    await q.query('CREATE INDEX "IDX_explanation_request_subject" ON "accountability"."explanation_request"  ("subject") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "accountability"."IDX_explanation_request_subject"');
    await q.query('DROP INDEX "accountability"."IDX_explanation_request_org"');
    await q.query('DROP TABLE "accountability"."explanation_request"');
    await q.query('DROP TABLE "accountability"."protected_resident"');
    await q.query('DROP TABLE "accountability"."org_thresholds"');
    await q.query('DROP INDEX "accountability"."IDX_signal_action_signal"');
    await q.query('DROP TABLE "accountability"."signal_action"');
    await q.query('DROP INDEX "accountability"."IDX_signal_evidence_record"');
    await q.query('DROP TABLE "accountability"."signal_evidence"');
    await q.query('DROP INDEX "accountability"."IDX_misuse_signal_subject"');
    await q.query('DROP INDEX "accountability"."IDX_misuse_signal_org_status"');
    await q.query('DROP TABLE "accountability"."misuse_signal"');
    await q.query('DROP INDEX "accountability"."IDX_access_record_subject"');
    await q.query('DROP INDEX "accountability"."IDX_access_record_receiver_subject"');
    await q.query('DROP INDEX "accountability"."IDX_access_record_receiver_at"');
    await q.query('DROP TABLE "accountability"."access_record"');
  }
}
