import pg from 'pg';

/** The role the apps connect as in the embedded runtime. */
export const APP_ROLE = 'plein_app';

/**
 * Gives the apps a role of their own that owns nothing: it may read and write the apps' tables,
 * but only insert into and read the processing logs, and — not being the owner — it can neither
 * alter a table nor switch its append-only trigger off. Migrations run before this, as the owner
 * (the embedded runtime, or in production the release's migration job). Returns the apps' URL.
 */
export async function grantAppRole(ownerUrl: string, password: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    if (exists.rowCount === 0) await client.query(`CREATE ROLE ${APP_ROLE} LOGIN`);
    const { rows: alter } = await client.query<{ sql: string }>(
      `SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', $1::text, $2::text) AS sql`,
      [APP_ROLE, password],
    );
    await client.query(alter[0]!.sql);
    const { rows: schemas } = await client.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public') AND nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`,
    );
    for (const { name } of schemas) {
      const s = `"${name.replace(/"/g, '""')}"`;
      await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${APP_ROLE}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${APP_ROLE}`);
      await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${APP_ROLE}`);
      const log = await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'processing_log'`, [name]);
      if (log.rowCount) await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${s}.processing_log FROM ${APP_ROLE}`);
    }
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}
