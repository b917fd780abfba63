import { outboxDatabase } from '@plein/events';
import type { AppDatabase } from '@plein/persistence';
import { CreateRegistry1763890200000 } from './migrations/1763890200000-create-registry.js';
import { AgencyEntity, SubgraphEntity, SupergraphVersionEntity } from './persistence/registry.entities.js';

export const registryDatabase: AppDatabase = {
  schema: 'registry',
  entities: [AgencyEntity, SubgraphEntity, SupergraphVersionEntity, ...outboxDatabase.entities],
  migrations: [CreateRegistry1763890200000, ...outboxDatabase.migrations],
};
