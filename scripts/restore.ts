/**
 * `npm run restore -- --in FILE`: restore a backup into a fresh database (embedded in
 * GASGUARD_DATA_DIR, or DATABASE_URL), migrated first; refuses a database that already has data.
 * Checks row counts and the audit hash chain before committing.
 */
import { parseArgs } from 'node:util';
import { restoreDatabase, verifyWithin } from '../src/backup/backup.js';
import { loadConfig } from '../src/config.js';
import { createDb, migrateDb } from '../src/db/db.js';
import { openCliDatabase } from '../src/embedded/postgres.js';

const { values } = parseArgs({ options: { in: { type: 'string' } } });
if (!values.in) {
  console.error('usage: npm run restore -- --in FILE');
  process.exit(2);
}
const config = loadConfig();
const conn = await openCliDatabase(config, { create: true });
const db = createDb(conn.url, 2);
try {
  await migrateDb(db);
  const m = await restoreDatabase(db.$client, values.in, verifyWithin);
  console.log(`restored ${values.in}: ${m.tables.reduce((a, x) => a + x.rows, 0)} rows in ${m.tables.length} tables; counts and audit chain verified`);
} catch (e) {
  console.error(`restore failed, nothing was changed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await db.$client.end();
  await conn.close();
}
