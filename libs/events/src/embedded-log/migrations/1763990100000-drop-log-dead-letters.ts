import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Dead letters moved to their own store (schema deadletter), shared by both transports. */
export class DropLogDeadLetters1763990100000 implements MigrationInterface {
  name = 'DropLogDeadLetters1763990100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "eventlog"."dead_letter"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "eventlog"."dead_letter" ("id" BIGSERIAL NOT NULL, "group_id" character varying(200) NOT NULL, "topic" character varying(200) NOT NULL, "partition" integer NOT NULL, "offset" bigint NOT NULL, "error" text NOT NULL, "attempts" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dead_letter" PRIMARY KEY ("id"))`,
    );
  }
}
