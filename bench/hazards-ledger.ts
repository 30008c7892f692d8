/**
 * `npm run bench:hazards-ledger [-- --requests 100 --warmup 10 --sweep --reset-escalations --explain]`:
 * the hazard ledger (R4) over 5,000,000 hazards of the benchmark city 渝州市
 * (`npm run gen:city -- --scale 1`, then `npm run gen:hazards`), through the real HTTP API as the
 * city task force (city_admin):
 *   1. GET /api/v1/hazards with filters (region subtree + state + category/severity + overdue),
 *      first pages of 20. Target: p95 < 150 ms per shape.
 *   2. Counts by state and region for the city: the dashboard's hazard group (GET /api/v1/dashboard
 *      ?groups=hazards: open, closed, major, overdue … for the city and each district, from the
 *      daily summary). Target: < 500 ms. Context: the list's capped count per state (pageSize=1).
 *   3. With --sweep: the overdue sweep (runOverdueSweep, the job behind 督办, called in the server
 *      process on its pool) over the 5,000,000 hazards, timed, while a client keeps requesting a
 *      list shape: latencies during the sweep against those before it. Target: < 10 s, requests
 *      not blocked. The first sweep of a day does the work; --reset-escalations first puts the
 *      generated hazards (YHG…) back to level 0 so that a rerun escalates them again.
 * `--explain` writes EXPLAIN (ANALYZE, BUFFERS) of each list shape's statements to
 * bench/results/hazards-ledger.plans.txt. Writes bench/results/hazards-ledger.json.
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
import { listHazards } from '../src/hazards/hazards.service.js';
import { runOverdueSweep } from '../src/hazards/overdue.sweep.js';
import { todayInChina } from '../src/registry/registry.routes.js';
import { systemClock } from '../src/shared/clock.js';
import { CITY, CITY_ADMIN } from '../scripts/gen-city-lib.js';
import { login, machineInfo, measure, RESULTS_DIR, startApp, summarise, table, writeResults, type LatencySummary, type Session } from './lib.js';

const TARGET_LIST_P95_MS = 150;
const TARGET_COUNTS_MS = 500;
const TARGET_SWEEP_MS = 10_000;

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '10' },
    sweep: { type: 'boolean', default: false },
    'reset-escalations': { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const warmup = Number(values.warmup);

const config = loadConfig();
const conn = await openCliDatabase(config);
const running = await startApp(conn.url, { poolSize: 10 });
try {
  const { db } = running;
  await migrateDb(db);
  const city = (await db.execute<{ id: string; path: string; name: string }>(sql`SELECT id, path, name FROM regions WHERE code = ${CITY.code} AND status = 'active'`)).rows[0];
  if (!city) throw new Error(`no ${CITY.name}: run \`npm run gen:city -- --scale 1\` and \`npm run gen:hazards\` first`);
  const byCode = async (code: string) => (await db.execute<{ id: string; name: string }>(sql`SELECT id, name FROM regions WHERE code = ${code} AND status = 'active'`)).rows[0]!;
  const district = await byCode(`${CITY.code.slice(0, 4)}01`);
  const town = await byCode(`${CITY.code.slice(0, 4)}01001000`);
  const today = todayInChina(new Date());
  const data = (
    await db.execute<Record<string, number>>(sql`
      SELECT (SELECT count(*) FROM hazards)::int AS hazards,
             (SELECT count(*) FROM hazards WHERE state IN ('reported','assigned','rectifying','awaiting_review'))::int AS open,
             (SELECT count(*) FROM hazards WHERE state IN ('reported','assigned','rectifying','awaiting_review') AND deadline < ${today}::date)::int AS overdue,
             pg_total_relation_size('hazards')::bigint AS "hazardsBytes"`)
  ).rows[0]!;
  const machine = await machineInfo(db);
  console.log(`${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.postgres.split(' on ')[0]}; load average ${machine.loadAverage.join(' ')}`);
  console.log(`hazards ${Number(data.hazards).toLocaleString('en')} (open ${Number(data.open).toLocaleString('en')}, overdue ${Number(data.overdue).toLocaleString('en')}); ${requests} requests per shape after ${warmup} warm-up, one at a time\n`);
  if (Number(data.hazards) < 4_500_000) console.warn(`warning: the targets are for 5,000,000 hazards`);

  const session = await login(running.baseUrl, CITY_ADMIN.username, CITY_ADMIN.password);
  const list = (region: { id: string }, f: Record<string, string>, page = 1) => `/api/v1/hazards?${new URLSearchParams({ regionId: region.id, ...f, page: String(page), pageSize: '20' }).toString()}`;
  const listShapes = [
    { name: 'city · state=open', url: list(city, { state: 'open' }) },
    { name: 'city · overdue', url: list(city, { overdue: 'true' }) },
    { name: 'city · severity=major · overdue', url: list(city, { severity: 'major', overdue: 'true' }) },
    { name: 'district · state=rectifying · category=problem_hose', url: list(district, { state: 'rectifying', category: 'problem_hose' }) },
    { name: 'district · state=open · severity=major', url: list(district, { state: 'open', severity: 'major' }) },
    { name: 'district · category=problem_cylinder · overdue · page 2', url: list(district, { category: 'problem_cylinder', overdue: 'true' }, 2) },
    { name: 'town · state=assigned · severity=general', url: list(town, { state: 'assigned', severity: 'general' }) },
    { name: 'town · state=closed · category=problem_valve', url: list(town, { state: 'closed', category: 'problem_valve' }) },
    { name: 'city · no filter (first page)', url: list(city, {}) },
  ];
  const get = async (url: string) => {
    const res = await session.get(url);
    const body = (await res.json()) as { total?: number; totalCapped?: boolean };
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  const listResults: { name: string; url: string; total: number; capped: boolean; latency: LatencySummary; pass: boolean }[] = [];
  for (const shape of listShapes) {
    let first: { total?: number; totalCapped?: boolean } | null = null;
    const latency = await measure({ requests, warmup, call: async () => void (first ??= await get(shape.url)) });
    const f = first as { total?: number; totalCapped?: boolean } | null;
    const row = { ...shape, total: f?.total ?? 0, capped: f?.totalCapped ?? false, latency, pass: latency.p95Ms < TARGET_LIST_P95_MS };
    listResults.push(row);
    console.log(`${row.pass ? 'ok  ' : 'MISS'} list ${shape.name}: ${row.total}${row.capped ? '+' : ''}; p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms`);
  }

  // Counts by state and region: the dashboard's hazard figures for the city and its districts.
  const period = `from=${Number(today.slice(0, 4)) - 1}${today.slice(4)}&to=${today}`;
  const countShapes = [
    { name: 'dashboard groups=hazards · city + districts', url: `/api/v1/dashboard?regionId=${city.id}&${period}&groups=hazards`, core: true },
    { name: 'dashboard groups=hazards · district + towns', url: `/api/v1/dashboard?regionId=${district.id}&${period}&groups=hazards`, core: true },
    ...['open', 'reported', 'assigned', 'rectifying', 'awaiting_review', 'closed'].map((s) => ({ name: `list count · city · state=${s} (capped at 10,000)`, url: `/api/v1/hazards?regionId=${city.id}&state=${s}&page=1&pageSize=1`, core: false })),
  ];
  const countReps = Math.max(10, Math.round(requests / 5));
  const countResults: { name: string; url: string; core: boolean; sample: unknown; latency: LatencySummary; pass: boolean | null }[] = [];
  for (const shape of countShapes) {
    let sample: unknown = null;
    const latency = await measure({
      requests: countReps,
      warmup: 2,
      call: async () => {
        const b = (await get(shape.url)) as Record<string, unknown>;
        sample ??= shape.core ? summariseDashboard(b) : { total: b.total, totalCapped: b.totalCapped };
      },
    });
    const row = { ...shape, sample, latency, pass: shape.core ? latency.p95Ms < TARGET_COUNTS_MS : null };
    countResults.push(row);
    console.log(`${row.pass === false ? 'MISS' : 'ok  '} counts ${shape.name}: p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms ${JSON.stringify(sample).slice(0, 160)}`);
  }

  let sweep: Record<string, unknown> | null = null;
  if (values.sweep) sweep = await sweepUnderLoad(db, session, listShapes[0]!.url, today);

  console.log(
    `\n${table([
      ['shape', 'found', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'target'],
      ...listResults.map((r) => [`list ${r.name}`, `${r.total}${r.capped ? '+' : ''}`, r.latency.p50Ms, r.latency.p95Ms, r.latency.p99Ms, r.latency.maxMs, r.pass ? 'ok < 150' : 'MISS 150']),
      ...countResults.map((r) => [`counts ${r.name}`, '', r.latency.p50Ms, r.latency.p95Ms, r.latency.p99Ms, r.latency.maxMs, r.pass === null ? '(context)' : r.pass ? 'ok < 500' : 'MISS 500']),
    ])}`,
  );
  const explained = values.explain ? await explainLists(db, session, listShapes, today) : null;
  if (explained) console.log(`plans written to ${explained}`);
  const file = writeResults('hazards-ledger', {
    target: { listP95Ms: TARGET_LIST_P95_MS, countsMs: TARGET_COUNTS_MS, sweepMs: TARGET_SWEEP_MS },
    settings: { requests, warmup, countRequests: countReps, concurrency: 1, pageSize: 20, today, transport: 'HTTP on 127.0.0.1 (client and server in one Node process)', account: CITY_ADMIN.username },
    machine: { ...machine, loadAverageAfter: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    data: { city: CITY.name, ...data },
    lists: listResults.map((r) => ({ name: r.name, url: r.url, found: r.total, foundCapped: r.capped, ...r.latency, pass: r.pass })),
    counts: countResults.map((r) => ({ name: r.name, url: r.url, core: r.core, sample: r.sample, ...r.latency, pass: r.pass })),
    sweep,
    allListsPass: listResults.every((r) => r.pass),
    countsPass: countResults.filter((r) => r.core).every((r) => r.pass),
  });
  console.log(`\nwritten ${file}`);
} finally {
  await running.close();
  await conn.close();
}

/** The hazard figures of a dashboard answer, compactly: the target's and the first child's values. */
function summariseDashboard(b: Record<string, unknown>): unknown {
  const figures = b.figures as { key: string; value?: unknown }[] | undefined;
  const children = b.children as unknown[] | undefined;
  if (!Array.isArray(figures)) return { keys: Object.keys(b) };
  return { children: children?.length ?? 0, figures: Object.fromEntries(figures.map((f) => [f.key, f.value])) };
}

/**
 * The overdue sweep in the server process while one client keeps requesting `url`: latencies in
 * the 20 requests before, and all requests during the sweep (bounded to 5,000).
 */
async function sweepUnderLoad(db: Db, session: Session, url: string, today: string): Promise<Record<string, unknown>> {
  if (values['reset-escalations']) {
    const t0 = Date.now();
    const r = await db.execute(sql`UPDATE hazards SET escalation_level = 0, escalated_at = NULL WHERE code LIKE 'YHG%' AND escalation_level > 0`);
    await db.execute(sql`VACUUM (ANALYZE) hazards`);
    console.log(`reset ${r.rowCount ?? 0} escalations in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const timeOne = async () => {
    const t0 = performance.now();
    const res = await session.get(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    return performance.now() - t0;
  };
  const before: number[] = [];
  for (let i = 0; i < 20; i++) before.push(await timeOne());
  let done = false;
  const during: number[] = [];
  const client = (async () => {
    while (!done && during.length < 5000) during.push(await timeOne());
  })();
  const t0 = performance.now();
  const result = await runOverdueSweep(db, today);
  const sweepMs = performance.now() - t0;
  done = true;
  await client;
  const second0 = performance.now();
  const second = await runOverdueSweep(db, today);
  const secondMs = performance.now() - second0;
  const out = {
    today,
    ran: result.ran,
    escalated: result.escalated,
    ms: Math.round(sweepMs),
    pass: result.ran && sweepMs < TARGET_SWEEP_MS,
    secondRunSameDay: { escalated: second.escalated, ms: Math.round(secondMs) },
    listDuringSweep: { url, before: summarise(before), during: summarise(during) },
  };
  console.log(`${out.pass ? 'ok  ' : 'MISS'} overdue sweep: ${result.escalated.toLocaleString('en')} escalated in ${out.ms} ms (second run the same day: ${second.escalated} in ${out.secondRunSameDay.ms} ms)`);
  console.log(`     list during the sweep: ${during.length} requests, p50 ${out.listDuringSweep.during.p50Ms} ms, p95 ${out.listDuringSweep.during.p95Ms} ms, max ${out.listDuringSweep.during.maxMs} ms (before: p50 ${out.listDuringSweep.before.p50Ms} ms, p95 ${out.listDuringSweep.before.p95Ms} ms)`);
  return out;
}

/** EXPLAIN (ANALYZE, BUFFERS) of the statements listHazards runs for each shape. */
async function explainLists(db: Db, session: Session, shapes: { name: string; url: string }[], today: string): Promise<string> {
  const cookie = /(?:^|; )gg_session=([^;]+)/.exec(session.cookie)?.[1];
  const info = cookie ? await resolveSession(db, systemClock, cookie, 30, { ip: null, acceptLanguage: undefined }) : null;
  if (!info) throw new Error('session not found');
  const out: string[] = [];
  for (const shape of shapes) {
    const p = new URL(shape.url, 'http://x').searchParams;
    const recorded: { sql: string; params: unknown[] }[] = [];
    const recording = drizzle(db.$client, { schema, logger: { logQuery: (q, params) => recorded.push({ sql: q, params }) } });
    await listHazards(
      recording,
      info.principal,
      { regionId: p.get('regionId') ?? undefined, state: p.get('state') ?? undefined, category: p.get('category') ?? undefined, severity: p.get('severity') ?? undefined, overdue: p.get('overdue') === 'true' || undefined, page: Number(p.get('page') ?? 1), pageSize: 20 },
      today,
    );
    for (const [i, q] of recorded.entries()) {
      const res = await db.$client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
      out.push(`== ${shape.name} — statement ${i + 1} of ${recorded.length}\n${q.sql}\n${JSON.stringify(q.params)}\n${res.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    }
  }
  const file = path.join(RESULTS_DIR, 'hazards-ledger.plans.txt');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(file, out.join('\n'));
  return file;
}
