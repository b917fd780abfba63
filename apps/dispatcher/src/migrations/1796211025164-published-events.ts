import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PublishedEvents1796211025164 implements MigrationInterface {
  name = 'PublishedEvents1796211025164';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "dispatcher"."published_event" ("ref" uuid NOT NULL, "source_oin" character(20) NOT NULL, "event_id" character varying(200) NOT NULL, "type" character varying(200) NOT NULL, "agency_key" character varying(63) NOT NULL, "category" character varying(50) NOT NULL, "subject" character varying(100), "data" jsonb, "time" TIMESTAMP WITH TIME ZONE NOT NULL, "published_by" character varying(200) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_be5e4ee79a6d393cbda33dcf528" PRIMARY KEY ("ref"))',
    );
    await q.query('CREATE UNIQUE INDEX "IDX_published_event_source_id" ON "dispatcher"."published_event"  ("source_oin", "event_id") ');
    await q.query('CREATE INDEX "IDX_published_event_subject" ON "dispatcher"."published_event"  ("subject", "category") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "dispatcher"."IDX_published_event_subject"');
    await q.query('DROP INDEX "dispatcher"."IDX_published_event_source_id"');
    await q.query('DROP TABLE "dispatcher"."published_event"');
  }
}
