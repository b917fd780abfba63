import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@plein/persistence';

/**
 * Shared by every source, each in the schema it owns. Append-only: a trigger refuses updates
 * and deletes (the hash chain catches whoever gets around it).
 */
export class CreateProcessingLog1795440000000 implements MigrationInterface {
  name = 'CreateProcessingLog1795440000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE ${s}."processing_log" ("seq" bigint NOT NULL, "trace_id" character(32) NOT NULL, "operation_id" character(16) NOT NULL, "parent_operation_id" character(16), "name" character varying(200) NOT NULL, "status_code" smallint NOT NULL, "start_time" TIMESTAMP WITH TIME ZONE NOT NULL, "end_time" TIMESTAMP WITH TIME ZONE NOT NULL, "processing_activity_id" character varying(500) NOT NULL, "data_subject_id" character varying(200) NOT NULL, "purpose" character varying(60) NOT NULL, "legal_basis" character varying(300) NOT NULL, "receiver_org" character(20), "receiver_role" character varying(40) NOT NULL, "category" character varying(40) NOT NULL, "source" character varying(63) NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_processing_log" PRIMARY KEY ("seq"))`,
    );
    await q.query(`CREATE INDEX "IDX_processing_log_subject" ON ${s}."processing_log" ("data_subject_id", "seq") `);
    await q.query(
      `CREATE TABLE ${s}."processing_log_head" ("id" smallint NOT NULL, "last_seq" bigint NOT NULL, "last_hash" character(64) NOT NULL, CONSTRAINT "processing_log_head_single_chk" CHECK ("id" = 1), CONSTRAINT "PK_processing_log_head" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE FUNCTION ${s}."processing_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the processing log is append-only'; END $$`,
    );
    await q.query(
      `CREATE TRIGGER "processing_log_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON ${s}."processing_log" FOR EACH STATEMENT EXECUTE FUNCTION ${s}."processing_log_append_only"()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TRIGGER "processing_log_append_only" ON ${s}."processing_log"`);
    await q.query(`DROP FUNCTION ${s}."processing_log_append_only"()`);
    await q.query(`DROP TABLE ${s}."processing_log_head"`);
    await q.query(`DROP INDEX ${s}."IDX_processing_log_subject"`);
    await q.query(`DROP TABLE ${s}."processing_log"`);
  }
}
