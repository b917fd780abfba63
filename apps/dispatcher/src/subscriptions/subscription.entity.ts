import { EntitySchema } from 'typeorm';

export type DeliveryKind = 'WEBHOOK' | 'KAFKA';

export interface SubscriptionRow {
  id: string;
  /** The integrator's organisation (OIN): only it sees and manages the subscription. */
  org: string;
  /** The client that created it (azp), for the audit trail. */
  createdBy: string;
  delivery: DeliveryKind;
  types: string[];
  sources: string[];
  url: string | null;
  /** The Standard Webhooks signing secret; given to the integrator once, at creation. */
  secret: string | null;
  createdAt: Date;
  /** Set when a delivery ran through its whole retry schedule: nothing is sent until its owner resumes it. */
  pausedAt: Date | null;
  pausedReason: string | null;
}

export const SubscriptionEntity = new EntitySchema<SubscriptionRow>({
  name: 'Subscription',
  tableName: 'subscription',
  indices: [{ name: 'IDX_subscription_org', columns: ['org'] }],
  checks: [
    {
      name: 'subscription_delivery_chk',
      expression: `("delivery" = 'WEBHOOK' AND "url" IS NOT NULL AND "secret" IS NOT NULL) OR ("delivery" = 'KAFKA' AND "url" IS NULL AND "secret" IS NULL)`,
    },
  ],
  columns: {
    id: { type: 'uuid', primary: true },
    org: { type: 'char', length: 20 },
    createdBy: { name: 'created_by', type: 'varchar', length: 200 },
    delivery: { type: 'varchar', length: 10 },
    types: { type: 'text', array: true },
    sources: { type: 'text', array: true },
    url: { type: 'varchar', length: 2048, nullable: true },
    secret: { type: 'varchar', length: 200, nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    pausedAt: { name: 'paused_at', type: 'timestamptz', nullable: true },
    pausedReason: { name: 'paused_reason', type: 'text', nullable: true },
  },
});
