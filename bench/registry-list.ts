/**
 * `npm run bench:registry-list [-- --requests 300 --warmup 30 --concurrency 1]`: the filtered,
 * paged registry list (R2) through the real HTTP API, as the city task force uses it: region
 * subtree (a district, a town) + a kind filter + a Chinese name search, for households, venues
 * and enterprises, against the scale-1 city of `npm run gen:city -- --scale 1`.
 * Target: p95 < 100 ms per query shape. Writes bench/results/registry-list.json.
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
import { KINDS } from '../src/registry/kinds.js';
import { todayInChina } from '../src/registry/registry.routes.js';
import { listRecords } from '../src/registry/registry.service.js';
import { systemClock } from '../src/shared/clock.js';
import { SESSION_COOKIE } from '../src/shared/cookies.js';
import { CITY, CITY_ADMIN, countCity } from '../scripts/gen-city-lib.js';
import { login, machineInfo, measure, RESULTS_DIR, startApp, table, writeResults, type LatencySummary, type Session } from './lib.js';

const TARGET_P95_MS = 100;

interface Shape {
  name: string;
  kind: 'household' | 'venue' | 'enterprise';
  region: 'city' | 'district' | 'town';
  filters: Record<string, string>;
  q?: string;
  /** Part of the acceptance set (the brief's shapes), or context only. */
  core: boolean;
}

/** The district with most households (临江区) and its first street. */
const REGION_CODES = { district: `${CITY.code.slice(0, 4)}01`, town: `${CITY.code.slice(0, 4)}01001000` };

const SHAPES: Shape[] = [
  { name: 'household · district · gasSource=bottled_lpg · q=花园', kind: 'household', region: 'district', filters: { gasSource: 'bottled_lpg' }, q: '花园', core: true },
  { name: 'household · town · gasSource=pipeline_ng · q=人民路', kind: 'household', region: 'town', filters: { gasSource: 'pipeline_ng' }, q: '人民路', core: true },
  { name: 'venue · district · kind=restaurant · q=火锅', kind: 'venue', region: 'district', filters: { kind: 'restaurant' }, q: '火锅', core: true },
  { name: 'venue · town · kind=restaurant · q=串串香', kind: 'venue', region: 'town', filters: { kind: 'restaurant' }, q: '串串香', core: true },
  { name: 'enterprise · district · kind=supply_point · q=液化气', kind: 'enterprise', region: 'district', filters: { kind: 'supply_point' }, q: '液化气', core: true },
  { name: 'enterprise · town · kind=bottled_lpg · q=燃气', kind: 'enterprise', region: 'town', filters: { kind: 'bottled_lpg' }, q: '燃气', core: true },
  { name: 'household · district · q=花园', kind: 'household', region: 'district', filters: {}, q: '花园', core: false },
  { name: 'household · district · q=翠湖花园', kind: 'household', region: 'district', filters: {}, q: '翠湖花园', core: false },
  { name: 'household · district · hardship=dibao', kind: 'household', region: 'district', filters: { hardship: 'dibao' }, core: false },
  { name: 'household · city (first page, no filter)', kind: 'household', region: 'city', filters: {}, core: false },
];

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '1' },
    /** Also write EXPLAIN (ANALYZE, BUFFERS) of each shape's two queries to bench/results/registry-list.plans.txt. */
    explain: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const warmup = Number(values.warmup);
const concurrency = Number(values.concurrency);

const config = loadConfig();
const conn = await openCliDatabase(config);
const running = await startApp(conn.url, { poolSize: 10 });
try {
  const { db } = running;
  await migrateDb(db);
  const regionRows = await db.execute<{ code: string; id: string; name: string }>(
    sql`SELECT code, id, name FROM regions WHERE status = 'active' AND code IN (${CITY.code}, ${REGION_CODES.district}, ${REGION_CODES.town})`,
  );
  const byCode = new Map(regionRows.rows.map((r) => [r.code, r]));
  const city = byCode.get(CITY.code);
  if (!city || !byCode.get(REGION_CODES.district) || !byCode.get(REGION_CODES.town)) {
    throw new Error(`no ${CITY.name} in this database: run \`npm run gen:city -- --scale 1\` first`);
  }
  const counts = await countCity(db, city.id);
  if (counts.households < 900_000) console.warn(`warning: ${CITY.name} has ${counts.households.toLocaleString('en')} households; the targets are for scale 1 (1,000,000)`);
  const regions = { city: city, district: byCode.get(REGION_CODES.district)!, town: byCode.get(REGION_CODES.town)! };
  const machine = await machineInfo(db);
  console.log(`${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.postgres.split(' on ')[0]}; load average ${machine.loadAverage.join(' ')}`);
  console.log(`${CITY.name}: ${counts.households.toLocaleString('en')} households, ${counts.venues.toLocaleString('en')} venues, ${counts.enterprises.toLocaleString('en')} enterprises`);
  console.log(`${requests} requests per shape after ${warmup} warm-up, concurrency ${concurrency}, via ${running.baseUrl}\n`);

  const session = await login(running.baseUrl, CITY_ADMIN.username, CITY_ADMIN.password);
  const results: (Shape & { url: string; regionName: string; total: number; totalCapped: boolean; latency: LatencySummary; pass: boolean })[] = [];
  for (const shape of SHAPES) {
    const region = regions[shape.region];
    const params = new URLSearchParams({ ...(shape.region === 'city' ? {} : { regionId: region.id }), ...shape.filters, ...(shape.q ? { q: shape.q } : {}), page: '1', pageSize: '20' });
    const url = `/api/v1/registry/${shape.kind}?${params.toString()}`;
    let first: { total: number; totalCapped: boolean } | null = null;
    const latency = await measure({
      requests,
      warmup,
      concurrency,
      call: async () => {
        const res = await session.get(url);
        const body = (await res.json()) as { total: number; totalCapped: boolean; items: unknown[] };
        if (res.status !== 200) throw new Error(`${shape.name}: HTTP ${res.status} ${JSON.stringify(body)}`);
        first ??= { total: body.total, totalCapped: body.totalCapped };
      },
    });
    const found = first as { total: number; totalCapped: boolean } | null;
    const row = { ...shape, url, regionName: region.name, total: found?.total ?? 0, totalCapped: found?.totalCapped ?? false, latency, pass: latency.p95Ms < TARGET_P95_MS };
    results.push(row);
    console.log(`${row.pass ? 'ok  ' : 'MISS'} ${shape.name} (${region.name}): ${row.total}${row.totalCapped ? '+' : ''} found; p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms, p99 ${latency.p99Ms} ms`);
  }

  console.log(
    `\n${table([
      ['shape', 'region', 'found', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p95 < 100'],
      ...results.map((r) => [r.name, r.regionName, `${r.total}${r.totalCapped ? '+' : ''}`, r.latency.p50Ms, r.latency.p95Ms, r.latency.p99Ms, r.latency.maxMs, r.pass ? 'yes' : 'NO']),
    ])}`,
  );
  const explained = values.explain ? await explainShapes(db, session, results) : null;
  if (explained) console.log(`plans written to ${explained.file}`);
  const loadAfter = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const file = writeResults('registry-list', {
    target: { p95Ms: TARGET_P95_MS },
    settings: { requests, warmup, concurrency, pageSize: 20, transport: 'HTTP on 127.0.0.1 (client and server in one Node process)' },
    machine: { ...machine, loadAverageAfter: loadAfter },
    data: { city: CITY.name, counts },
    shapes: results.map((r) => ({
      name: r.name,
      core: r.core,
      kind: r.kind,
      region: r.regionName,
      url: r.url,
      found: r.total,
      foundCapped: r.totalCapped,
      ...r.latency,
      pass: r.pass,
      // With --explain: the summed execution time of the shape's statements in one EXPLAIN ANALYZE run.
      ...(explained ? { explainDbMs: Math.round((explained.dbMs.get(r.name) ?? 0) * 100) / 100 } : {}),
    })),
    allCorePass: results.filter((r) => r.core).every((r) => r.pass),
  });
  console.log(`\nwritten ${file}`);
  if (!results.filter((r) => r.core).every((r) => r.pass)) process.exitCode = 1;
} finally {
  await running.close();
  await conn.close();
}

/**
 * The plans behind the figures: listRecords runs once per shape on a Drizzle handle that records
 * its statements, and each recorded statement is run again under EXPLAIN (ANALYZE, BUFFERS).
 */
async function explainShapes(db: Db, session: Session, shapes: (Shape & { url: string })[]): Promise<{ file: string; dbMs: Map<string, number> }> {
  const cookie = /(?:^|; )gg_session=([^;]+)/.exec(session.cookie)?.[1];
  if (!cookie || SESSION_COOKIE !== 'gg_session') throw new Error('no session cookie');
  const info = await resolveSession(db, systemClock, cookie, 30, { ip: null, acceptLanguage: undefined });
  if (!info) throw new Error('session not found');
  const recorded: { sql: string; params: unknown[] }[] = [];
  const recording = drizzle(db.$client, { schema, logger: { logQuery: (q, params) => recorded.push({ sql: q, params }) } });
  const today = todayInChina(new Date());
  const out: string[] = [];
  const dbMs = new Map<string, number>();
  for (const shape of shapes) {
    const params = new URL(shape.url, 'http://x').searchParams;
    recorded.length = 0;
    await listRecords(recording, info.principal, KINDS[shape.kind], { regionId: params.get('regionId') ?? undefined, q: shape.q, filters: shape.filters, page: 1, pageSize: 20 }, today);
    for (const [i, q] of recorded.entries()) {
      const res = await db.$client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
      const plan = res.rows.map((r) => r['QUERY PLAN']).join('\n');
      dbMs.set(shape.name, (dbMs.get(shape.name) ?? 0) + Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0));
      out.push(`== ${shape.name} — statement ${i + 1} of ${recorded.length}\n${q.sql}\n${JSON.stringify(q.params)}\n${plan}\n`);
    }
  }
  const file = path.join(RESULTS_DIR, 'registry-list.plans.txt');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(file, out.join('\n'));
  return { file, dbMs };
}
