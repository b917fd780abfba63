import { outboxDatabase } from '@plein/events';
import { inTimestampOrder, type AppDatabase } from '@plein/persistence';
import { processingLogDatabase } from '@plein/processing-log';
import { CreateDispatcher1795436661412 } from './migrations/1795436661412-create-dispatcher.js';
import { DeliveryLedger1796186749240 } from './migrations/1796186749240-delivery-ledger.js';
import { DeliveryRetries1796198093580 } from './migrations/1796198093580-delivery-retries.js';
import { PublishedEvents1796211025164 } from './migrations/1796211025164-published-events.js';
import { EarlyWarningSignals1796223282145 } from './migrations/1796223282145-early-warning-signals.js';
import { SubscriptionChangesNotify1796600000000 } from './migrations/1796600000000-subscription-changes-notify.js';
import { SubscriptionEntity } from './subscriptions/subscription.entity.js';
import { DeliveryEntity } from './delivery/delivery.entity.js';
import { DeliveryRetryEntity } from './delivery/delivery-retry.entity.js';
import { PublishedEventEntity } from './publishing/published-event.entity.js';
import { SignalEntity } from './early-warning/signal.entity.js';

export const dispatcherDatabase: AppDatabase = {
  schema: 'dispatcher',
  entities: [
    SubscriptionEntity,
    DeliveryEntity,
    DeliveryRetryEntity,
    PublishedEventEntity,
    SignalEntity,
    ...outboxDatabase.entities,
    ...processingLogDatabase.entities,
  ],
  migrations: inTimestampOrder([
    ...outboxDatabase.migrations,
    ...processingLogDatabase.migrations,
    CreateDispatcher1795436661412,
    DeliveryLedger1796186749240,
    DeliveryRetries1796198093580,
    PublishedEvents1796211025164,
    EarlyWarningSignals1796223282145,
    SubscriptionChangesNotify1796600000000,
  ]),
};
