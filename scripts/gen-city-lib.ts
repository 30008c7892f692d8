/**
 * A realistic city for benchmarks and load tests (R1.1, R2): 渝州市 (fictional, 500300, under
 * 重庆市) with districts, towns/streets, communities/villages and grids; enterprises with
 * licences, staff and vehicles; pipelines and stations; venues; households. Everything is
 * generated inside PostgreSQL (INSERT … SELECT over generate_series, hash-based randomness), in
 * one transaction, deterministic for a given seed and as-of date.
 */
import { sql } from 'drizzle-orm';
import { hashPassword } from '../src/accounts/passwords.js';
import { recordAudit, SYSTEM_ACTOR } from '../src/audit/audit.js';
import type { Db, Executor } from '../src/db/db.js';
import { DEMO_PASSWORD } from '../src/demo/seed.js';
import { CITY, DISTRICTS, PROVINCE } from './gen-city-names.js';
import { createEnterprises, createFacilities, createHouseholds, createPeople, createRegionTree, createVenues, type Ctx } from './gen-city-steps.js';
import { lit, SqlRandom } from './gen-city-sql.js';

/** The benchmark login: a task-force account whose home is the generated city. */
export const CITY_ADMIN = { username: 'city_admin', password: DEMO_PASSWORD } as const;
export { CITY };

export interface GenerateCityOptions {
  /** 1 = a city of a million households; fractions for tests (0.002 ≈ 2,000 households). */
  scale: number;
  seed?: number;
  /** Delete an existing 渝州市 (and everything in it) first instead of refusing. */
  replace?: boolean;
  /** The day licence validity and record ages are reckoned from (ISO date); default today (UTC+8). */
  asOf?: string;
  log?: (message: string) => void;
}

export interface CitySize {
  districts: number;
  townsPerDistrict: number;
  streetsPerDistrict: number;
  communitiesPerTown: number;
  committeesPerTown: number;
  gridsPerCommunity: number;
  households: number;
  venues: number;
  enterprises: number;
  /** Pipeline segments and stations by facility kind. */
  facilities: Record<string, number>;
}

export interface CityCounts {
  regions: number;
  districts: number;
  towns: number;
  communities: number;
  grids: number;
  enterprises: number;
  licences: number;
  personnel: number;
  vehicles: number;
  facilities: number;
  pipelineKm: number;
  venues: number;
  households: number;
}

export interface GeneratedCity {
  cityId: string;
  cityCode: string;
  cityName: string;
  scale: number;
  seed: number;
  asOf: string;
  counts: CityCounts;
  seconds: number;
}

export class CityExistsError extends Error {}

/** How big the city is at a scale: the tree shrinks with the cube root, records linearly. */
export function citySize(scale: number): CitySize {
  const f = Math.min(1, Math.cbrt(scale));
  const townsPerDistrict = Math.max(2, Math.round(15 * f));
  const communitiesPerTown = Math.max(2, Math.round(12 * f));
  const districts = Math.max(1, Math.round(DISTRICTS.length * f));
  const n = (full: number, min = 0) => Math.max(min, Math.round(full * scale));
  return {
    districts,
    townsPerDistrict,
    streetsPerDistrict: Math.max(1, Math.round(townsPerDistrict * 0.4)),
    communitiesPerTown,
    committeesPerTown: Math.max(1, Math.ceil(communitiesPerTown / 4)),
    gridsPerCommunity: Math.max(1, Math.round(4 * f)),
    households: n(1_000_000),
    venues: n(30_000),
    enterprises: n(2_000, districts),
    // ≈ 5,000 km of pipeline at scale 1: 6,000 × 500 m + 15,000 × 120 m + 10,000 × 20 m.
    facilities: {
      pipeline_municipal: n(6_000),
      pipeline_courtyard: n(15_000),
      pipeline_riser: n(10_000),
      gate_station: n(3, 1),
      storage_station: n(4),
      regulator_station: n(40),
      regulator_box: n(1_500),
      regulator_cabinet: n(300),
      refuelling_station: n(30),
    },
  };
}

function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Generate the city beside whatever the database holds; refuses when it exists (unless `replace`). */
export async function generateCity(db: Db, opts: GenerateCityOptions): Promise<GeneratedCity> {
  const scale = opts.scale;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 20) throw new Error(`scale must be a number in (0, 20], got ${scale}`);
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 1e9) throw new Error(`seed must be an integer in [0, 1e9], got ${seed}`);
  const asOf = opts.asOf ?? todayInChina();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`asOf must be YYYY-MM-DD, got ${asOf}`);
  const log = opts.log ?? (() => undefined);
  const size = citySize(scale);
  const passwordHash = await hashPassword(CITY_ADMIN.password);
  const started = Date.now();

  const cityId = await db.transaction(async (tx) => {
    // One generator at a time; the whole city appears (or is replaced) atomically.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7301004)`);
    // Room for the sorts and the trigram indexes' pending lists of a million-row insert.
    await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
    const root = await one<{ id: string; path: string; depth: number }>(tx, `SELECT id, path, depth FROM regions WHERE code = '000000' AND status = 'active'`);
    if (!root) throw new Error('the database has no root region 全国 (000000): start the platform once, or run seedPlatform, before generating a city');
    await refuseOrReplace(tx, opts.replace ?? false, log);

    const R = new SqlRandom(seed);
    const step = async (label: string, text: string): Promise<number> => {
      const t0 = Date.now();
      const res = await tx.execute(sql.raw(text));
      const n = res.rowCount ?? 0;
      log(`  ${label}: ${n.toLocaleString('en')} rows, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return n;
    };
    const key = (tag: string) => lit(`${seed}:${CITY.code}:${tag}:`);
    const ts = (days: string) => `((${lit(asOf)}::date - (${days})::int)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

    const province =
      (await one<{ id: string; path: string; depth: number; level: string }>(tx, `SELECT id, path, depth, level FROM regions WHERE code = '${PROVINCE.code}' AND status = 'active'`)) ??
      (await insertRegion(tx, R.uuid(key('province')), root, 'province', PROVINCE.code, PROVINCE.name, ts('1095')));
    if (province.level !== 'province') throw new Error(`region ${PROVINCE.code} exists but is a ${province.level}, not a province`);
    const city = await insertRegion(tx, R.uuid(key('city')), province, 'city', CITY.code, CITY.name, ts('1095'));
    log(`${CITY.name} (${CITY.code}) under ${PROVINCE.name}: scale ${scale}, seed ${seed}, as of ${asOf}`);

    const ctx: Ctx = { R, size, step, key, ts, asOf, city, seed };
    await createRegionTree(ctx);
    await createEnterprises(ctx);
    await createPeople(ctx);
    await createFacilities(ctx);
    await createVenues(ctx);
    await createHouseholds(ctx);

    await step(
      'account city_admin',
      `INSERT INTO accounts (username, display_name, password_hash, role, region_id, must_change_password, is_demo)
       VALUES (${lit(CITY_ADMIN.username)}, ${lit(`${CITY.name}燃气安全工作专班（基准测试）`)}, ${lit(passwordHash)}, 'task_force', ${lit(city.id)}, false, true)`,
    );
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: 'bench.city.generate',
      entityType: 'region',
      entityId: city.id,
      regionId: city.id,
      after: { code: CITY.code, name: CITY.name, scale, seed, asOf },
    });
    return city.id;
  });

  // Fresh statistics and visibility maps, as autovacuum would leave them on a settled database.
  const t0 = Date.now();
  for (const table of ['regions', 'enterprises', 'licences', 'personnel', 'vehicles', 'facilities', 'venues', 'households']) {
    await db.execute(sql.raw(`VACUUM (ANALYZE) ${table}`));
  }
  log(`  vacuum + analyze: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const counts = await countCity(db, cityId);
  return { cityId, cityCode: CITY.code, cityName: CITY.name, scale, seed, asOf, counts, seconds: (Date.now() - started) / 1000 };
}

async function one<T>(tx: Executor, text: string): Promise<T | null> {
  const res = await tx.execute(sql.raw(text));
  return (res.rows[0] as T | undefined) ?? null;
}

async function insertRegion(
  tx: Executor,
  idExpr: string,
  parent: { id: string; path: string; depth: number },
  level: string,
  code: string,
  name: string,
  at: string,
): Promise<{ id: string; path: string; depth: number; level: string }> {
  const row = await one<{ id: string; path: string; depth: number; level: string }>(
    tx,
    `INSERT INTO regions (id, parent_id, path, depth, level, code, name, code_version, created_at, updated_at)
     SELECT id, ${lit(parent.id)}, ${lit(parent.path)} || id::text || '/', ${parent.depth + 1}, ${lit(level)}, ${lit(code)}, ${lit(name)}, '2023', ${at}, ${at}
     FROM (SELECT ${idExpr} AS id) x
     RETURNING id, path, depth, level`,
  );
  return row!;
}

/** Refuse when the city or its account exists; with `replace`, delete them and all they hold. */
async function refuseOrReplace(tx: Executor, replace: boolean, log: (m: string) => void): Promise<void> {
  const city = await one<{ id: string; path: string }>(tx, `SELECT id, path FROM regions WHERE code = '${CITY.code}' AND status = 'active'`);
  const account = await one<{ id: string }>(tx, `SELECT id FROM accounts WHERE lower(username) = ${lit(CITY_ADMIN.username)}`);
  if (!city && !account) return;
  if (!replace) {
    const what = city ? `${CITY.name} (${CITY.code})` : `the account ${CITY_ADMIN.username}`;
    throw new CityExistsError(`${what} already exists in this database; run again with --replace to delete it and generate it anew`);
  }
  const t0 = Date.now();
  const inCity = city ? `(SELECT id FROM regions WHERE path LIKE ${lit(city.path + '%')})` : `(SELECT NULL::uuid WHERE false)`;
  const accountsToGo = `(SELECT id FROM accounts WHERE region_id IN ${inCity} OR lower(username) = ${lit(CITY_ADMIN.username)})`;
  const statements = [
    `DELETE FROM sessions WHERE account_id IN ${accountsToGo}`,
    `DELETE FROM api_tokens WHERE region_id IN ${inCity} OR created_by IN ${accountsToGo}`,
    `DELETE FROM accounts WHERE id IN ${accountsToGo}`,
    `DELETE FROM vehicles WHERE region_id IN ${inCity} OR delivery_area_id IN ${inCity}`,
    `DELETE FROM licences WHERE region_id IN ${inCity}`,
    `DELETE FROM personnel WHERE region_id IN ${inCity}`,
    `DELETE FROM households WHERE region_id IN ${inCity}`,
    `DELETE FROM venues WHERE region_id IN ${inCity}`,
    `DELETE FROM facilities WHERE region_id IN ${inCity}`,
    `DELETE FROM enterprises WHERE region_id IN ${inCity}`,
    `DELETE FROM unqualified_products WHERE region_id IN ${inCity}`,
    `DELETE FROM worker_blacklist WHERE region_id IN ${inCity}`,
    `DELETE FROM responsibility_rules WHERE region_id IN ${inCity}`,
    `DELETE FROM departments WHERE region_id IN ${inCity}`,
    `DELETE FROM regions WHERE id IN ${inCity}`,
  ];
  try {
    for (const s of statements) await tx.execute(sql.raw(s));
  } catch (e) {
    const err = e as { code?: string; detail?: string; message?: string; cause?: { code?: string; detail?: string; message?: string } };
    const pgErr = err.cause ?? err;
    if (pgErr.code === '23503') {
      throw new Error(`cannot replace ${CITY.name}: other records still refer to it (${pgErr.detail ?? pgErr.message}); use a fresh database instead`);
    }
    throw e;
  }
  log(`deleted the existing ${CITY.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** What the city holds now, counted from the tables. */
export async function countCity(db: Executor, cityId: string): Promise<CityCounts> {
  const res = await db.execute<Record<string, number>>(sql`
    WITH c AS (SELECT id, level FROM regions WHERE path LIKE (SELECT path FROM regions WHERE id = ${cityId}) || '%')
    SELECT
      (SELECT count(*) FROM c)::int AS regions,
      (SELECT count(*) FROM c WHERE level = 'district')::int AS districts,
      (SELECT count(*) FROM c WHERE level = 'town')::int AS towns,
      (SELECT count(*) FROM c WHERE level = 'community')::int AS communities,
      (SELECT count(*) FROM c WHERE level = 'grid')::int AS grids,
      (SELECT count(*) FROM enterprises WHERE region_id IN (SELECT id FROM c))::int AS enterprises,
      (SELECT count(*) FROM licences WHERE region_id IN (SELECT id FROM c))::int AS licences,
      (SELECT count(*) FROM personnel WHERE region_id IN (SELECT id FROM c))::int AS personnel,
      (SELECT count(*) FROM vehicles WHERE region_id IN (SELECT id FROM c))::int AS vehicles,
      (SELECT count(*) FROM facilities WHERE region_id IN (SELECT id FROM c))::int AS facilities,
      (SELECT coalesce(round((sum(length_m) / 1000)::numeric, 1), 0)::float8 FROM facilities WHERE region_id IN (SELECT id FROM c) AND kind LIKE 'pipeline%') AS "pipelineKm",
      (SELECT count(*) FROM venues WHERE region_id IN (SELECT id FROM c))::int AS venues,
      (SELECT count(*) FROM households WHERE region_id IN (SELECT id FROM c))::int AS households`);
  const r = res.rows[0]!;
  return {
    regions: Number(r.regions),
    districts: Number(r.districts),
    towns: Number(r.towns),
    communities: Number(r.communities),
    grids: Number(r.grids),
    enterprises: Number(r.enterprises),
    licences: Number(r.licences),
    personnel: Number(r.personnel),
    vehicles: Number(r.vehicles),
    facilities: Number(r.facilities),
    pipelineKm: Number(r.pipelineKm),
    venues: Number(r.venues),
    households: Number(r.households),
  };
}
