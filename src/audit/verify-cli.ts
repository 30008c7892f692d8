import { loadConfig } from '../config.js';
import { createDb } from '../db/db.js';
import { openCliDatabase } from '../embedded/postgres.js';
import { verifyAuditChain } from './audit.js';

/** `npm run audit:verify`: walk the audit hash chain and report the first broken link (exit 1). */
const config = loadConfig();
const conn = await openCliDatabase(config);
const db = createDb(conn.url, 1);
try {
  const report = await verifyAuditChain(db);
  if (report.ok) {
    console.log(`audit chain OK: ${report.checked} entries verified`);
  } else {
    console.error(`audit chain BROKEN at entry ${report.firstBroken!.id} (${report.firstBroken!.reason === 'hash' ? 'content changed' : 'link to previous entry changed'}); ${report.checked} entries before it are intact`);
    process.exitCode = 1;
  }
} finally {
  await db.$client.end();
  await conn.close();
}
