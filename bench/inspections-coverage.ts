/**
 * `npm run bench:inspections-coverage [-- --requests 20 --warmup 3 --month 2026-10 --explain]`:
 * inspection coverage (R3.9, GET /api/v1/coverage) for the whole benchmark city 渝州市
 * (`npm run gen:city -- --scale 1`) for one month, households and venues, through the real HTTP
 * API as the city task force. Target: under 1 s.
 *
 * Seeds the month first, once (set-based INSERT … SELECT, codes JCB…, deterministic): an official
 * inspection of 7.5 % of the city's households and of 60 % of its venues on a day of the month.
 * Inspections made by other generators (`npm run gen:hazards`: venues monthly, households once in
 * two years) count too; the JSON records how many the month holds. `--explain` writes the
 * coverage statement's EXPLAIN (ANALYZE, BUFFERS) to bench/results/inspections-coverage.plans.txt.
 * Writes bench/results/inspections-coverage.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { resolveSession } from '../src/accounts/auth.service.js';
import { loadConfig } from '../src/config.js';
import { migrateDb, schema, type Db } from '../src/db/db.js';
import { openCliDatabase } from '../src/embedded/postgres.js';
import { coverage } from '../src/inspections/coverage.service.js';
import { systemClock } from '../src/shared/clock.js';
import { CITY, CITY_ADMIN } from '../scripts/gen-city-lib.js';
import { login, machineInfo, measure, RESULTS_DIR, startApp, table, writeResults, type LatencySummary, type Session } from './lib.js';

const TARGET_MS = 1000;
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    month: { type: 'string', default: '2026-10' },
    explain: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const warmup = Number(values.warmup);
const month = values.month!;
if (!/^\d{4}-\d{2}$/.test(month)) throw new Error('--month YYYY-MM');
const from = `${month}-01`;
const to = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
const days = Number(to.slice(8, 10));

/** The month's seeded inspections: households 7.5 %, venues 60 %, official, on a hashed day and hour. */
async function seedMonth(db: Db, cityPath: string, adminId: string): Promise<number> {
  const tag = `bench-cov:${month}:`;
  const existing = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM inspections WHERE code LIKE ${`JCB${month.replace('-', '')}%`}`)).rows[0]!.n;
  if (existing > 0) return 0;
  let made = 0;
  for (const [type, table, nameCol, share] of [
    ['household', 'households', 'address', 75],
    ['venue', 'venues', 'name', 600],
  ] as const) {
    const res = await db.execute(
      sql.raw(`
      INSERT INTO inspections (code, client_uuid, kind, region_id, subject_type, subject_id, subject_name, inspector_ids, inspector_names, submitted_at,
                               inspector_signatures, findings, library_version, created_by)
      SELECT 'JCB${month.replace('-', '')}' || '${type[0]!.toUpperCase()}' || row_number() OVER (ORDER BY s.id), md5('${tag}' || s.id)::uuid, 'official',
             s.region_id, '${type}', s.id, s.${nameCol}, ARRAY['${adminId}']::uuid[], ARRAY['基准检查员']::text[],
             ('${from}'::date + (abs(hashtext('${tag}d' || s.id)) % ${days}))::timestamp AT TIME ZONE 'Asia/Shanghai'
               + make_interval(hours => 8 + abs(hashtext('${tag}h' || s.id)) % 10, mins => abs(hashtext('${tag}m' || s.id)) % 60),
             '{}'::uuid[], 0, 'bench', '${adminId}'
      FROM ${table} s
      WHERE s.status = 'active' AND s.region_id IN (SELECT id FROM regions WHERE path LIKE '${cityPath}%')
        AND abs(hashtext('${tag}' || s.id)) % 1000 < ${share}`),
    );
    made += res.rowCount ?? 0;
  }
  await db.execute(sql`ANALYZE inspections`);
  return made;
}

const config = loadConfig();
const conn = await openCliDatabase(config);
const running = await startApp(conn.url, { poolSize: 10 });
try {
  const { db } = running;
  await migrateDb(db);
  const city = (await db.execute<{ id: string; path: string; name: string }>(sql`SELECT id, path, name FROM regions WHERE code = ${CITY.code} AND status = 'active'`)).rows[0];
  if (!city) throw new Error(`no ${CITY.name}: run \`npm run gen:city -- --scale 1\` first`);
  const district = (await db.execute<{ id: string; name: string }>(sql`SELECT id, name FROM regions WHERE code = ${`${CITY.code.slice(0, 4)}01`} AND status = 'active'`)).rows[0]!;
  const admin = (await db.execute<{ id: string }>(sql`SELECT id FROM accounts WHERE lower(username) = ${CITY_ADMIN.username}`)).rows[0]!;
  const t0 = Date.now();
  const seeded = await seedMonth(db, city.path, admin.id);
  if (seeded) console.log(`seeded ${seeded.toLocaleString('en')} inspections in ${month} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const data = (
    await db.execute<Record<string, number>>(sql`
      SELECT (SELECT count(*) FROM inspections)::int AS "inspectionsTotal",
             (SELECT count(*) FROM inspections WHERE submitted_at >= (${from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
                AND submitted_at < (${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')::int AS "inspectionsInMonth",
             (SELECT count(*) FROM inspections WHERE subject_type = 'household' AND submitted_at >= (${from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
                AND submitted_at < (${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')::int AS "householdInspectionsInMonth",
             (SELECT count(*) FROM households WHERE region_id IN (SELECT id FROM regions WHERE path LIKE ${city.path + '%'}))::int AS households,
             (SELECT count(*) FROM venues WHERE region_id IN (SELECT id FROM regions WHERE path LIKE ${city.path + '%'}))::int AS venues`)
  ).rows[0]!;
  const machine = await machineInfo(db);
  console.log(`${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.postgres.split(' on ')[0]}; load average ${machine.loadAverage.join(' ')}`);
  console.log(`${CITY.name}: ${Number(data.households).toLocaleString('en')} households, ${Number(data.venues).toLocaleString('en')} venues; inspections ${Number(data.inspectionsTotal).toLocaleString('en')}, of them ${Number(data.inspectionsInMonth).toLocaleString('en')} in ${from}…${to}\n`);

  const session = await login(running.baseUrl, CITY_ADMIN.username, CITY_ADMIN.password);
  const period = `from=${from}&to=${to}`;
  const shapes = [
    { name: 'households · city · month', url: `/api/v1/coverage?regionId=${city.id}&subjectType=household&${period}`, core: true },
    { name: 'venues · city · month', url: `/api/v1/coverage?regionId=${city.id}&subjectType=venue&${period}`, core: true },
    { name: 'venues · city · kind=restaurant · month', url: `/api/v1/coverage?regionId=${city.id}&subjectType=venue&kind=restaurant&${period}`, core: false },
    { name: `households · district ${district.name} · month`, url: `/api/v1/coverage?regionId=${district.id}&subjectType=household&${period}`, core: false },
    { name: 'households · city · uninspected, page 1', url: `/api/v1/coverage/uninspected?regionId=${city.id}&subjectType=household&${period}&page=1&pageSize=20`, core: false },
  ];
  const results: { name: string; core: boolean; url: string; total: number; inspected: number; children: number; coldMs: number; latency: LatencySummary; pass: boolean | null }[] = [];
  for (const shape of shapes) {
    let body: { total: number; inspected?: number; children?: unknown[] } | null = null;
    const get = async () => {
      const res = await session.get(shape.url);
      const b = (await res.json()) as { total: number; inspected?: number; children?: unknown[] };
      if (res.status !== 200) throw new Error(`${shape.name}: HTTP ${res.status} ${JSON.stringify(b)}`);
      body ??= b;
    };
    const c0 = performance.now();
    await get();
    const coldMs = Math.round((performance.now() - c0) * 100) / 100;
    const latency = await measure({ requests, warmup: Math.max(0, warmup - 1), call: get });
    const b = body as unknown as { total: number; inspected?: number; children?: unknown[] };
    const row = { ...shape, total: b.total, inspected: b.inspected ?? 0, children: b.children?.length ?? 0, coldMs, latency, pass: shape.core ? latency.p95Ms < TARGET_MS : null };
    results.push(row);
    console.log(`${row.pass === false ? 'MISS' : 'ok  '} ${shape.name}: total ${row.total}, inspected ${row.inspected}; first ${coldMs} ms, p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms`);
  }
  console.log(
    `\n${table([
      ['shape', 'total', 'inspected', 'first ms', 'p50 ms', 'p95 ms', 'max ms', '< 1 s'],
      ...results.map((r) => [r.name, r.total, r.inspected, r.coldMs, r.latency.p50Ms, r.latency.p95Ms, r.latency.maxMs, r.pass === null ? '(context)' : r.pass ? 'yes' : 'NO']),
    ])}`,
  );
  const explained = values.explain ? await explainCoverage(db, session, city.id) : null;
  if (explained) console.log(`plans written to ${explained}`);
  const file = writeResults('inspections-coverage', {
    target: { p95Ms: TARGET_MS },
    settings: { requests, warmup, concurrency: 1, month, from, to, transport: 'HTTP on 127.0.0.1 (client and server in one Node process)', account: CITY_ADMIN.username },
    machine: { ...machine, loadAverageAfter: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    data: { city: CITY.name, ...data, seededThisRun: seeded, seed: 'JCB… rows: 7.5 % of households and 60 % of venues, official, in the month' },
    shapes: results.map((r) => ({ name: r.name, core: r.core, url: r.url, total: r.total, inspected: r.inspected, children: r.children, coldMs: r.coldMs, ...r.latency, pass: r.pass })),
    allCorePass: results.filter((r) => r.core).every((r) => r.pass),
  });
  console.log(`\nwritten ${file}`);
  if (!results.filter((r) => r.core).every((r) => r.pass)) process.exitCode = 1;
} finally {
  await running.close();
  await conn.close();
}

/** EXPLAIN (ANALYZE, BUFFERS) of the statements coverage() runs for the city's households and venues. */
async function explainCoverage(db: Db, session: Session, cityId: string): Promise<string> {
  const cookie = /(?:^|; )gg_session=([^;]+)/.exec(session.cookie)?.[1];
  const info = cookie ? await resolveSession(db, systemClock, cookie, 30, { ip: null, acceptLanguage: undefined }) : null;
  if (!info) throw new Error('session not found');
  const out: string[] = [];
  for (const subjectType of ['household', 'venue'] as const) {
    const recorded: { sql: string; params: unknown[] }[] = [];
    const recording = drizzle(db.$client, { schema, logger: { logQuery: (q, params) => recorded.push({ sql: q, params }) } });
    await coverage(recording, info.principal, { regionId: cityId, subjectType, from, to });
    for (const q of recorded) {
      const res = await db.$client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
      out.push(`== coverage ${subjectType} · city · ${from}…${to}\n${q.sql}\n${JSON.stringify(q.params)}\n${res.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    }
  }
  const file = path.join(RESULTS_DIR, 'inspections-coverage.plans.txt');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(file, out.join('\n'));
  return file;
}
