import type { AppDatabase } from '@plein/persistence';
import { CreateDispatcher1795436661412 } from './migrations/1795436661412-create-dispatcher.js';
import { DeliveryLedger1796186749240 } from './migrations/1796186749240-delivery-ledger.js';
import { DeliveryRetries1796198093580 } from './migrations/1796198093580-delivery-retries.js';
import { SubscriptionEntity } from './subscriptions/subscription.entity.js';
import { DeliveryEntity } from './delivery/delivery.entity.js';
import { DeliveryRetryEntity } from './delivery/delivery-retry.entity.js';

export const dispatcherDatabase: AppDatabase = {
  schema: 'dispatcher',
  entities: [SubscriptionEntity, DeliveryEntity, DeliveryRetryEntity],
  migrations: [CreateDispatcher1795436661412, DeliveryLedger1796186749240, DeliveryRetries1796198093580],
};
