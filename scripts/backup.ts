/**
 * `npm run backup [-- --out FILE]`: a consistent logical backup of the platform database (embedded
 * or DATABASE_URL) to GASGUARD_DATA_DIR/backups/ by default. See README "Backup and restore".
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase } from '../src/backup/backup.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/db.js';
import { openCliDatabase } from '../src/embedded/postgres.js';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const config = loadConfig();
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
const out = path.resolve(values.out ?? path.join(config.dataDir, 'backups', `gasguard-${stamp}.ggbak`));
fs.mkdirSync(path.dirname(out), { recursive: true });
const conn = await openCliDatabase(config);
const db = createDb(conn.url, 2);
try {
  const t = Date.now();
  const m = await backupDatabase(db.$client, out);
  const rows = m.tables.reduce((a, x) => a + x.rows, 0);
  console.log(`backup written: ${out}\n  ${m.tables.length} tables, ${rows} rows, audit head #${m.auditHead?.id ?? '-'}, ${((Date.now() - t) / 1000).toFixed(1)} s, ${(fs.statSync(out).size / 1024 / 1024).toFixed(1)} MiB`);
} finally {
  await db.$client.end();
  await conn.close();
}
