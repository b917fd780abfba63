import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@plein/persistence';

/**
 * The receiver's roles are kept as long as the accountable record keeps them (200 characters,
 * `ENTRY_TEXT_LIMITS`). At 40, a caller with three roles could not be logged: the statement failed,
 * and with it every access written in the same batch.
 */
export class ReceiverRoleAsTheRecordKeeps1796400000000 implements MigrationInterface {
  name = 'ReceiverRoleAsTheRecordKeeps1796400000000';

  async up(q: QueryRunner): Promise<void> {
    // Longer varchar: PostgreSQL changes the catalogue only, no row is rewritten (the log is append-only).
    await q.query(`ALTER TABLE ${migrationSchema(q)}."processing_log" ALTER COLUMN "receiver_role" TYPE character varying(200)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM ${s}."processing_log" WHERE length("receiver_role") > 40`)) as [
      { n: number },
    ];
    if (n > 0) throw new Error(`${n} logged entries name more roles than 40 characters hold; the append-only log cannot shorten them`);
    await q.query(`ALTER TABLE ${s}."processing_log" ALTER COLUMN "receiver_role" TYPE character varying(40)`);
  }
}
