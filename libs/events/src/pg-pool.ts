import pg from 'pg';
import { IDLE_CONNECTION_MS } from '@plein/persistence';

/**
 * A pool for a long-running process: a connection the server closes (restart, failover) fails
 * the query running on it and is replaced on the next one. The 'error' events pg also emits
 * for it, idle or checked out, would otherwise end the process.
 */
export function resilientPool(connectionString: string, applicationName: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: applicationName, idleTimeoutMillis: IDLE_CONNECTION_MS });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
