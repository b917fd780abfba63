import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeadLetters1763990000000 implements MigrationInterface {
  name = 'CreateDeadLetters1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "deadletter"."dead_letter" ("id" BIGSERIAL NOT NULL, "group_id" character varying(200) NOT NULL, "topic" character varying(200) NOT NULL, "partition" integer NOT NULL, "offset" bigint NOT NULL, "key" text, "headers" jsonb NOT NULL DEFAULT '{}', "value" text NOT NULL, "error" text NOT NULL, "attempts" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dead_letter" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_dead_letter_group" ON "deadletter"."dead_letter" ("group_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "deadletter"."dead_letter"`);
  }
}
