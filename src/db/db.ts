import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = NodePgDatabase<Schema> & { $client: pg.Pool };
/**
 * What every repository function takes as its first parameter: the database or an open
 * transaction (a transaction is a PgDatabase too), so the caller decides the transaction.
 */
export type Executor = PgDatabase<NodePgQueryResultHKT, Schema>;

// Dates as ISO strings from numeric/int8 stay numbers; bigint counts come back as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

export function createDb(url: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  // A dropped connection (database restart) must not crash the process; the pool reconnects.
  pool.on('error', () => undefined);
  return drizzle(pool, { schema }) as Db;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Apply pending migrations; safe with several instances (drizzle's migrator takes a lock-free path, so we serialise). */
export async function migrateDb(db: Db, folder = migrationsFolder): Promise<void> {
  const client = await db.$client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7301001)');
    await migrate(drizzle(client, { schema }), { migrationsFolder: folder });
  } finally {
    await client.query('SELECT pg_advisory_unlock(7301001)').catch(() => undefined);
    client.release();
  }
}

export { schema };
