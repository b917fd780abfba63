import { createHash } from 'node:crypto';
import { MigrationExecutor, type DataSource, type QueryRunner } from 'typeorm';
import { createDataSource, quoteIdent, type AppDatabase } from './data-source.js';

/**
 * Applies the app's pending migrations. Replicas of one app may start together, so the run
 * holds a Postgres advisory lock keyed by the schema: one replica migrates, the others wait
 * and then find nothing to do.
 */
export async function migrate(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const lockKey = advisoryLockKey(`migrate:${schema}`);
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lockKey]);
    // Only when missing: an app's own role may not create schemas, and CREATE SCHEMA IF NOT EXISTS
    // needs that privilege even when the schema is there.
    const found = (await runner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])) as unknown[];
    if (found.length === 0) await runner.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    // The migrations run on the connection that holds the lock, so a pool of one suffices.
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    // In production the apps connect as a role that owns nothing: the release's migration job
    // migrates, once, and a replica started before it ran says so instead of failing on a privilege.
    const pending = await executor.getPendingMigrations();
    if (pending.length > 0 && !(await ownsSchema(runner, schema)))
      throw new Error(
        `${schema}: ${pending.length} migration(s) pending (${pending.map((m) => m.name).join(', ')}); ` +
          `the release's migration job applies them as the schema's owner (node dist/tools/plein/migrate.bundle.js)`,
      );
    const applied = await executor.executePendingMigrations();
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}

/** Brings a database's schema up to date through a short-lived connection; returns what was applied. */
export async function applyMigrations(database: AppDatabase, url: string): Promise<string[]> {
  const dataSource = createDataSource(database, { url, poolSize: 1 });
  await dataSource.initialize();
  try {
    return await migrate(dataSource, database.schema);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The SQL the entities would need beyond what the migrations created: empty when they agree.
 * Used by the drift test and by the migration generator, so both see the same difference.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: log.upQueries.map((q) => q.query),
    down: log.downQueries.map((q) => q.query),
  };
}

async function ownsSchema(runner: QueryRunner, schema: string): Promise<boolean> {
  const rows = (await runner.query(
    'SELECT 1 FROM pg_namespace WHERE nspname = $1 AND nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)',
    [schema],
  )) as unknown[];
  return rows.length > 0;
}

function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}
