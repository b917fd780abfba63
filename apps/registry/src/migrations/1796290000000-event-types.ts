import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventTypes1796290000000 implements MigrationInterface {
  name = 'EventTypes1796290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "registry"."event_type" ("type" character varying(200) NOT NULL, "agency_key" character varying(63) NOT NULL, "summary" character varying(1000) NOT NULL, "category" character varying(50) NOT NULL, "about_resident" boolean NOT NULL, "schema" jsonb NOT NULL, "topic" character varying(200) NOT NULL, "revision" integer NOT NULL, "registered_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_event_type" PRIMARY KEY ("type"), CONSTRAINT "FK_c849802b7dcd7de97650f4b2b8f" FOREIGN KEY ("agency_key") REFERENCES "registry"."agency"("key") ON DELETE RESTRICT ON UPDATE NO ACTION)',
    );
    await q.query('CREATE INDEX "IDX_event_type_agency" ON "registry"."event_type" ("agency_key")');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "registry"."event_type"');
  }
}
