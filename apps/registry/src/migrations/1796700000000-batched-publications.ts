import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A supergraph version composed from publications that arrived together names each of them in
 * its reason, and each publisher: more than the 500 and 200 characters one publication needed.
 */
export class BatchedPublications1796700000000 implements MigrationInterface {
  name = 'BatchedPublications1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "registry"."supergraph_version" ALTER COLUMN "reason" TYPE text');
    await q.query('ALTER TABLE "registry"."supergraph_version" ALTER COLUMN "published_by" TYPE text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE "registry"."supergraph_version" ALTER COLUMN "published_by" TYPE character varying(200) USING left("published_by", 200)',
    );
    await q.query(
      'ALTER TABLE "registry"."supergraph_version" ALTER COLUMN "reason" TYPE character varying(500) USING left("reason", 500)',
    );
  }
}
