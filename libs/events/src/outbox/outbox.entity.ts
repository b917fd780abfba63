import { EntitySchema } from 'typeorm';

export interface OutboxRow {
  seq: string;
  eventId: string;
  topic: string;
  key: string | null;
  event: unknown;
  createdAt: Date;
  publishedAt: Date | null;
}

/** A publishing app's outbox, in the app's own schema. */
export const OutboxEntity = new EntitySchema<OutboxRow>({
  name: 'OutboxEvent',
  tableName: 'outbox',
  columns: {
    seq: { type: 'bigint', primary: true, generated: 'increment', primaryKeyConstraintName: 'PK_outbox' },
    eventId: { name: 'event_id', type: 'uuid', unique: true },
    topic: { type: 'varchar', length: 200 },
    key: { type: 'text', nullable: true },
    event: { type: 'jsonb' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    publishedAt: { name: 'published_at', type: 'timestamptz', nullable: true },
  },
  indices: [{ name: 'outbox_unpublished_idx', columns: ['seq'], where: '"published_at" IS NULL' }],
});
