import { quoteIdent } from './data-source.js';

/** A column filled from JSON, and the type its values are read as. */
export type JsonColumn = readonly [name: string, type: string];

/**
 * `INSERT INTO <table> (…) SELECT … FROM jsonb_to_recordset($<parameter>::jsonb)`: any number of
 * rows in one statement and one parameter (a JSON array of objects keyed by column name). Read
 * strings as `text`, not as the column's length: a value too long is then refused by the insert
 * rather than cut short to fit (a processing log's MAC covers the whole value).
 */
export function insertFromJson(table: string, columns: readonly JsonColumn[], parameter = 1): string {
  const names = columns.map(([name]) => quoteIdent(name)).join(', ');
  const types = columns.map(([name, type]) => `${quoteIdent(name)} ${type}`).join(', ');
  return `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($${parameter}::jsonb) AS r(${types})`;
}
