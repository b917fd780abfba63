import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Refusals of a request before any resident was in question (role, purpose, rate) name no resident. */
export class RefusalsWithoutSubject1796300000001 implements MigrationInterface {
  name = 'RefusalsWithoutSubject1796300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "accountability"."access_record" ALTER COLUMN "subject" DROP NOT NULL');
    await q.query(
      'ALTER TABLE "accountability"."access_record" ADD CONSTRAINT "access_record_subject_chk" CHECK ("subject" IS NOT NULL OR "refused")',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // What the record accepted is never dropped to go back.
    const [{ n }] = (await q.query('SELECT count(*)::int AS n FROM "accountability"."access_record" WHERE "subject" IS NULL')) as [
      { n: number },
    ];
    if (n > 0) throw new Error(`${n} recorded refusal(s) name no resident; the record cannot go back to requiring one`);
    await q.query('ALTER TABLE "accountability"."access_record" DROP CONSTRAINT "access_record_subject_chk"');
    await q.query('ALTER TABLE "accountability"."access_record" ALTER COLUMN "subject" SET NOT NULL');
  }
}
