import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The expiry announcer asks every second which live consents ran out: an index probe, not a scan. */
export class LiveConsentExpiryIndex1796400000000 implements MigrationInterface {
  name = 'LiveConsentExpiryIndex1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX "IDX_consent_live_until" ON "consent"."consent"  ("valid_until") WHERE "revoked_at" IS NULL AND "expired_at" IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "consent"."IDX_consent_live_until"');
  }
}
