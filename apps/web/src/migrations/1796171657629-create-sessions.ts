import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSessions1796171657629 implements MigrationInterface {
  name = 'CreateSessions1796171657629';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "web"."session" ("sid" character varying NOT NULL, "sess" json NOT NULL, "expire" TIMESTAMP(6) NOT NULL, CONSTRAINT "PK_7575923e18b495ed2307ae629ae" PRIMARY KEY ("sid"))',
    );
    await q.query('CREATE INDEX "IDX_session_expire" ON "web"."session"  ("expire") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "web"."IDX_session_expire"');
    await q.query('DROP TABLE "web"."session"');
  }
}
