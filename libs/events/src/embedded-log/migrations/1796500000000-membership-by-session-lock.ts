import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member is live while its session holds its membership lock (a session advisory lock, which
 * PostgreSQL drops with the connection), not while it keeps writing a heartbeat: an idle group
 * writes nothing (ADR 0018). Rows of the old kind name no lock, and are liveness only: dropped.
 */
export class MembershipBySessionLock1796500000000 implements MigrationInterface {
  name = 'MembershipBySessionLock1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "eventlog"."group_member"`);
    await q.query(`ALTER TABLE "eventlog"."group_member" DROP COLUMN "heartbeat_at"`);
    await q.query(`ALTER TABLE "eventlog"."group_member" ADD "lock_key" bigint NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "eventlog"."group_member"`);
    await q.query(`ALTER TABLE "eventlog"."group_member" DROP COLUMN "lock_key"`);
    await q.query(`ALTER TABLE "eventlog"."group_member" ADD "heartbeat_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
  }
}
