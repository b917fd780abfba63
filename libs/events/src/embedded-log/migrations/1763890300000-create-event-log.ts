import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEventLog1763890300000 implements MigrationInterface {
  name = 'CreateEventLog1763890300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "eventlog"."topic" ("name" character varying(200) NOT NULL, "partitions" integer NOT NULL, CONSTRAINT "topic_partitions_chk" CHECK ("partitions" BETWEEN 1 AND 256), CONSTRAINT "PK_topic" PRIMARY KEY ("name"))`,
    );
    await q.query(
      `CREATE TABLE "eventlog"."partition_head" ("topic" character varying(200) NOT NULL, "partition" integer NOT NULL, "next_offset" bigint NOT NULL DEFAULT 0, CONSTRAINT "PK_partition_head" PRIMARY KEY ("topic", "partition"))`,
    );
    await q.query(
      `CREATE TABLE "eventlog"."record" ("topic" character varying(200) NOT NULL, "partition" integer NOT NULL, "offset" bigint NOT NULL, "key" text, "headers" jsonb NOT NULL DEFAULT '{}', "value" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_record" PRIMARY KEY ("topic", "partition", "offset"))`,
    );
    await q.query(
      `CREATE TABLE "eventlog"."consumer_offset" ("group_id" character varying(200) NOT NULL, "topic" character varying(200) NOT NULL, "partition" integer NOT NULL, "next_offset" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_consumer_offset" PRIMARY KEY ("group_id", "topic", "partition"))`,
    );
    await q.query(
      `CREATE TABLE "eventlog"."group_member" ("group_id" character varying(200) NOT NULL, "member_id" character varying(100) NOT NULL, "heartbeat_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_group_member" PRIMARY KEY ("group_id", "member_id"))`,
    );
    await q.query(
      `CREATE TABLE "eventlog"."dead_letter" ("id" BIGSERIAL NOT NULL, "group_id" character varying(200) NOT NULL, "topic" character varying(200) NOT NULL, "partition" integer NOT NULL, "offset" bigint NOT NULL, "error" text NOT NULL, "attempts" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dead_letter" PRIMARY KEY ("id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['dead_letter', 'group_member', 'consumer_offset', 'record', 'partition_head', 'topic'])
      await q.query(`DROP TABLE "eventlog"."${t}"`);
  }
}
