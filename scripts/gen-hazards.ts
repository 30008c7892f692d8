/**
 * `npm run gen:hazards -- [--count 5000000] [--seed 1] [--as-of YYYY-MM-DD] [--days 730] [--no-inspections] [--replace]`:
 * put hazards (and, unless told not to, inspections) on the subjects of the benchmark city 渝州市
 * that `npm run gen:city` made, for the dashboard benchmark (bench/dashboard.ts). Set-based SQL
 * over generate_series with hash-based randomness (the same seed and as-of give the same rows),
 * inserted in chunks; then the dashboard summaries are rebuilt once (timed: the initial build).
 * Generated rows carry codes YHG… / JCG…, so --replace removes exactly them.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { createDb, migrateDb, type Db } from '../src/db/db.js';
import { refreshSummaries } from '../src/dashboard/summary.refresh.js';
import { openCliDatabase } from '../src/embedded/postgres.js';
import { CITY, CITY_ADMIN } from './gen-city-lib.js';
import { lit, SqlRandom, weighted } from './gen-city-sql.js';

const USAGE = `usage: npm run gen:hazards -- [--count N] [--seed S] [--as-of YYYY-MM-DD] [--days D] [--no-inspections] [--replace]
  --count          hazards to generate, default 5,000,000
  --days           spread over the D days before the as-of date, default 730
  --no-inspections skip the ≈ 0.9 million inspections (venues monthly, households once, enterprises quarterly)
  --replace        delete the hazards and inspections generated before (codes YHG…/JCG…) first`;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '5000000' },
    seed: { type: 'string', default: '1' },
    'as-of': { type: 'string' },
    days: { type: 'string', default: '730' },
    'no-inspections': { type: 'boolean', default: false },
    replace: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const count = Number(values.count);
const seed = Number(values.seed);
const days = Number(values.days);
const asOf = values['as-of'] ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || !Number.isInteger(days) || days < 1 || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
  console.error(`bad arguments\n${USAGE}`);
  process.exit(2);
}

const CHUNK = 500_000;
const R = new SqlRandom(seed + 7);
const key = (tag: string) => lit(`${seed}:${CITY.code}:hz:${tag}:`);
const CATEGORIES = ['problem_gas', 'problem_cylinder', 'problem_valve', 'problem_hose', 'problem_stove', 'problem_pipeline', 'problem_environment', 'management'];

async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const r = await f();
  console.log(`  ${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

async function run(db: Db, text: string): Promise<number> {
  const res = await db.execute(sql.raw(text));
  return res.rowCount ?? 0;
}

/** Subjects of the city numbered 1…n by type, with their town: what the generator picks from. */
async function prepareSubjects(db: Db, cityPath: string): Promise<Record<string, { offset: number; n: number }>> {
  await run(db, `DROP TABLE IF EXISTS gh_town, gh_subj`);
  await run(db, `CREATE UNLOGGED TABLE gh_town AS
    SELECT r.id AS region_id, (SELECT t.id FROM unnest(string_to_array(trim(both '/' from r.path), '/')) a(id) JOIN regions t ON t.id = a.id::uuid WHERE t.level = 'town') AS town_id
    FROM regions r WHERE r.path LIKE ${lit(cityPath + '%')}`);
  await run(db, `CREATE UNLOGGED TABLE gh_subj (n bigint PRIMARY KEY, type text, id uuid, name text, region_id uuid, enterprise_id uuid, venue_id uuid)`);
  const inCity = `region_id IN (SELECT region_id FROM gh_town)`;
  const sources: [string, string][] = [
    ['household', `SELECT 'household' AS type, id, address AS name, region_id, NULL::uuid AS enterprise_id, NULL::uuid AS venue_id FROM households WHERE status = 'active' AND ${inCity}`],
    ['venue', `SELECT 'venue' AS type, id, name, region_id, NULL::uuid AS enterprise_id, id AS venue_id FROM venues WHERE status = 'active' AND ${inCity}`],
    ['facility', `SELECT 'facility' AS type, id, name, region_id, enterprise_id, NULL::uuid AS venue_id FROM facilities WHERE status = 'active' AND ${inCity}`],
    ['enterprise', `SELECT 'enterprise' AS type, id, name, region_id, id AS enterprise_id, NULL::uuid AS venue_id FROM enterprises WHERE status = 'active' AND ${inCity}`],
  ];
  const out: Record<string, { offset: number; n: number }> = {};
  let offset = 0;
  for (const [type, select] of sources) {
    const n = await run(db, `INSERT INTO gh_subj SELECT ${offset} + row_number() OVER (ORDER BY s.id), s.* FROM (${select}) s`);
    out[type] = { offset, n };
    offset += n;
  }
  await run(db, `ANALYZE gh_subj`);
  return out;
}

/** One chunk of hazards, rows lo…hi: subject by type mix, found dates rising with the row number, state by age. */
function hazardChunk(lo: number, hi: number, subj: Record<string, { offset: number; n: number }>): string {
  const pick = (t: string) => `${subj[t]!.offset} + 1 + ${R.int('i', 2, Math.max(1, subj[t]!.n))}`;
  const type = weighted(R.u('i', 1), [['household', 45], ['venue', 40], ['facility', 10], ['enterprise', 5]]);
  const n = `CASE ${type} WHEN 'household' THEN ${pick('household')} WHEN 'venue' THEN ${pick('venue')} WHEN 'facility' THEN ${pick('facility')} ELSE ${pick('enterprise')} END`;
  // Found in the order of the rows, as a ledger fills up (oldest first), a day of jitter either way.
  const age = `greatest(0, least(${days - 1}, floor((${count} - i)::float8 * ${days} / ${count})::int + ${R.int('i', 3, 3)} - 1))`;
  const u = R.u('i', 5);
  const state = `CASE WHEN x.age > 60 THEN (CASE WHEN x.u < 0.97 THEN 'closed' ELSE 'rectifying' END)
                      WHEN x.age > 15 THEN (CASE WHEN x.u < 0.85 THEN 'closed' WHEN x.u < 0.93 THEN 'rectifying' WHEN x.u < 0.97 THEN 'awaiting_review' ELSE 'assigned' END)
                      ELSE (CASE WHEN x.u < 0.40 THEN 'closed' WHEN x.u < 0.60 THEN 'reported' WHEN x.u < 0.80 THEN 'assigned' WHEN x.u < 0.95 THEN 'rectifying' ELSE 'awaiting_review' END) END`;
  return `
    INSERT INTO hazards (id, code, region_id, town_id, subject_type, subject_id, subject_name, enterprise_id, venue_id, category, task_kind, severity, description,
                         source, found_at, state, fixed_on_spot, deadline, closed_at, rebound_of, escalation_level, created_at, updated_at)
    SELECT y.id, y.code, s.region_id, t.town_id, s.type, s.id, s.name, s.enterprise_id, s.venue_id, y.category,
           CASE s.type WHEN 'household' THEN 'household' WHEN 'venue' THEN 'catering' WHEN 'facility' THEN 'pipeline' ELSE 'gas_enterprise' END,
           y.severity, '基准测试生成的隐患', y.source, y.found_at, y.state, y.fixed,
           CASE WHEN y.state = 'reported' OR y.fixed THEN NULL ELSE (y.found_at AT TIME ZONE 'Asia/Shanghai')::date + y.grace END,
           CASE WHEN y.state = 'closed' THEN y.found_at + make_interval(days => least(y.age, CASE WHEN y.fixed THEN 0 ELSE y.fix_days END), hours => 2) END,
           y.rebound_of, 0, y.found_at, y.found_at
    FROM (
      SELECT x.*, ${state} AS state, (x.u2 < 0.10) AS fixed
      FROM (
        SELECT i, ${R.uuid(`${key('id')} || i`)} AS id, 'YHG' || lpad(i::text, 10, '0') AS code, (${n})::bigint AS n, ${age} AS age, ${u} AS u, ${R.u('i', 6)} AS u2,
               (${lit(asOf)}::date - ${age})::timestamp AT TIME ZONE 'Asia/Shanghai' + make_interval(hours => 8 + ${R.int('i', 7, 10)}, mins => ${R.int('i', 8, 60)}) AS found_at,
               CASE WHEN ${R.u('i', 9)} < 0.03 THEN 'major' ELSE 'general' END AS severity,
               ${R.pick(CATEGORIES, 'i', 10)} AS category,
               ${weighted(R.u('i', 11), [['inspection', 90], ['self_check', 5], ['manual', 3], ['public_report', 2]])} AS source,
               7 + ${R.int('i', 12, 24)} AS grace, 1 + ${R.int('i', 13, 40)} AS fix_days,
               CASE WHEN i > 1000 AND ${R.u('i', 14)} < 0.01 THEN ${R.uuid(`${key('id')} || (i - 997)`)} END AS rebound_of
        FROM generate_series(${lo}, ${hi}) AS i
      ) x
    ) y
    JOIN gh_subj s ON s.n = y.n
    JOIN gh_town t ON t.region_id = s.region_id`;
}

/** Inspections for coverage: venues monthly (80 %), households once in the window (60 %), enterprises quarterly. */
function inspectionsSql(adminId: string): string[] {
  const cols = `code, client_uuid, kind, region_id, subject_type, subject_id, subject_name, inspector_ids, inspector_names, submitted_at, inspector_signatures, findings, library_version, created_by`;
  const common = (kind: string) => `${lit(kind)}, s.region_id, s.type, s.id, s.name, ARRAY[${lit(adminId)}]::uuid[], ARRAY['基准检查员']::text[]`;
  const tail = `'{}'::uuid[], 0, 'bench', ${lit(adminId)}`;
  const ts = (dayExpr: string) => `(${lit(asOf)}::date - (${dayExpr}))::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours'`;
  return [
    `INSERT INTO inspections (${cols})
     SELECT 'JCG' || 'V' || s.n || '-' || m, ${R.uuid(`${key('iv')} || s.n || '-' || m`)}, ${common('official')}, ${ts(`m * 30 + ${R.int('s.n * 12 + m', 20, 28)}`)}, ${tail}
     FROM gh_subj s CROSS JOIN generate_series(0, 11) m WHERE s.type = 'venue' AND ${R.u('s.n * 12 + m', 21)} < 0.8`,
    `INSERT INTO inspections (${cols})
     SELECT 'JCG' || 'H' || s.n, ${R.uuid(`${key('ih')} || s.n`)}, ${common('company')}, ${ts(R.int('s.n', 22, days))}, ${tail}
     FROM gh_subj s WHERE s.type = 'household' AND ${R.u('s.n', 23)} < 0.6`,
    `INSERT INTO inspections (${cols})
     SELECT 'JCG' || 'E' || s.n || '-' || q, ${R.uuid(`${key('ie')} || s.n || '-' || q`)}, ${common('official')}, ${ts(`q * 90 + ${R.int('s.n * 8 + q', 24, 80)}`)}, ${tail}
     FROM gh_subj s CROSS JOIN generate_series(0, 7) q WHERE s.type = 'enterprise'`,
  ];
}

const config = loadConfig();
const conn = await openCliDatabase(config);
const db = createDb(conn.url, 2);
try {
  await migrateDb(db);
  const city = (await db.execute<{ id: string; path: string }>(sql`SELECT id, path FROM regions WHERE code = ${CITY.code} AND status = 'active'`)).rows[0];
  if (!city) throw new Error(`no ${CITY.name} (${CITY.code}) in this database: run \`npm run gen:city -- --scale 1\` first`);
  const admin = (await db.execute<{ id: string }>(sql`SELECT id FROM accounts WHERE lower(username) = ${CITY_ADMIN.username}`)).rows[0];
  if (!admin) throw new Error(`no ${CITY_ADMIN.username} account: run gen:city first`);
  const existing = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM hazards WHERE code LIKE 'YHG%'`)).rows[0]!.n;
  await db.execute(sql`SET synchronous_commit = off`);
  await db.execute(sql`SET work_mem = '256MB'`);
  if (existing && !values.replace) throw new Error(`${existing.toLocaleString('en')} generated hazards exist already; run again with --replace to delete them first`);
  const started = Date.now();
  console.log(`${CITY.name}: ${count.toLocaleString('en')} hazards over ${days} days before ${asOf}, seed ${seed}`);
  // Bulk rows need no deltas: the summaries are rebuilt from the table at the end.
  await run(db, `ALTER TABLE hazards DISABLE TRIGGER hazards_dash_insert`);
  await run(db, `ALTER TABLE hazards DISABLE TRIGGER hazards_dash_delete`);
  if (values.replace) {
    await timed('delete earlier generated hazards and inspections', async () => {
      await run(db, `DELETE FROM hazards WHERE code LIKE 'YHG%'`);
      await db.transaction(async (tx) => {
        await tx.execute(sql.raw(`ALTER TABLE inspections DISABLE TRIGGER inspections_immutable`));
        await tx.execute(sql.raw(`DELETE FROM inspections WHERE code LIKE 'JCG%'`));
        await tx.execute(sql.raw(`ALTER TABLE inspections ENABLE TRIGGER inspections_immutable`));
      });
    });
  }
  const subj = await timed('subjects numbered', () => prepareSubjects(db, city.path));
  console.log(`  subjects: ${Object.entries(subj).map(([k, v]) => `${k} ${v.n.toLocaleString('en')}`).join(', ')}`);
  let made = 0;
  for (let lo = 1; lo <= count; lo += CHUNK) {
    const hi = Math.min(count, lo + CHUNK - 1);
    made += await timed(`hazards ${lo.toLocaleString('en')}–${hi.toLocaleString('en')}`, () => run(db, hazardChunk(lo, hi, subj)));
  }
  let inspected = 0;
  if (!values['no-inspections']) for (const s of inspectionsSql(admin.id)) inspected += await timed('inspections', () => run(db, s));
  await timed('vacuum analyze', async () => {
    await run(db, 'VACUUM (ANALYZE) hazards');
    await run(db, 'VACUUM (ANALYZE) inspections');
  });
  const build = await timed('dashboard summaries (initial build)', () => refreshSummaries(db, { rebuild: true }));
  await run(db, `DROP TABLE IF EXISTS gh_town, gh_subj`);
  const rows = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM dash_hazard_daily`)).rows[0]!.n;
  console.log(`\n${made.toLocaleString('en')} hazards, ${inspected.toLocaleString('en')} inspections in ${((Date.now() - started) / 1000).toFixed(0)} s; summaries: ${rows.toLocaleString('en')} rows built in ${(build.ms / 1000).toFixed(1)} s`);
} catch (e) {
  const cause = (e as { cause?: { message?: string } }).cause;
  console.error(`gen:hazards failed: ${cause?.message ?? (e as Error).message}`);
  process.exitCode = 1;
} finally {
  await run(db, `ALTER TABLE hazards ENABLE TRIGGER hazards_dash_insert`).catch(() => undefined);
  await run(db, `ALTER TABLE hazards ENABLE TRIGGER hazards_dash_delete`).catch(() => undefined);
  await db.$client.end();
  await conn.close();
}
