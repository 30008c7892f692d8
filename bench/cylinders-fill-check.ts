/**
 * `DATABASE_URL=… npx tsx bench/cylinders-fill-check.ts [-- --rate 500 --seconds 20 --concurrency 32 --max-seconds 20]`
 *
 * The 一扫一充 fill check (POST /api/v1/cylinders/fill-checks) over HTTP with a filling-station
 * API token, against the cylinders of `npm run gen:cylinders`: (1) open loop at a fixed 500 req/s
 * (target p99 < 10 ms); (2) bounded closed loop at maximum sustained throughput (target ≥ 3,000
 * checks/s). The server runs in a child process; the load generator (node:http keep-alive) is
 * included in the machine's load. Codes: 90 % the station's own or entrusted cylinders, 8 % other
 * owners' (NOT_OWNED), 2 % unknown. Writes bench/results/cylinders-fill-check.json.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createDb } from '../src/db/db.js';
import { benchToken, client, closedLoop, fixedRate, loadAverage, spawnServer } from './cylinders-lib.js';
import { machineInfo, summarise, writeResults } from './lib.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '32' },
    'max-seconds': { type: 'string', default: '20' },
    pool: { type: 'string', default: '10' },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to the database of npm run gen:cylinders');
const db = createDb(url, 2);

const station = (
  await db.execute<{ station_id: string; admin: string }>(sql`
    SELECT e.station_id, (SELECT id FROM accounts WHERE username = 'city_admin') AS admin
    FROM cylinder_entrustments e WHERE e.contract_no LIKE 'BENCH-%' AND e.status = 'active'
    GROUP BY e.station_id ORDER BY count(*) DESC LIMIT 1`)
).rows[0];
if (!station?.admin) throw new Error('no generated cylinders here: run npm run gen:city and npm run gen:cylinders first');
const own = (
  await db.execute<{ code: string }>(sql`
    SELECT c.code FROM cylinders c JOIN cylinder_entrustments e ON e.owner_enterprise_id = c.owner_enterprise_id AND e.station_id = ${station.station_id}
    ORDER BY hashtext(c.code) LIMIT 20000`)
).rows.map((r) => r.code);
const other = (
  await db.execute<{ code: string }>(sql`
    SELECT code FROM cylinders WHERE owner_enterprise_id NOT IN (SELECT owner_enterprise_id FROM cylinder_entrustments WHERE station_id = ${station.station_id})
    ORDER BY hashtext(code) LIMIT 2000`)
).rows.map((r) => r.code);
const codes = Array.from({ length: 50_000 }, (_, i) => (i % 50 === 0 ? `YZX${i}` : i % 50 < 5 ? other[i % other.length]! : own[i % own.length]!));
const token = await benchToken(db, station.station_id, station.admin);
const server = await spawnServer(url, Number(values.pool));
const http = client(server.baseUrl, Number(values.concurrency) * 2, { authorization: `Bearer ${token}` });
const outcomes = { allowed: 0, denied: 0 };
const call = async (i: number) => {
  const res = await http.post('/api/v1/cylinders/fill-checks', { code: codes[i % codes.length] });
  if (res.status !== 200) throw new Error(`status ${res.status}: ${res.body.slice(0, 200)}`);
  if (res.body.startsWith('{"allowed":true')) outcomes.allowed++;
  else outcomes.denied++;
};

try {
  // Warm-up: connections, prepared statements, the station cache.
  await closedLoop(8, 3, call);
  const load0 = loadAverage();
  const rate = Number(values.rate);
  const fixed = await fixedRate(rate, Number(values.seconds), call);
  const fixedSummary = summarise(fixed.latencies);
  console.log(`fixed ${rate}/s for ${values.seconds} s: achieved ${fixed.achieved.toFixed(0)}/s, errors ${fixed.errors}, p50 ${fixedSummary.p50Ms} ms, p95 ${fixedSummary.p95Ms} ms, p99 ${fixedSummary.p99Ms} ms`);
  const cpu0 = await server.cpu();
  const clientCpu0 = process.cpuUsage();
  const max = await closedLoop(Number(values.concurrency), Number(values['max-seconds']), call);
  const serverCpuUsPerCheck = Math.round((await server.cpu()) - cpu0) / Math.max(1, max.latencies.length);
  const clientCpu = process.cpuUsage(clientCpu0);
  const clientCpuUsPerCheck = Math.round((clientCpu.user + clientCpu.system) / Math.max(1, max.latencies.length));
  console.log(`CPU per check: server (Node) ${serverCpuUsPerCheck.toFixed(0)} µs, load generator ${clientCpuUsPerCheck} µs`);
  const maxSummary = summarise(max.latencies);
  console.log(`closed loop ×${values.concurrency} for ${values['max-seconds']} s: ${max.perSecond.toFixed(0)} checks/s, errors ${max.errors}, p50 ${maxSummary.p50Ms} ms, p99 ${maxSummary.p99Ms} ms`);
  const counts = (await db.execute<{ cylinders: number; events: number }>(sql`SELECT (SELECT reltuples::int8 FROM pg_class WHERE relname = 'cylinders') AS cylinders, (SELECT reltuples::int8 FROM pg_class WHERE relname = 'cylinder_events') AS events`)).rows[0];
  const file = writeResults('cylinders-fill-check', {
    machine: await machineInfo(db),
    loadAverageBefore: load0,
    loadAverageAfter: loadAverage(),
    data: counts,
    fixedRate: { targetPerSecond: rate, seconds: Number(values.seconds), achievedPerSecond: Math.round(fixed.achieved), errors: fixed.errors, latency: fixedSummary, targetP99Ms: 10 },
    maxThroughput: { concurrency: Number(values.concurrency), seconds: Number(values['max-seconds']), checksPerSecond: Math.round(max.perSecond), errors: max.errors, latency: maxSummary, target: 3000 },
    cpuPerCheckMicroseconds: { serverNode: Math.round(serverCpuUsPerCheck), loadGenerator: clientCpuUsPerCheck },
    outcomes,
    notes: 'Server in a child process (pool ' + values.pool + '), load generator node:http keep-alive in this process, both on this machine with PostgreSQL.',
  });
  console.log(`written ${file}`);
} finally {
  http.close();
  await server.stop();
  await db.$client.end();
}
