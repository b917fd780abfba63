import { EntitySchema } from 'typeorm';

/**
 * A delivery waiting for its next attempt, or given up on (a dead letter): the event's record
 * kept whole, so neither a retry a day later nor a dead letter depends on the log still holding
 * it. Rows of one subscription and one ordering key (the event's subject) go out in id order.
 */
export interface DeliveryRetryRow {
  id: string;
  subscriptionId: string;
  /** The record's key (the pseudonymous subject), '' for events about no one. */
  orderingKey: string;
  eventId: string | null;
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  value: string;
  /** Attempts made so far; 0 for an event waiting behind an earlier one of its subject. */
  attempts: number;
  nextAttemptAt: Date;
  claimedUntil: Date | null;
  lastError: string | null;
  /** Set when the schedule ran out: a dead letter, delivered again only when its owner asks. */
  deadAt: Date | null;
  createdAt: Date;
}

export const DeliveryRetryEntity = new EntitySchema<DeliveryRetryRow>({
  name: 'DeliveryRetry',
  tableName: 'delivery_retry',
  indices: [
    { name: 'IDX_delivery_retry_order', columns: ['subscriptionId', 'orderingKey', 'id'] },
    { name: 'IDX_delivery_retry_due', columns: ['nextAttemptAt'] },
  ],
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    subscriptionId: { name: 'subscription_id', type: 'uuid' },
    orderingKey: { name: 'ordering_key', type: 'varchar', length: 200 },
    eventId: { name: 'event_id', type: 'varchar', length: 200, nullable: true },
    topic: { type: 'varchar', length: 200 },
    partition: { type: 'integer' },
    offset: { type: 'bigint' },
    headers: { type: 'jsonb' },
    value: { type: 'text' },
    attempts: { type: 'integer' },
    nextAttemptAt: { name: 'next_attempt_at', type: 'timestamptz' },
    claimedUntil: { name: 'claimed_until', type: 'timestamptz', nullable: true },
    lastError: { name: 'last_error', type: 'text', nullable: true },
    deadAt: { name: 'dead_at', type: 'timestamptz', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
