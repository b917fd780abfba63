export { createDataSource, IDLE_CONNECTION_MS, inTimestampOrder, migrationSchema, quoteIdent } from './data-source.js';
export type { AppDatabase, DataSourceSettings } from './data-source.js';
export { migrate, applyMigrations, pendingSchemaChanges } from './migrate.js';
export { startEmbeddedPostgres, postgresUrl } from './embedded-postgres.js';
export type { EmbeddedPostgresOptions, RunningPostgres } from './embedded-postgres.js';
export { grantAppRole, APP_ROLE } from './app-role.js';
export { insertFromJson, type JsonColumn } from './insert-from-json.js';
export { preparedQuery, tableOf } from './prepared-query.js';
