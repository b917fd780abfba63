import { DataSource, type EntitySchema, type Logger, type MigrationInterface } from 'typeorm';

export interface AppDatabase {
  /** The Postgres schema the app owns; its tables and its migrations table live there. */
  schema: string;
  entities: ReadonlyArray<EntitySchema | (new () => unknown)>;
  migrations: ReadonlyArray<new () => MigrationInterface>;
}

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/**
 * Migrations in the order TypeORM runs them (by the timestamp ending each name), whichever
 * library or app contributed them.
 */
export function inTimestampOrder(migrations: ReadonlyArray<new () => MigrationInterface>): ReadonlyArray<new () => MigrationInterface> {
  const timestampOf = (m: { name: string }) => Number(/(\d{13})$/.exec(m.name)?.[1] ?? 0);
  return [...migrations].sort((a, b) => timestampOf(a) - timestampOf(b));
}

/**
 * How long a pooled connection is kept unused. pg's default, ten seconds, closed the connection
 * between two of a safety poll's rounds (every 15 s or a minute), so each round opened a new one:
 * a backend forked and a SCRAM exchange on both sides, and the first view after a quiet spell paid
 * for it at every source (ADR 0018).
 */
export const IDLE_CONNECTION_MS = 300_000;

/**
 * The one way an app opens its database: Postgres dialect, the app's own schema first on the
 * search path, checked-in migrations only (schema synchronisation is never enabled).
 */
export function createDataSource(db: AppDatabase, settings: DataSourceSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url: settings.url,
    schema: db.schema,
    entities: [...db.entities],
    migrations: [...db.migrations],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    logger: new ParameterFreeLogger(db.schema),
    applicationName: settings.applicationName ?? db.schema,
    poolSize: settings.poolSize ?? 10,
    // A generic plan affects only named statements (preparedQuery's), planned once per connection.
    extra: {
      options: `-c search_path=${quoteIdent(db.schema)},public -c plan_cache_mode=force_generic_plan`,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
    },
  });
}

/**
 * The quoted schema a shared migration runs in: the data source's own. Migrations that several
 * apps share (the income ledger, the outbox) create their tables there.
 */
export function migrationSchema(q: { connection: { options: unknown } }): string {
  const schema = (q.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('A shared migration needs the data source to name its schema.');
  return quoteIdent(schema);
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

/**
 * TypeORM's own loggers print a failed query with its parameters — BSNs among them. This one
 * names the query and the error only: no personal data reaches a log line. PostgreSQL's data
 * errors (SQLSTATE class 22) quote the value they refused (`invalid input syntax for type
 * integer: "…"`), so their quoted parts are left out too; other errors quote only names.
 */
export class ParameterFreeLogger implements Logger {
  constructor(private readonly schema: string) {}

  logQueryError(error: string | Error, query: string): void {
    const code = typeof error === 'string' ? undefined : (error as { code?: unknown }).code;
    let message = typeof error === 'string' ? error : error.message;
    if (typeof code === 'string' && code.startsWith('22')) message = message.replace(/"[^"]*"/g, '"…"');
    console.error(`[${this.schema}] query failed: ${message} — ${query.replace(/\s+/g, ' ').slice(0, 300)}`);
  }

  logQuery(): void {}

  logQuerySlow(time: number, query: string): void {
    console.warn(`[${this.schema}] slow query (${time} ms): ${query.replace(/\s+/g, ' ').slice(0, 300)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    console.log(`[${this.schema}] ${message}`);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') console.warn(`[${this.schema}] ${String(message)}`);
  }
}
