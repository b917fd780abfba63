import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryLedger1796186749240 implements MigrationInterface {
  name = 'DeliveryLedger1796186749240';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "dispatcher"."delivery" ("subscription_id" uuid NOT NULL, "event_id" character varying(200) NOT NULL, "claimed_until" TIMESTAMP WITH TIME ZONE NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b577e23d311a26635ee6b2c9b91" PRIMARY KEY ("subscription_id", "event_id"))',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "dispatcher"."delivery"');
  }
}
