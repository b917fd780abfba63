import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@plein/persistence';

/** Shared by every publishing app, each in the schema it owns (the data source's schema). */
export class CreateOutbox1763890400000 implements MigrationInterface {
  name = 'CreateOutbox1763890400000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE ${s}."outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" character varying(200) NOT NULL, "key" text, "event" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_outbox_event_id" UNIQUE ("event_id"), CONSTRAINT "PK_outbox" PRIMARY KEY ("seq"))`,
    );
    await q.query(`CREATE INDEX "outbox_unpublished_idx" ON ${s}."outbox" ("seq") WHERE "published_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX ${s}."outbox_unpublished_idx"`);
    await q.query(`DROP TABLE ${s}."outbox"`);
  }
}
