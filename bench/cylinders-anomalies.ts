/**
 * `DATABASE_URL=… npx tsx bench/cylinders-anomalies.ts`
 *
 * The anomaly scan (R6.4) over the whole city of `npm run gen:cylinders`: a full scan from the
 * first event (16 cylinder-id ranges, two at a time; target < 60 s), then an incremental scan
 * after one more day of custody events (copies of 1 % of the cylinders' last cycle, shifted by a
 * day). Writes bench/results/cylinders-anomalies.json.
 */
import { sql } from 'drizzle-orm';
import { runAnomalyScan } from '../src/cylinders/anomalies.service.js';
import { createDb } from '../src/db/db.js';
import { loadAverage } from './cylinders-lib.js';
import { machineInfo, writeResults } from './lib.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to the database of npm run gen:cylinders');
const db = createDb(url, 4);
try {
  await db.execute(sql`INSERT INTO settings (key, value) VALUES ('cylinders.settings', '{"scanSettleSeconds": 0}') ON CONFLICT (key) DO UPDATE SET value = settings.value || '{"scanSettleSeconds": 0}'`);
  const events = (await db.execute<{ n: number }>(sql`SELECT max(id)::int8 AS n FROM cylinder_events`)).rows[0]!.n;
  const load0 = loadAverage();
  const full = await runAnomalyScan(db, new Date(), { full: true });
  console.log(`full scan of ${Number(events).toLocaleString('en')} events: ${full.seconds.toFixed(1)} s, ${full.anomalies} new anomalies (mode ${full.mode})`);
  const byKind = (await db.execute<{ kind: string; n: number }>(sql`SELECT kind, count(*)::int AS n FROM cylinder_anomalies GROUP BY kind ORDER BY kind`)).rows;
  const added = await db.execute(sql`
    INSERT INTO cylinder_events (cylinder_id, type, at, region_id, lat, lng, enterprise_id, station_id, vehicle_id, worker_id, user_type, user_id, actor_label, flags, data)
    SELECT e.cylinder_id, e.type, e.at + interval '1 day', e.region_id, e.lat, e.lng, e.enterprise_id, e.station_id, e.vehicle_id, e.worker_id, e.user_type, e.user_id, 'bench-day', e.flags, e.data
    FROM cylinder_events e JOIN cylinders c ON c.id = e.cylinder_id
    WHERE hashtext(c.code) % 100 = 0 AND e.at > c.last_filled_at - interval '1 hour'`);
  const again = await runAnomalyScan(db, new Date());
  console.log(`incremental scan after ${added.rowCount} new events: ${again.seconds.toFixed(2)} s, ${again.anomalies} new anomalies (mode ${again.mode})`);
  const rerun = await runAnomalyScan(db, new Date(), { full: true });
  console.log(`full re-scan (idempotent): ${rerun.seconds.toFixed(1)} s, ${rerun.anomalies} new anomalies`);
  const file = writeResults('cylinders-anomalies', {
    machine: await machineInfo(db),
    loadAverageBefore: load0,
    loadAverageAfter: loadAverage(),
    events: Number(events),
    full: { ...full, targetSeconds: 60 },
    anomaliesByKind: Object.fromEntries(byKind.map((r) => [r.kind, r.n])),
    incremental: { newEvents: added.rowCount, ...again },
    fullRescanIdempotent: rerun,
  });
  console.log(`written ${file}`);
} finally {
  await db.$client.end();
}
