/**
 * `npm run bench:dashboard [-- --requests 30 --warmup 3]`: the dashboard (R11.1) for the whole
 * benchmark city 渝州市 (`npm run gen:city -- --scale 1`, then `npm run gen:hazards`), through the
 * real HTTP API as the city task force. Target: first figures (the summary-backed groups) under
 * 1 s. Also: the full dashboard with live coverage, a phase, a district and a town, trends, the
 * map, each provider on its own, and the incremental refresh after 1,000 changes.
 * Writes bench/results/dashboard.json.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { migrateDb } from '../src/db/db.js';
import { computeFigures, childrenOf, regionPrincipal } from '../src/dashboard/dashboard.service.js';
import { FIGURES } from '../src/dashboard/figures/index.js';
import { refreshSummaries } from '../src/dashboard/summary.refresh.js';
import { openCliDatabase } from '../src/embedded/postgres.js';
import { todayInChina } from '../src/registry/registry.routes.js';
import { CITY, CITY_ADMIN } from '../scripts/gen-city-lib.js';
import { login, machineInfo, measure, startApp, table, writeResults, type LatencySummary } from './lib.js';

const TARGET_FIRST_MS = 1000;
const { values } = parseArgs({ options: { requests: { type: 'string', default: '30' }, warmup: { type: 'string', default: '3' } } });
const requests = Number(values.requests);
const warmup = Number(values.warmup);

const config = loadConfig();
const conn = await openCliDatabase(config);
const running = await startApp(conn.url, { poolSize: 10 });
try {
  const { db } = running;
  await migrateDb(db);
  const city = (await db.execute<{ id: string; path: string; level: string; status: string; name: string; code: string }>(sql`SELECT id, path, level, status, name, code FROM regions WHERE code = ${CITY.code} AND status = 'active'`)).rows[0];
  if (!city) throw new Error(`no ${CITY.name}: run \`npm run gen:city -- --scale 1\` and \`npm run gen:hazards\` first`);
  const district = (await childrenOf(db, city))[0]!;
  const town = (await childrenOf(db, district))[0]!;
  const today = todayInChina(new Date());
  const pending = await refreshSummaries(db); // whatever was left dirty, so the figures below are current
  const data = (
    await db.execute<Record<string, number>>(sql`
      SELECT (SELECT count(*) FROM hazards WHERE region_id IN (SELECT id FROM regions WHERE path LIKE ${city.path + '%'}))::int AS hazards,
             (SELECT count(*) FROM inspections WHERE region_id IN (SELECT id FROM regions WHERE path LIKE ${city.path + '%'}))::int AS inspections,
             (SELECT count(*) FROM households WHERE region_id IN (SELECT id FROM regions WHERE path LIKE ${city.path + '%'}))::int AS households,
             (SELECT count(*) FROM venues WHERE region_id IN (SELECT id FROM regions WHERE path LIKE ${city.path + '%'}))::int AS venues,
             (SELECT count(*) FROM dash_hazard_daily)::int AS "summaryRows",
             pg_total_relation_size('dash_hazard_daily')::bigint AS "summaryBytes",
             pg_total_relation_size('hazards')::bigint AS "hazardsBytes"`)
  ).rows[0]!;
  const machine = await machineInfo(db);
  console.log(`${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.postgres.split(' on ')[0]}; shared_buffers ${machine.postgresSettings.shared_buffers}`);
  console.log(`${CITY.name}: ${Number(data.hazards).toLocaleString('en')} hazards, ${Number(data.inspections).toLocaleString('en')} inspections; summary ${Number(data.summaryRows).toLocaleString('en')} rows`);

  const session = await login(running.baseUrl, CITY_ADMIN.username, CITY_ADMIN.password);
  const get = async (url: string) => {
    const res = await session.get(url);
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const period = `from=${Number(today.slice(0, 4)) - 1}${today.slice(4)}&to=${today}`;
  const first = `groups=registry,hazards,licences,public`;
  // A campaign of the city with the seed-000 phase lengths, ending today, for the per-phase reading.
  const phaseStart = new Date(Date.parse(`${today}T00:00:00Z`) - 200 * 86_400_000).toISOString().slice(0, 10);
  const campaign = await db.execute<{ id: string }>(sql`
    INSERT INTO campaigns (region_id, name, calendar, phases, start_date, end_date, reporting_from)
    VALUES (${city.id}, '基准测试专项整治', ${JSON.stringify({ key: 'dazu_000', rules: [], startsOn: null })}::jsonb,
            ${JSON.stringify([{ key: 'focused', name: '集中攻坚', start: phaseStart, end: today }])}::jsonb, ${phaseStart}, ${today}, ${today})
    RETURNING id`);
  const shapes: { name: string; url: string; core: boolean }[] = [
    { name: 'first figures: city, summary groups (registry, hazards, licences, public)', url: `/api/v1/dashboard?regionId=${city.id}&${period}&${first}`, core: true },
    { name: 'first figures: city, one campaign phase', url: `/api/v1/dashboard?regionId=${city.id}&campaignId=${campaign.rows[0]!.id}&phase=focused&${first}`, core: true },
    { name: 'first figures: a district', url: `/api/v1/dashboard?regionId=${district.id}&${period}&${first}`, core: true },
    { name: 'first figures: a town', url: `/api/v1/dashboard?regionId=${town.id}&${period}&${first}`, core: true },
    { name: 'coverage group only: city (live, coverage.service)', url: `/api/v1/dashboard?regionId=${city.id}&${period}&groups=coverage`, core: false },
    { name: 'every figure: city', url: `/api/v1/dashboard?regionId=${city.id}&${period}`, core: false },
    { name: 'trend: hazards.found by month, 2 years', url: `/api/v1/dashboard/trends?regionId=${city.id}&metric=hazards.found&granularity=month&from=${Number(today.slice(0, 4)) - 2}${today.slice(4)}&to=${today}`, core: false },
    { name: 'trend: hazards.open by week, 1 year', url: `/api/v1/dashboard/trends?regionId=${city.id}&metric=hazards.open&granularity=week&${period}`, core: false },
    { name: 'map: city, open major hazards + stations/venues (2,000 points each)', url: `/api/v1/dashboard/map?regionId=${city.id}&${period}&layers=subjects,majorHazards`, core: false },
  ];
  const results: { name: string; core: boolean; url: string; coldMs: number; latency: LatencySummary; pass: boolean | null }[] = [];
  for (const s of shapes) {
    const t0 = performance.now();
    await get(s.url);
    const coldMs = Math.round((performance.now() - t0) * 100) / 100;
    const latency = await measure({ requests, warmup, call: async () => void (await get(s.url)) });
    const pass = s.core ? coldMs < TARGET_FIRST_MS && latency.p95Ms < TARGET_FIRST_MS : null;
    results.push({ ...s, coldMs, latency, pass });
    console.log(`${pass === null ? '    ' : pass ? 'ok  ' : 'MISS'} ${s.name}: first ${coldMs} ms; p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms`);
  }

  // Each provider on its own (city and its districts, last year): where the time goes.
  const p = regionPrincipal(city);
  const ctx = { db, principal: p, target: city, regions: [city, ...(await childrenOf(db, city))], from: `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, to: today, today };
  const providers: { key: string; source: string; ms: number }[] = [];
  for (const f of FIGURES) {
    const t0 = performance.now();
    await computeFigures(ctx, [f]);
    providers.push({ key: f.key, source: f.source, ms: Math.round((performance.now() - t0) * 100) / 100 });
  }
  console.log(`\n${table([['provider', 'source', 'ms'], ...providers.map((x) => [x.key, x.source, x.ms])])}`);

  // Incremental refresh: 1,000 hazards closed and 1,000 new ones, then one job round.
  await db.execute(sql`
    UPDATE hazards SET state = 'closed', closed_at = now(), updated_at = now()
    WHERE id IN (SELECT id FROM hazards WHERE code LIKE 'YHG%' AND state = 'rectifying' LIMIT 1000)`);
  await db.execute(sql`
    INSERT INTO hazards (code, region_id, subject_type, subject_id, subject_name, category, task_kind, severity, description, source, found_at, state)
    SELECT 'YHB' || g, region_id, subject_type, subject_id, subject_name, category, task_kind, severity, 'bench refresh', 'manual', now(), 'reported'
    FROM (SELECT * FROM hazards WHERE code LIKE 'YHG%' LIMIT 1000) h, LATERAL (SELECT h.code AS g) x`);
  const refresh = await refreshSummaries(db);
  await db.execute(sql`DELETE FROM hazards WHERE code LIKE 'YHB%'`);
  await refreshSummaries(db);
  await db.execute(sql`DELETE FROM campaigns WHERE id = ${campaign.rows[0]!.id}`);
  console.log(`incremental refresh after 1,000 closures + 1,000 new hazards: ${refresh.deltas} deltas over ${refresh.days} days applied in ${refresh.ms} ms`);

  const corePass = results.filter((r) => r.core).every((r) => r.pass);
  const file = writeResults('dashboard', {
    target: { firstFiguresMs: TARGET_FIRST_MS, meaning: 'the first request and p95 of the summary-backed dashboard groups for the whole city' },
    settings: { requests, warmup, concurrency: 1, transport: 'HTTP on 127.0.0.1 (client and server in one Node process)', period },
    machine: { ...machine, loadAverageAfter: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    data: { city: CITY.name, ...Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Number(v)])), pendingAtStart: pending },
    shapes: results.map((r) => ({ name: r.name, core: r.core, url: r.url, coldMs: r.coldMs, ...r.latency, pass: r.pass })),
    providers,
    incrementalRefresh: { change: '1,000 hazards closed + 1,000 created', deltas: refresh.deltas, days: refresh.days, ms: refresh.ms },
    firstFiguresPass: corePass,
  });
  console.log(`\nwritten ${file}`);
  if (!corePass) process.exitCode = 1;
} finally {
  await running.close();
  await conn.close();
}
