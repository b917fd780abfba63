import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@plein/persistence';

/**
 * A request refused before any resident was in question (a role that may not call the
 * operation, a purpose the caller may not state, a caller over its rate) is logged too, with
 * no data subject: misuse detection reads refusals from the same log as accesses.
 */
export class RefusalsWithoutSubject1796300000000 implements MigrationInterface {
  name = 'RefusalsWithoutSubject1796300000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}."processing_log" ALTER COLUMN "data_subject_id" DROP NOT NULL`);
    // Only a refusal may name no resident: every access to data is about someone.
    await q.query(
      `ALTER TABLE ${s}."processing_log" ADD CONSTRAINT "processing_log_subject_chk" CHECK ("data_subject_id" IS NOT NULL OR "status_code" = 2)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    // The log is append-only: once a refusal without a resident is in the chain, it stays.
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM ${s}."processing_log" WHERE "data_subject_id" IS NULL`)) as [
      { n: number },
    ];
    if (n > 0) throw new Error(`${n} logged refusal(s) name no resident; the append-only log cannot go back to requiring one`);
    await q.query(`ALTER TABLE ${s}."processing_log" DROP CONSTRAINT "processing_log_subject_chk"`);
    await q.query(`ALTER TABLE ${s}."processing_log" ALTER COLUMN "data_subject_id" SET NOT NULL`);
  }
}
