import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to a subscription (made through any instance, by the retry queue's pause, or by hand)
 * notifies the dispatcher instances at once, so none has to ask every few seconds.
 */
export class SubscriptionChangesNotify1796600000000 implements MigrationInterface {
  name = 'SubscriptionChangesNotify1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION "dispatcher"."notify_subscription_change"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN PERFORM pg_notify('dispatcher_subscriptions', ''); RETURN NULL; END $$`,
    );
    await q.query(
      `CREATE TRIGGER "subscription_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "dispatcher"."subscription"
       FOR EACH STATEMENT EXECUTE FUNCTION "dispatcher"."notify_subscription_change"()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER "subscription_changed" ON "dispatcher"."subscription"');
    await q.query('DROP FUNCTION "dispatcher"."notify_subscription_change"()');
  }
}
