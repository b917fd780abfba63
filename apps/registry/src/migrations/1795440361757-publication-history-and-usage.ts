import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PublicationHistoryAndUsage1795440361757 implements MigrationInterface {
  name = 'PublicationHistoryAndUsage1795440361757';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "registry"."subgraph_revision" ("name" character varying(63) NOT NULL, "revision" integer NOT NULL, "agency_key" character varying(63) NOT NULL, "routing_url" character varying(2048) NOT NULL, "sdl" text NOT NULL, "published_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dc62f78edc0f124bf13a08bed2d" PRIMARY KEY ("name", "revision"))',
    );
    await q.query(
      'CREATE TABLE "registry"."field_usage" ("coordinate" character varying(300) NOT NULL, "day" date NOT NULL, "count" bigint NOT NULL, CONSTRAINT "PK_60ac01ab5f30d3b2f785aba58e6" PRIMARY KEY ("coordinate", "day"))',
    );
    await q.query('ALTER TABLE "registry"."supergraph_version" ADD "published_by" character varying(200)');
    await q.query('ALTER TABLE "registry"."supergraph_version" ADD "changes" jsonb NOT NULL DEFAULT \'[]\'');
    // Subgraphs published before revisions were kept: their current revision is the first one kept.
    await q.query(
      `INSERT INTO "registry"."subgraph_revision" ("name", "revision", "agency_key", "routing_url", "sdl", "published_by", "created_at")
       SELECT "name", "revision", "agency_key", "routing_url", "sdl", 'before revision history', "updated_at" FROM "registry"."subgraph"`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "registry"."supergraph_version" DROP COLUMN "changes"');
    await q.query('ALTER TABLE "registry"."supergraph_version" DROP COLUMN "published_by"');
    await q.query('DROP TABLE "registry"."field_usage"');
    await q.query('DROP TABLE "registry"."subgraph_revision"');
  }
}
