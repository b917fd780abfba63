import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@plein/persistence';

/** Shared by every demo agency, each in the schema it owns (the data source's schema). */
export class CreateIncomeLedger1763890000000 implements MigrationInterface {
  name = 'CreateIncomeLedger1763890000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE ${s}."income_award" ("id" uuid NOT NULL, "bsn" character(9) NOT NULL, "scheme" character varying(64) NOT NULL, "amount_cents" integer NOT NULL, "period" character varying(16) NOT NULL, "start_date" date NOT NULL, "end_date" date, CONSTRAINT "income_award_period_chk" CHECK ("period" IN ('MONTH','FOUR_WEEKS','QUARTER','YEAR','ONE_OFF')), CONSTRAINT "PK_f8d1c63a7020091d54045ebb222" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "income_award_bsn_idx" ON ${s}."income_award" ("bsn")`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX ${s}."income_award_bsn_idx"`);
    await q.query(`DROP TABLE ${s}."income_award"`);
  }
}
