import { inTimestampOrder, type AppDatabase } from '@plein/persistence';
import { processingLogDatabase } from '@plein/processing-log';

/** The gateway keeps one thing of its own: the log of the requests it refused. */
export const gatewayDatabase: AppDatabase = {
  schema: 'gateway',
  entities: [...processingLogDatabase.entities],
  migrations: inTimestampOrder([...processingLogDatabase.migrations]),
};
