import { createHash } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import type { DataSource, EntitySchema } from 'typeorm';
import { quoteIdent } from './data-source.js';

const names = new Map<string, string>();

/** One name per statement text: pg refuses a name reused for another text on one connection. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `plein_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A statement outside a transaction as a named prepared statement: each pooled connection parses
 * and plans it once, and from then on only binds and runs it. The plan is generic (the data
 * source's connections say so), so it is for statements whose best plan does not depend on their
 * values: lookups by an index. For the statements every view runs at every source (the ledger
 * read, the log append) that halved PostgreSQL's CPU per statement here (ADR 0018). TypeORM's
 * `query` sends every statement unnamed, so it goes to the pool that TypeORM opened, with its
 * connection settings; a failure is logged the way TypeORM logs one, without its parameters.
 */
export async function preparedQuery<R extends QueryResultRow>(
  dataSource: DataSource,
  text: string,
  values: readonly unknown[],
): Promise<R[]> {
  // TypeORM types its Postgres driver's pool as `any`; without replication it is pg's Pool.
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  try {
    const result = await pool.query<R>({ name: nameOf(text), text, values: [...values] });
    return result.rows;
  } catch (e) {
    dataSource.logger.logQueryError(e instanceof Error ? e : String(e), text, [], undefined);
    throw e;
  }
}

/** An entity's table as SQL, schema-qualified, for statements written by hand. */
export function tableOf(dataSource: DataSource, entity: EntitySchema | (new () => unknown)): string {
  const { schema, tableName } = dataSource.getMetadata(entity);
  return schema ? `${quoteIdent(schema)}.${quoteIdent(tableName)}` : quoteIdent(tableName);
}
