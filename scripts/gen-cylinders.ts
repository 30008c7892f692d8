/**
 * `npm run gen:cylinders -- [--count 2000000] [--events 25] [--scale S] [--seed 1] [--as-of YYYY-MM-DD] [--replace]`
 *
 * Cylinders with their chains of custody for the benchmark city 渝州市 of `npm run gen:city`
 * (same database: DATABASE_URL, else the embedded one). Set-based SQL only (INSERT … SELECT over
 * generate_series, hash-based randomness from scripts/gen-city-sql.ts), deterministic per seed:
 *
 * - owners: the city's active LPG operators and supply points that have bottled-gas users and
 *   delivery vans in their town; each entrusts one licensed filling station of its district;
 * - cylinders (codes YZ000000001 …): models, ages, inspection dates, a few seized / scrapped /
 *   refurbished / two-phase, as in a real fleet;
 * - events: commissioning, then cycles of filling (at the entrusted station) → leave → load (the
 *   van's bound worker) → deliver (a user of the owner in the van's town) → empty collected, about
 *   30 days apart; the last cycle ends at the user. `--events 25` = 5 cycles = 25 events each.
 *   Rare deviations feed the anomaly scan: a cycle without filling (0.5 %), a filling at a station
 *   that is not entrusted (0.5 %), a delivery by another worker (0.5 %) or outside the area (0.3 %),
 *   a cloned code seen 500 km away (0.05 %); two-phase cylinders reach restaurants.
 *
 * Inserted in 64 slices of cylinder ids, each ordered along the timeline index. Reports time and
 * size. The anomaly cursor is left alone: the next scan covers the new events.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { createDb, migrateDb, type Db } from '../src/db/db.js';
import { seedPlatform } from '../src/demo/seed.js';
import { openCliDatabase } from '../src/embedded/postgres.js';
import { CITY } from './gen-city-names.js';
import { lit, SqlRandom, weighted } from './gen-city-sql.js';

const USAGE = `usage: npm run gen:cylinders -- [--count N | --scale S] [--events 25] [--seed 1] [--as-of YYYY-MM-DD] [--replace]
  --count    cylinders to generate (default 2,000,000); --scale S = S × 2,000,000
  --events   events per cylinder, 1 + 5 per cycle (default 25 → 5 cycles)
  --replace  delete the city's existing cylinders, events, checks and anomalies first`;

const { values } = parseArgs({
  options: {
    count: { type: 'string' },
    scale: { type: 'string' },
    events: { type: 'string', default: '25' },
    seed: { type: 'string', default: '1' },
    'as-of': { type: 'string' },
    replace: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const count = values.count ? Number(values.count) : Math.round(Number(values.scale ?? 1) * 2_000_000);
const eventsPer = Number(values.events);
const seed = Number(values.seed);
const asOf = values['as-of'] ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
if (!Number.isInteger(count) || count < 1 || count > 20_000_000 || !Number.isInteger(eventsPer) || eventsPer < 6 || !Number.isInteger(seed) || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
  console.error(`bad arguments\n${USAGE}`);
  process.exit(2);
}
const cycles = Math.max(1, Math.round(eventsPer / 5));
const SLICES = 64;

const R = new SqlRandom(seed + 7000);
const key = (tag: string) => lit(`${seed}:cyl:${tag}:`);

async function step(db: Db, label: string, text: string): Promise<number> {
  const t0 = Date.now();
  const res = await db.execute(sql.raw(text));
  const n = res.rowCount ?? 0;
  console.log(`  ${label}: ${n.toLocaleString('en')} rows, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return n;
}

async function generate(db: Db): Promise<void> {
  const city = (await db.execute<{ id: string; path: string; depth: number }>(sql`SELECT id, path, depth FROM regions WHERE code = ${CITY.code} AND status = 'active'`)).rows[0];
  if (!city) throw new Error(`${CITY.name} (${CITY.code}) is not in this database: run npm run gen:city first`);
  const inCity = `(SELECT id FROM regions WHERE path LIKE ${lit(city.path + '%')})`;
  const existing = (await db.execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM cylinders WHERE region_id IN ${inCity}`))).rows[0]!.n;
  if (existing > 0 && !values.replace) throw new Error(`${CITY.name} already has ${existing.toLocaleString('en')} cylinders; run again with --replace`);
  const townPart = city.depth + 2 + 2; // split_part index of the town id in a path ('/root/…/city/district/town/')
  const t0 = Date.now();
  console.log(`${CITY.name}: ${count.toLocaleString('en')} cylinders × ${1 + cycles * 5 - 1} events (${cycles} cycles), seed ${seed}, as of ${asOf}`);

  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7301011)`);
    if (existing > 0) {
      await tx.execute(sql`SET LOCAL gasguard.purge = 'on'`);
      const c = `(SELECT id FROM cylinders WHERE region_id IN ${inCity})`;
      for (const s of [
        `DELETE FROM cylinder_anomalies WHERE cylinder_id IN ${c}`,
        `DELETE FROM cylinder_fill_checks WHERE station_region_id IN ${inCity}`,
        `DELETE FROM cylinder_events WHERE cylinder_id IN ${c}`,
        `DELETE FROM cylinders WHERE region_id IN ${inCity}`,
        `DELETE FROM cylinder_entrustments WHERE region_id IN ${inCity}`,
      ])
        await tx.execute(sql.raw(s));
      console.log(`  deleted the city's ${existing.toLocaleString('en')} cylinders and their events`);
    }
  });

  // Work tables (regular tables, dropped at the end: the slices run as separate statements).
  await step(db, 'drop old work tables', `DROP TABLE IF EXISTS gcy_station, gcy_owner, gcy_user, gcy_van, gcy_cyl`);
  await step(
    db,
    'licensed filling stations',
    `CREATE UNLOGGED TABLE gcy_station AS
     SELECT e.id, e.name, e.region_id, e.lat, e.lng, left(r.code, 6) AS district, row_number() OVER (ORDER BY e.id) - 1 AS s
     FROM enterprises e JOIN regions r ON r.id = e.region_id
     WHERE e.region_id IN ${inCity} AND e.kind = 'filling_station' AND e.status = 'active'
       AND EXISTS (SELECT 1 FROM licences l WHERE l.enterprise_id = e.id AND l.kind = 'cylinder_filling' AND l.person_id IS NULL AND l.status = 'active'
                   AND (l.valid_until IS NULL OR l.valid_until >= ${lit(asOf)}::date) AND (l.issued_on IS NULL OR l.issued_on <= ${lit(asOf)}::date - 400))`,
  );
  await step(
    db,
    'owners with users and vans in their town',
    `CREATE UNLOGGED TABLE gcy_owner AS
     WITH o AS (
       SELECT e.id, e.name, e.region_id, left(r.code, 6) AS district, r.path AS town_path,
              (SELECT array_agg(id ORDER BY id) FROM gcy_station s WHERE s.district = left(r.code, 6)) AS stations,
              (SELECT count(*) FROM gcy_station) AS n_all
       FROM enterprises e JOIN regions r ON r.id = e.region_id
       WHERE e.region_id IN ${inCity} AND e.kind IN ('bottled_lpg', 'supply_point') AND e.status = 'active')
     SELECT o.*, row_number() OVER (ORDER BY o.id) - 1 AS o,
            coalesce(o.stations[1 + ${R.int("hashtext(o.id::text)", 1, 'greatest(cardinality(o.stations), 1)')}], (SELECT id FROM gcy_station WHERE s = ${R.int("hashtext(o.id::text)", 2, 'greatest(o.n_all, 1)')})) AS station_id,
            (SELECT id FROM gcy_station WHERE s = ${R.int("hashtext(o.id::text)", 3, 'greatest(o.n_all, 1)')}) AS black_station_id
     FROM o
     WHERE EXISTS (SELECT 1 FROM vehicles v WHERE v.enterprise_id = o.id AND v.kind = 'delivery' AND v.status = 'active' AND v.bound_worker_id IS NOT NULL)
       AND EXISTS (SELECT 1 FROM venues u JOIN regions ur ON ur.id = u.region_id WHERE u.supplier_id = o.id AND u.gas_source = 'bottled_lpg' AND ur.path LIKE o.town_path || '%')`,
  );
  await step(db, 'drop owners without a station', `DELETE FROM gcy_owner WHERE station_id IS NULL`);
  await step(db, 'renumber owners', `UPDATE gcy_owner g SET o = x.rn FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM gcy_owner) x WHERE x.id = g.id`);
  await step(
    db,
    'users of the owners in their town (venues and households using bottled gas)',
    `CREATE UNLOGGED TABLE gcy_user AS
     SELECT u.*, row_number() OVER (PARTITION BY u.owner_id ORDER BY u.user_id) - 1 AS k FROM (
       SELECT o.id AS owner_id, 'venue' AS user_type, v.id AS user_id, v.region_id, v.lat, v.lng, v.name AS user_name, v.kind AS venue_kind
       FROM gcy_owner o JOIN venues v ON v.supplier_id = o.id AND v.gas_source = 'bottled_lpg' JOIN regions r ON r.id = v.region_id AND r.path LIKE o.town_path || '%'
       UNION ALL
       SELECT o.id, 'household', h.id, h.region_id, NULL::float8, NULL::float8, left(h.address, 40), NULL
       FROM gcy_owner o JOIN households h ON h.supplier_id = o.id AND h.gas_source = 'bottled_lpg' JOIN regions r ON r.id = h.region_id AND r.path LIKE o.town_path || '%') u`,
  );
  await step(
    db,
    'vans of the owners (bound worker, fixed area)',
    `CREATE UNLOGGED TABLE gcy_van AS
     SELECT o.id AS owner_id, v.id AS vehicle_id, v.plate_number, v.bound_worker_id, row_number() OVER (PARTITION BY o.id ORDER BY v.id) - 1 AS k
     FROM gcy_owner o JOIN vehicles v ON v.enterprise_id = o.id AND v.kind = 'delivery' AND v.status = 'active' AND v.bound_worker_id IS NOT NULL`,
  );
  await step(
    db,
    'owner counts',
    `ALTER TABLE gcy_owner ADD COLUMN n_users int, ADD COLUMN n_vans int, ADD COLUMN next_owner_id uuid, ADD COLUMN next_n_users int;
     UPDATE gcy_owner o SET n_users = (SELECT count(*) FROM gcy_user u WHERE u.owner_id = o.id), n_vans = (SELECT count(*) FROM gcy_van v WHERE v.owner_id = o.id);
     UPDATE gcy_owner o SET next_owner_id = n.id, next_n_users = n.n_users FROM gcy_owner n WHERE n.o = (o.o + 1) % (SELECT count(*) FROM gcy_owner)`,
  );
  await step(db, 'index work tables', `CREATE INDEX ON gcy_user (owner_id, k); CREATE INDEX ON gcy_van (owner_id, k); ANALYZE gcy_owner; ANALYZE gcy_user; ANALYZE gcy_van; ANALYZE gcy_station`);
  const owners = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM gcy_owner`)).rows[0]!.n;
  if (owners === 0) throw new Error('no LPG operator of the city has users and vans in its town: generate the city with a larger --scale');
  console.log(`  ${owners} owners`);
  await step(
    db,
    'entrustments owner → station',
    `INSERT INTO cylinder_entrustments (owner_enterprise_id, station_id, region_id, valid_from, contract_no)
     SELECT id, station_id, region_id, ${lit(asOf)}::date - 1500, 'BENCH-' || o FROM gcy_owner WHERE station_id <> id
     ON CONFLICT (owner_enterprise_id, station_id) DO NOTHING`,
  );

  // Cylinders: derived values in a work table, then the registry rows.
  const i = 'g.i';
  const model = weighted(R.u(i, 11), [['YSP-15', 0.7], ['YSP-50', 0.12], ['YSP-5', 0.1], ['YSP118-L', 0.04], ['YSP-10', 0.02], ['YSP118-II', 0.02]]);
  await step(
    db,
    'cylinders (work table)',
    `CREATE UNLOGGED TABLE gcy_cyl AS
     SELECT g.i, ${R.uuid(`${key('c')} || g.i`)} AS id, 'YZ' || lpad(g.i::text, 9, '0') AS code, o.id AS owner_id, o.o, o.region_id,
            x.model, x.mdays, ${lit(asOf)}::date - x.mdays AS made,
            CASE WHEN x.mdays > 1460 THEN ${lit(asOf)}::date - ${R.int(i, 13, 1400)} END AS last_insp,
            ${R.u(i, 14)} AS u_state, ${R.u(i, 15)} AS u_refurb,
            ${lit(asOf)}::date - ${cycles * 30 + 40} AS base
     FROM generate_series(1, ${count}) g(i)
     JOIN gcy_owner o ON o.o = (${R.r(i, 10)} % ${owners})
     CROSS JOIN LATERAL (SELECT ${model} AS model, 30 + ${R.int(i, 12, 3600)} AS mdays OFFSET 0) x`,
  );
  await step(db, 'index cylinder work table', `CREATE INDEX ON gcy_cyl (id); ANALYZE gcy_cyl`);
  const fill = (m: string) => `CASE ${m} WHEN 'YSP-2' THEN 1.9 WHEN 'YSP-5' THEN 5 WHEN 'YSP-10' THEN 11 WHEN 'YSP-15' THEN 14.5 ELSE 49.5 END`;
  const water = (m: string) => `CASE ${m} WHEN 'YSP-2' THEN 4.7 WHEN 'YSP-5' THEN 12 WHEN 'YSP-10' THEN 26.2 WHEN 'YSP-15' THEN 35.5 ELSE 118 END`;
  await step(
    db,
    'cylinders',
    `INSERT INTO cylinders (id, code, region_id, owner_enterprise_id, maker, serial_number, model, water_volume_l, allowable_fill_kg, manufacture_date, design_life_years,
                            registration_no, last_inspection_date, next_inspection_date, state, refurbished, holder_type, location_region_id, created_at, updated_at)
     SELECT c.id, c.code, c.region_id, c.owner_id, ${R.pick(['重庆渝安钢瓶制造有限公司', '四川川南钢瓶有限公司', '贵州黔峰气瓶有限公司', '湖北江汉钢瓶厂'], 'c.i', 16)},
            'S' || lpad((c.i * 7 % 10000000)::text, 7, '0'), c.model, ${water('c.model')}, ${fill('c.model')}, c.made, 8,
            CASE WHEN c.i % 3 = 0 THEN '渝QP' || lpad(c.i::text, 9, '0') END, c.last_insp, (coalesce(c.last_insp, c.made) + interval '4 years')::date,
            CASE WHEN c.u_state < 0.005 THEN 'scrapped' WHEN c.u_state < 0.008 THEN 'seized' WHEN c.u_state < 0.01 THEN 'blacklisted' ELSE 'in_service' END,
            c.u_refurb < 0.003, 'user', c.region_id, c.base::timestamp AT TIME ZONE 'Asia/Shanghai', now()
     FROM gcy_cyl c ORDER BY c.id`,
  );

  // Events, slice by slice of cylinder ids, each in timeline-index order.
  const steps = `(VALUES (-1, 'commissioning'), (0, 'filling'), (1, 'leave_station'), (2, 'load'), (3, 'deliver'), (4, 'collect_empty')) s(n, type)`;
  const ck = `(c.i * 16 + cy)`;
  const tsAt = `((c.base + cy * 30 + ${R.int(ck, 21, 8)})::timestamp AT TIME ZONE 'Asia/Shanghai' + make_interval(hours => 8 + ${R.int(ck, 22, 9)}, mins => ${R.int(ck, 23, 60)}))`;
  let total = 0;
  const te = Date.now();
  for (let sl = 0; sl < SLICES; sl++) {
    const lo = `${(sl * 4).toString(16).padStart(2, '0')}000000-0000-0000-0000-000000000000`;
    const hi = sl + 1 < SLICES ? `'${((sl + 1) * 4).toString(16).padStart(2, '0')}000000-0000-0000-0000-000000000000'::uuid` : null;
    total += await step(
      db,
      `events, slice ${sl + 1}/${SLICES}`,
      `INSERT INTO cylinder_events (cylinder_id, type, at, recorded_at, region_id, lat, lng, enterprise_id, station_id, vehicle_id, worker_id, user_type, user_id, actor_label, flags, data)
       SELECT c.id, s.type, e.at, e.at + interval '2 seconds',
              CASE WHEN s.n = -1 THEN c.region_id WHEN s.n <= 1 THEN st.region_id WHEN s.n = 2 THEN st.region_id ELSE u.region_id END,
              CASE WHEN s.n BETWEEN 0 AND 2 THEN st.lat WHEN s.n = 3 THEN u.lat + CASE WHEN h.clone THEN 5 ELSE 0 END END,
              CASE WHEN s.n BETWEEN 0 AND 2 THEN st.lng WHEN s.n = 3 THEN u.lng END,
              c.owner_id,
              CASE WHEN s.n BETWEEN 0 AND 1 THEN st.id END,
              CASE WHEN s.n BETWEEN 2 AND 4 THEN v.vehicle_id END,
              CASE WHEN s.n BETWEEN 2 AND 4 THEN CASE WHEN h.unbound THEN v2.bound_worker_id ELSE v.bound_worker_id END END,
              CASE WHEN s.n >= 3 THEN u.user_type END, CASE WHEN s.n >= 3 THEN u.user_id END,
              CASE WHEN s.n = 0 THEN 'token:bench-scale' ELSE 'bench' END, '{}'::text[],
              CASE s.n WHEN 0 THEN jsonb_build_object('stationName', st.name, 'netWeightKg', round((${fill('c.model')} - 0.3 + ${R.u(ck, 24)} * 0.6)::numeric, 1))
                       WHEN 2 THEN jsonb_build_object('vehiclePlate', v.plate_number)
                       WHEN 3 THEN jsonb_build_object('userName', u.user_name) ELSE '{}'::jsonb END
       FROM gcy_cyl c
       JOIN gcy_owner o ON o.o = c.o
       CROSS JOIN generate_series(0, ${cycles - 1}) cy
       CROSS JOIN LATERAL (SELECT ${R.u(ck, 25)} < 0.005 AS skip_fill, ${R.u(ck, 26)} < 0.005 AS black, ${R.u(ck, 27)} < 0.005 AS unbound,
                                  ${R.u(ck, 28)} < 0.003 AS outside, ${R.u(ck, 29)} < 0.0005 AS clone,
                                  ${R.r(ck, 30)} AS uk, ${R.r(ck, 31)} % greatest(o.n_vans, 1) AS vk, ${tsAt} AS t0 OFFSET 0) h
       JOIN gcy_station st ON st.id = CASE WHEN h.black AND o.black_station_id IS NOT NULL THEN o.black_station_id ELSE o.station_id END
       JOIN gcy_van v ON v.owner_id = o.id AND v.k = h.vk
       LEFT JOIN gcy_van v2 ON v2.owner_id = o.id AND v2.k = (h.vk + 1) % o.n_vans
       JOIN gcy_user u ON u.owner_id = CASE WHEN h.outside THEN o.next_owner_id ELSE o.id END
                      AND u.k = h.uk % greatest(CASE WHEN h.outside THEN o.next_n_users ELSE o.n_users END, 1)
       CROSS JOIN ${steps}
       CROSS JOIN LATERAL (SELECT CASE s.n WHEN -1 THEN c.base::timestamp AT TIME ZONE 'Asia/Shanghai' - interval '20 days' WHEN 0 THEN h.t0 WHEN 1 THEN h.t0 + interval '25 minutes'
                                   WHEN 2 THEN h.t0 + interval '50 minutes' WHEN 3 THEN h.t0 + make_interval(hours => 2 + ${R.int(ck, 32, 4)}) ELSE h.t0 + make_interval(days => 15 + ${R.int(ck, 33, 8)}) END AS at OFFSET 0) e
       WHERE c.id >= '${lo}'::uuid ${hi ? `AND c.id < ${hi}` : ''}
         AND (s.n <> -1 OR cy = 0) AND NOT (cy = ${cycles - 1} AND s.n = 4) AND NOT (s.n = 0 AND h.skip_fill)
       ORDER BY c.id, e.at, s.n`,
    );
  }
  console.log(`  events: ${total.toLocaleString('en')} in ${((Date.now() - te) / 1000).toFixed(1)} s`);
  await step(db, 'analyze events', 'ANALYZE cylinder_events');
  await step(
    db,
    'cylinders: last filling and where they are',
    `UPDATE cylinders c SET last_filled_at = f.at, last_filling_station_id = f.station_id, last_filling_station_name = f.data->>'stationName',
            last_net_weight_kg = (f.data->>'netWeightKg')::float8, last_filling_event_id = f.id,
            holder_type = 'user', holder_id = d.user_id, holder_name = d.data->>'userName', location_region_id = d.region_id, last_lat = d.lat, last_lng = d.lng, last_event_at = d.at
     FROM gcy_cyl g
     CROSS JOIN LATERAL (SELECT * FROM cylinder_events e WHERE e.cylinder_id = g.id AND e.type = 'filling' ORDER BY e.at DESC LIMIT 1) f
     CROSS JOIN LATERAL (SELECT * FROM cylinder_events e WHERE e.cylinder_id = g.id AND e.type = 'deliver' ORDER BY e.at DESC LIMIT 1) d
     WHERE c.id = g.id`,
  );
  await step(db, 'drop work tables', `DROP TABLE gcy_station, gcy_owner, gcy_user, gcy_van, gcy_cyl`);
  const tv = Date.now();
  for (const t of ['cylinders', 'cylinder_events', 'cylinder_entrustments']) await db.execute(sql.raw(`VACUUM (ANALYZE) ${t}`));
  console.log(`  vacuum + analyze: ${((Date.now() - tv) / 1000).toFixed(1)} s`);
  const size = (await db.execute<{ t: string; total: string; rows: number }>(sql`
    SELECT relname AS t, pg_size_pretty(pg_total_relation_size(oid)) AS total, reltuples::int8 AS rows
    FROM pg_class WHERE relname IN ('cylinders', 'cylinder_events') ORDER BY relname`)).rows;
  console.log(`\ngenerated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const s of size) console.log(`  ${s.t.padEnd(16)} ${Number(s.rows).toLocaleString('en').padStart(14)} rows  ${s.total}`);
}

const config = loadConfig();
const conn = await openCliDatabase(config);
// One connection, so the session's work_mem applies to every statement.
const db = createDb(conn.url, 1);
try {
  const where = new URL(conn.url);
  console.log(`database ${where.hostname}:${where.port}${where.pathname}`);
  await migrateDb(db);
  await seedPlatform(db, { adminPassword: config.adminPassword });
  await db.execute(sql`SET work_mem = '256MB'`);
  await generate(db);
} catch (e) {
  const cause = (e as { cause?: { message?: string } }).cause;
  console.error(`gen:cylinders failed: ${cause?.message ?? (e as Error).message}`);
  if (process.env.GASGUARD_LOG_LEVEL === 'debug') console.error(e);
  process.exitCode = 1;
} finally {
  await db.$client.end();
  await conn.close();
}
