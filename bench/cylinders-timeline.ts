/**
 * `DATABASE_URL=… npx tsx bench/cylinders-timeline.ts [-- --requests 300 --warmup 30]`
 *
 * A cylinder's full timeline over HTTP as the city task force (`city_admin`): GET
 * /api/v1/cylinders/{code} (record + every event) for random generated cylinders (~25 events), and
 * for one cylinder given 120 events. Target p95 < 20 ms. Writes bench/results/cylinders-timeline.json.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createDb } from '../src/db/db.js';
import { client, loadAverage, spawnServer } from './cylinders-lib.js';
import { machineInfo, summarise, writeResults } from './lib.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' }, warmup: { type: 'string', default: '30' } } });
const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to the database of npm run gen:cylinders');
const db = createDb(url, 2);
const codes = (await db.execute<{ code: string }>(sql`SELECT code FROM cylinders WHERE code LIKE 'YZ%' ORDER BY hashtext(code) LIMIT 2000`)).rows.map((r) => r.code);
if (!codes.length) throw new Error('no generated cylinders here: run npm run gen:cylinders first');
// One long-lived cylinder with 120 events (appended once; re-runs reuse it).
const long = codes[0]!;
await db.execute(sql`
  INSERT INTO cylinder_events (cylinder_id, type, at, region_id, enterprise_id, actor_label, data)
  SELECT c.id, 'collect_empty', now() - make_interval(days => g), c.region_id, c.owner_enterprise_id, 'bench', '{}'::jsonb
  FROM cylinders c CROSS JOIN generate_series(1, 120 - (SELECT count(*)::int FROM cylinder_events e WHERE e.cylinder_id = c.id)) g
  WHERE c.code = ${long}`);
const events = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM cylinder_events e JOIN cylinders c ON c.id = e.cylinder_id WHERE c.code = ${long}`)).rows[0]!.n;
const server = await spawnServer(url, 10);
const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'city_admin', password: 'GasGuard@2026' }) });
const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const http = client(server.baseUrl, 2, { cookie });
async function run(name: string, pick: (i: number) => string) {
  const n = Number(values.requests);
  for (let i = 0; i < Number(values.warmup); i++) await http.get(pick(i));
  const lat: number[] = [];
  let size = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await http.get(pick(i));
    lat.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${name}: ${res.status} ${res.body.slice(0, 200)}`);
    size = res.body.length;
  }
  const s = summarise(lat);
  console.log(`${name}: p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, p99 ${s.p99Ms} ms (${size} bytes)`);
  return { ...s, bytes: size };
}
try {
  const load0 = loadAverage();
  const random = await run('GET /cylinders/{code}, random cylinder (~25 events)', (i) => `/api/v1/cylinders/${codes[(i * 7) % codes.length]}`);
  const longDetail = await run(`GET /cylinders/{code}, ${events} events`, () => `/api/v1/cylinders/${long}`);
  const longEvents = await run(`GET /cylinders/{code}/events, ${events} events`, () => `/api/v1/cylinders/${long}/events`);
  const epcis = await run(`GET /cylinders/{code}/events?format=epcis, ${events} events`, () => `/api/v1/cylinders/${long}/events?format=epcis`);
  const file = writeResults('cylinders-timeline', {
    machine: await machineInfo(db),
    loadAverageBefore: load0,
    loadAverageAfter: loadAverage(),
    targetP95Ms: 20,
    shapes: { random, longDetail, longEvents, epcis },
    longEvents: events,
  });
  console.log(`written ${file}`);
} finally {
  http.close();
  await server.stop();
  await db.$client.end();
}
