import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group membership is liveness, renewed by every member every heartbeat: nothing to recover after
 * a crash (members write their rows again within one heartbeat). Unlogged, a heartbeat writes no
 * WAL and waits for no flush — an idle plein's largest remaining cost in PostgreSQL (ADR 0018).
 */
export class MembershipUnlogged1796300000002 implements MigrationInterface {
  name = 'MembershipUnlogged1796300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "eventlog"."group_member" SET UNLOGGED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "eventlog"."group_member" SET LOGGED`);
  }
}
