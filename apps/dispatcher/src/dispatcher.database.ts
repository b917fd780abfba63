import type { AppDatabase } from '@plein/persistence';
import { CreateDispatcher1795436661412 } from './migrations/1795436661412-create-dispatcher.js';
import { SubscriptionEntity } from './subscriptions/subscription.entity.js';

export const dispatcherDatabase: AppDatabase = {
  schema: 'dispatcher',
  entities: [SubscriptionEntity],
  migrations: [CreateDispatcher1795436661412],
};
