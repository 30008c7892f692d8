import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../src/db/db.js';
import type { TestServer } from './global-setup.js';

export function testServers(): TestServer[] {
  return inject('testServers');
}

/** A fresh database copied from the seeded template: each test file gets its own data. */
export async function freshDatabase(server: TestServer): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  // Named after the run (the template's pid), so a run's teardown drops only its own databases.
  const run = server.template.replace('gg_template_', '');
  const name = `gg_t_${run}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${server.template}`);
  await admin.end();
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), 5);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.$client.end();
      const a = new pg.Client({ connectionString: server.adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
