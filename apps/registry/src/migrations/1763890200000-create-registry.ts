import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRegistry1763890200000 implements MigrationInterface {
  name = 'CreateRegistry1763890200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "registry"."agency" ("key" character varying(63) NOT NULL, "name" character varying(200) NOT NULL, "oin" character(20) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_65102ca686a5b3c7f4a3e358b17" UNIQUE ("oin"), CONSTRAINT "PK_48b502092ed4861b3607a1a46bc" PRIMARY KEY ("key"))`,
    );
    await q.query(
      `CREATE TABLE "registry"."subgraph" ("name" character varying(63) NOT NULL, "agency_key" character varying(63) NOT NULL, "routing_url" character varying(2048) NOT NULL, "sdl" text NOT NULL, "capabilities" text array NOT NULL DEFAULT '{}', "revision" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8e0b788350f8c11c0a49ae0c7d5" PRIMARY KEY ("name"))`,
    );
    await q.query(
      `CREATE TABLE "registry"."supergraph_version" ("id" SERIAL NOT NULL, "sdl" text NOT NULL, "composed_from" jsonb NOT NULL, "reason" character varying(500) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_76542b16d80af1524238ffed5cc" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `ALTER TABLE "registry"."subgraph" ADD CONSTRAINT "FK_452ea581332b471b1a2ba723d4e" FOREIGN KEY ("agency_key") REFERENCES "registry"."agency"("key") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "registry"."subgraph" DROP CONSTRAINT "FK_452ea581332b471b1a2ba723d4e"`);
    await q.query(`DROP TABLE "registry"."supergraph_version"`);
    await q.query(`DROP TABLE "registry"."subgraph"`);
    await q.query(`DROP TABLE "registry"."agency"`);
  }
}
