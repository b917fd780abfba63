import { EntitySchema } from 'typeorm';

/**
 * One event for one subscription: claimed by the instance delivering it (until a lease runs out),
 * then delivered. What makes "at most once per subscription" hold when an instance dies or
 * partitions move between instances, while the consumer groups keep "at least once".
 */
export interface DeliveryRow {
  subscriptionId: string;
  eventId: string;
  claimedUntil: Date;
  deliveredAt: Date | null;
}

export const DeliveryEntity = new EntitySchema<DeliveryRow>({
  name: 'Delivery',
  tableName: 'delivery',
  columns: {
    subscriptionId: { name: 'subscription_id', type: 'uuid', primary: true },
    eventId: { name: 'event_id', type: 'varchar', length: 200, primary: true },
    claimedUntil: { name: 'claimed_until', type: 'timestamptz' },
    deliveredAt: { name: 'delivered_at', type: 'timestamptz', nullable: true },
  },
});
