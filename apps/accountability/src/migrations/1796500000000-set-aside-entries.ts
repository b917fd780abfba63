import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Entries the record cannot keep are set aside by their place in the chain, not refused with their hand-over (ADR 0017). */
export class SetAsideEntries1796500000000 implements MigrationInterface {
  name = 'SetAsideEntries1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "accountability"."set_aside_entry" ("source_org" character(20) NOT NULL, "source" character varying(63) NOT NULL, "seq" bigint NOT NULL, "hash" character(64) NOT NULL, "problem" character varying(1000) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_set_aside_entry" PRIMARY KEY ("source_org", "source", "seq"))',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // What the record accounted for is never dropped to go back.
    const [{ n }] = (await q.query('SELECT count(*)::int AS n FROM "accountability"."set_aside_entry"')) as [{ n: number }];
    if (n > 0) throw new Error(`${n} set-aside entr(y/ies) are accounted for; the record cannot go back to refusing their hand-overs`);
    await q.query('DROP TABLE "accountability"."set_aside_entry"');
  }
}
