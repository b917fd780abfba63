import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@plein/persistence';

/**
 * Who acted (the token's subject: in Keycloak an opaque id, never a name), so an access can be
 * held to account; and how far the log has been handed to the plein's accountable record.
 */
export class LogActorAndShipping1796236914653 implements MigrationInterface {
  name = 'LogActorAndShipping1796236914653';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}."processing_log" ADD "actor" character varying(200)`);
    await q.query(
      `CREATE TABLE ${s}."processing_log_shipped" ("id" smallint NOT NULL, "last_seq" bigint NOT NULL, CONSTRAINT "processing_log_shipped_single_chk" CHECK ("id" = 1), CONSTRAINT "PK_processing_log_shipped" PRIMARY KEY ("id"))`,
    );
    await q.query(`INSERT INTO ${s}."processing_log_shipped" ("id", "last_seq") VALUES (1, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE ${s}."processing_log_shipped"`);
    await q.query(`ALTER TABLE ${s}."processing_log" DROP COLUMN "actor"`);
  }
}
