import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCatalogue1795440697489 implements MigrationInterface {
  name = 'CreateCatalogue1795440697489';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "catalogue"."life_situation" ("key" character varying(63) NOT NULL, "name" character varying(200) NOT NULL, "description" text NOT NULL, "milestones" text array NOT NULL, "keywords" text array NOT NULL, CONSTRAINT "PK_0e191001d2036153268b73d069f" PRIMARY KEY ("key"))',
    );
    await q.query(
      'CREATE TABLE "catalogue"."service" ("id" uuid NOT NULL, "agency_key" character varying(63) NOT NULL, "name" character varying(200) NOT NULL, "description" text NOT NULL, "life_situation" character varying(63) NOT NULL, "milestone" character varying(63) NOT NULL, "channels" text array NOT NULL, "formula" character varying(20) NOT NULL, "url" character varying(2048) NOT NULL, "keywords" text array NOT NULL, "status" character varying(10) NOT NULL, "published_by" character varying(200) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_85a21558c006647cd76fdce044b" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "IDX_service_situation" ON "catalogue"."service"  ("life_situation", "status") ');
    await q.query(
      'CREATE TABLE "catalogue"."synonym" ("phrase" character varying(200) NOT NULL, "expands_to" character varying(500) NOT NULL, CONSTRAINT "PK_7bb18374700f74ad9aac6bca6c6" PRIMARY KEY ("phrase"))',
    );
    await q.query(
      'CREATE TABLE "catalogue"."search_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "phrase" character varying(200) NOT NULL, "results" integer NOT NULL, CONSTRAINT "PK_226481200f57d88fae8e5a63a27" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "IDX_search_log_at" ON "catalogue"."search_log"  ("at") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "catalogue"."IDX_search_log_at"');
    await q.query('DROP TABLE "catalogue"."search_log"');
    await q.query('DROP TABLE "catalogue"."synonym"');
    await q.query('DROP INDEX "catalogue"."IDX_service_situation"');
    await q.query('DROP TABLE "catalogue"."service"');
    await q.query('DROP TABLE "catalogue"."life_situation"');
  }
}
