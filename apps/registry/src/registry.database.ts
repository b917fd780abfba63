import { outboxDatabase } from '@plein/events';
import type { AppDatabase } from '@plein/persistence';
import { CreateRegistry1763890200000 } from './migrations/1763890200000-create-registry.js';
import { PublicationHistoryAndUsage1795440361757 } from './migrations/1795440361757-publication-history-and-usage.js';
import { EventTypes1796290000000 } from './migrations/1796290000000-event-types.js';
import { BatchedPublications1796700000000 } from './migrations/1796700000000-batched-publications.js';
import {
  AgencyEntity,
  EventTypeEntity,
  FieldUsageEntity,
  SubgraphEntity,
  SubgraphRevisionEntity,
  SupergraphVersionEntity,
} from './persistence/registry.entities.js';

export const registryDatabase: AppDatabase = {
  schema: 'registry',
  entities: [
    AgencyEntity,
    SubgraphEntity,
    SupergraphVersionEntity,
    SubgraphRevisionEntity,
    FieldUsageEntity,
    EventTypeEntity,
    ...outboxDatabase.entities,
  ],
  migrations: [
    CreateRegistry1763890200000,
    ...outboxDatabase.migrations,
    PublicationHistoryAndUsage1795440361757,
    EventTypes1796290000000,
    BatchedPublications1796700000000,
  ],
};
