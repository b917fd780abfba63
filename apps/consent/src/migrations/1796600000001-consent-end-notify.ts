import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A consent written with an end (given through any instance, or inserted by another path, such as
 * a migration or an operator) tells every consent instance when it ends, in milliseconds since
 * the epoch: their expiry announcers look then, without asking every few seconds.
 */
export class ConsentEndNotify1796600000001 implements MigrationInterface {
  name = 'ConsentEndNotify1796600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION "consent"."notify_consent_end"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.revoked_at IS NULL AND NEW.expired_at IS NULL THEN
           PERFORM pg_notify('consent_ends', floor(extract(epoch FROM NEW.valid_until) * 1000)::bigint::text);
         END IF;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER "consent_end_set" AFTER INSERT OR UPDATE OF "valid_until", "revoked_at", "expired_at" ON "consent"."consent"
       FOR EACH ROW EXECUTE FUNCTION "consent"."notify_consent_end"()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER "consent_end_set" ON "consent"."consent"');
    await q.query('DROP FUNCTION "consent"."notify_consent_end"()');
  }
}
