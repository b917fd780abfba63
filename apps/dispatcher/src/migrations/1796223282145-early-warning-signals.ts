import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EarlyWarningSignals1796223282145 implements MigrationInterface {
  name = 'EarlyWarningSignals1796223282145';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "dispatcher"."early_warning_signal" ("ref" uuid NOT NULL, "municipality_oin" character(20) NOT NULL, "source_oin" character(20) NOT NULL, "agency_key" character varying(63) NOT NULL, "subject" character varying(100) NOT NULL, "status" character varying(40) NOT NULL, "resultaat" character varying(40), "note" character varying(2000), "history" jsonb NOT NULL DEFAULT \'[]\', "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_00b5571768bbeee94ac232a1b63" PRIMARY KEY ("ref"))',
    );
    await q.query(
      'CREATE INDEX "IDX_early_warning_signal_municipality_subject" ON "dispatcher"."early_warning_signal"  ("municipality_oin", "subject") ',
    );
    await q.query('CREATE INDEX "IDX_early_warning_signal_source" ON "dispatcher"."early_warning_signal"  ("source_oin") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "dispatcher"."IDX_early_warning_signal_source"');
    await q.query('DROP INDEX "dispatcher"."IDX_early_warning_signal_municipality_subject"');
    await q.query('DROP TABLE "dispatcher"."early_warning_signal"');
  }
}
