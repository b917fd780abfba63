import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDispatcher1795436661412 implements MigrationInterface {
  name = 'CreateDispatcher1795436661412';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "dispatcher"."subscription" ("id" uuid NOT NULL, "org" character(20) NOT NULL, "created_by" character varying(200) NOT NULL, "delivery" character varying(10) NOT NULL, "types" text array NOT NULL, "sources" text array NOT NULL, "url" character varying(2048), "secret" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "subscription_delivery_chk" CHECK (("delivery" = \'WEBHOOK\' AND "url" IS NOT NULL AND "secret" IS NOT NULL) OR ("delivery" = \'KAFKA\' AND "url" IS NULL AND "secret" IS NULL)), CONSTRAINT "PK_8c3e00ebd02103caa1174cd5d9d" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "IDX_subscription_org" ON "dispatcher"."subscription"  ("org") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "dispatcher"."IDX_subscription_org"');
    await q.query('DROP TABLE "dispatcher"."subscription"');
  }
}
