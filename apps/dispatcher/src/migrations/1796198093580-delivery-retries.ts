import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryRetries1796198093580 implements MigrationInterface {
  name = 'DeliveryRetries1796198093580';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "dispatcher"."delivery_retry" ("id" BIGSERIAL NOT NULL, "subscription_id" uuid NOT NULL, "ordering_key" character varying(200) NOT NULL, "event_id" character varying(200), "topic" character varying(200) NOT NULL, "partition" integer NOT NULL, "offset" bigint NOT NULL, "headers" jsonb NOT NULL, "value" text NOT NULL, "attempts" integer NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "claimed_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "dead_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9b31acb6b8061a16274a66baba8" PRIMARY KEY ("id"))',
    );
    await q.query('CREATE INDEX "IDX_delivery_retry_order" ON "dispatcher"."delivery_retry"  ("subscription_id", "ordering_key", "id") ');
    await q.query('CREATE INDEX "IDX_delivery_retry_due" ON "dispatcher"."delivery_retry"  ("next_attempt_at") ');
    await q.query('ALTER TABLE "dispatcher"."subscription" ADD "paused_at" TIMESTAMP WITH TIME ZONE');
    await q.query('ALTER TABLE "dispatcher"."subscription" ADD "paused_reason" text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "dispatcher"."subscription" DROP COLUMN "paused_reason"');
    await q.query('ALTER TABLE "dispatcher"."subscription" DROP COLUMN "paused_at"');
    await q.query('DROP INDEX "dispatcher"."IDX_delivery_retry_due"');
    await q.query('DROP INDEX "dispatcher"."IDX_delivery_retry_order"');
    await q.query('DROP TABLE "dispatcher"."delivery_retry"');
  }
}
