/**
 * The generator's steps, one per kind of record, each a few INSERT … SELECT statements over
 * temporary tables of the region tree (gc_d districts, gc_t towns, gc_c communities, gc_g grids,
 * gc_e enterprises, gc_p personnel; dropped at commit). Row numbers feed the hash-based
 * randomness, so the same seed gives the same city.
 */
import { REQUIRED_LICENCES } from '../src/registry/registry.rules.js';
import type { CitySize } from './gen-city-lib.js';
import {
  CHINESE_NUMERALS,
  CITY,
  COMMUNITY_ROOTS,
  COMPOUND_FIRST,
  COMPOUND_SECOND,
  DISTRICTS,
  ENTERPRISE_MIX,
  GIVEN,
  PLACE_FIRST,
  PLACE_SECOND,
  ROADS,
  SURNAMES,
  TRADE_ROOTS,
  VENUE_MIX,
  VILLAGE_ROOTS,
} from './gen-city-names.js';
import { arr, base31, creditCheckChar, idCheckChar, lit, weighted, type SqlRandom } from './gen-city-sql.js';

export interface Ctx {
  R: SqlRandom;
  size: CitySize;
  seed: number;
  asOf: string;
  city: { id: string; path: string; depth: number };
  /** Run one statement, log its row count and time. */
  step(label: string, text: string): Promise<number>;
  /** SQL text prefix for deterministic ids of one kind of row: key('h') || i. */
  key(tag: string): string;
  /** A timestamp `days` (SQL integer expression) before the as-of date, China time. */
  ts(days: string): string;
}

const REGION_COLUMNS = 'id, parent_id, path, depth, level, code, name, code_version, created_at, updated_at';
const personName = (R: SqlRandom, i: string, tag: number) =>
  `(${R.pick(SURNAMES, i, tag)} || ${R.pick(GIVEN, i, tag + 1)} || CASE WHEN ${R.u(i, tag + 2)} < 0.7 THEN ${R.pick(GIVEN, i, tag + 3)} ELSE '' END)`;
const mobile = (R: SqlRandom, i: string, tag: number) =>
  `('1' || ${R.pick(['3', '5', '7', '8', '9'], i, tag)} || lpad((${R.r(i, tag + 1)} % 1000000000)::text, 9, '0'))`;
const landline = (R: SqlRandom, i: string, tag: number) => `('023-' || (6 + ${R.int(i, tag, 3)})::text || lpad((${R.r(i, tag + 1)} % 10000000)::text, 7, '0'))`;
const date = (c: Ctx, plusDays: string) => `(${lit(c.asOf)}::date + (${plusDays})::int)`;
/** A place root without its 社区/村 ending. */
const bare = (name: string) => `replace(replace(${name}, '社区', ''), '村', '')`;

/** Districts, towns/streets, communities/villages and grids, with codes that pass the region rules. */
export async function createRegionTree(c: Ctx): Promise<void> {
  const { R, size, step, key, city } = c;
  const D = size.districts;
  const T = size.townsPerDistrict;
  const NS = size.streetsPerDistrict;
  const C = size.communitiesPerTown;
  const NCC = size.committeesPerTown;
  const G = size.gridsPerCommunity;
  const off = c.seed % 240;
  const values = DISTRICTS.slice(0, D).map((d, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, D - 1);
    const radius = i === 0 ? 0 : 0.13;
    const lat = CITY.lat + radius * Math.sin(angle);
    const lng = CITY.lng + (radius * Math.cos(angle)) / Math.cos((CITY.lat * Math.PI) / 180);
    return `(${i}, ${lit(d.code)}, ${lit(d.name)}, ${d.weight}, ${lit(d.plate)}, ${lat.toFixed(5)}, ${lng.toFixed(5)})`;
  });
  await step(
    'districts (temp)',
    `CREATE TEMP TABLE gc_d ON COMMIT DROP AS
     SELECT v.d, v.code, v.name, v.w::float8 AS w, v.plate, v.lat::float8 AS lat, v.lng::float8 AS lng, x.id,
            ${lit(city.id)}::uuid AS parent_id, ${lit(city.path)} || x.id::text || '/' AS path, NULL::uuid AS pipe_ent, NULL::uuid[] AS lpg_ents
     FROM (VALUES ${values.join(', ')}) v(d, code, name, w, plate, lat, lng)
     CROSS JOIN LATERAL (SELECT ${R.uuid(`${key('d')} || v.d`)} AS id) x`,
  );
  const place = (n: string) => `(${arr(PLACE_FIRST)})[(${n}) % 240 / 10 + 1] || (${arr(PLACE_SECOND)})[(${n}) % 240 % 10 + 1]`;
  await step(
    'towns/streets (temp)',
    `CREATE TEMP TABLE gc_t ON COMMIT DROP AS
     SELECT s.*, d.id AS parent_id, d.path || s.id::text || '/' AS path, d.code AS d_code, d.name AS d_name
     FROM (
       SELECT d.d, k, d.d * ${T} + k AS t, k < ${NS} AS street, ${R.uuid(`${key('t')} || (d.d * ${T} + k)`)} AS id,
              d.code || lpad((CASE WHEN k < ${NS} THEN k + 1 ELSE 101 + k - ${NS} END)::text, 3, '0') || '000' AS code,
              p.root, p.root || CASE WHEN k < ${NS} THEN '街道' ELSE '镇' END AS name,
              d.lat + (${R.u(`d.d * ${T} + k`, 1)} - 0.5) * 0.06 AS lat, d.lng + (${R.u(`d.d * ${T} + k`, 2)} - 0.5) * 0.07 AS lng
       FROM gc_d d CROSS JOIN generate_series(0, ${T - 1}) k
       CROSS JOIN LATERAL (SELECT ${place(`(d.d * ${T} + k) * 7 + ${off}`)} AS root) p
     ) s JOIN gc_d d USING (d)`,
  );
  const village = `(NOT t.street AND j >= ${NCC})`;
  await step(
    'communities/villages (temp)',
    `CREATE TEMP TABLE gc_c ON COMMIT DROP AS
     SELECT s.*, t.d, t.id AS parent_id, t.path || s.id::text || '/' AS path
     FROM (
       SELECT t.t, j, t.t * ${C} + j AS c, ${village} AS village, ${R.uuid(`${key('c')} || (t.t * ${C} + j)`)} AS id,
              left(t.code, 9) || lpad((CASE WHEN ${village} THEN 201 + j - ${NCC} ELSE j + 1 END)::text, 3, '0') AS code,
              CASE WHEN ${village} THEN (${arr(VILLAGE_ROOTS)})[((j - ${NCC}) * 7 + t.t * 13 + ${off}) % 40 + 1] || '村'
                   ELSE (${arr(COMMUNITY_ROOTS)})[(j * 7 + t.t * 13 + ${off}) % 40 + 1] || '社区' END AS name,
              t.lat + (${R.u(`t.t * ${C} + j`, 3)} - 0.5) * 0.02 AS lat, t.lng + (${R.u(`t.t * ${C} + j`, 4)} - 0.5) * 0.024 AS lng
       FROM gc_t t CROSS JOIN generate_series(0, ${C - 1}) j
     ) s JOIN gc_t t USING (t)`,
  );
  // Grids: one residential compound (小区) or village group each, its road and house numbers
  // (unique within the town), building heights, old-community flag and population weight.
  const g = `c.c * ${G} + k`;
  await step(
    'grids (temp)',
    `CREATE TEMP TABLE gc_g0 ON COMMIT DROP AS
     SELECT s.*, CASE WHEN s.village THEN '渝州市' || d.name || t.name || c.name || (s.k + 1) || '组'
                      ELSE '渝州市' || d.name || t.name || s.road || s.num || '号' END AS addr_base
     FROM (
       SELECT c.c, c.t, c.d, k, ${g} AS g, c.village, ${R.uuid(`${key('g')} || (${g})`)} AS id, c.id AS parent_id,
              c.path || ${R.uuid(`${key('g')} || (${g})`)}::text || '/' AS path,
              c.code || lpad((k + 1)::text, 3, '0') AS code, '第' || (${arr(CHINESE_NUMERALS)})[k + 1] || '网格' AS name,
              CASE WHEN c.village THEN c.name
                   ELSE (${arr(COMPOUND_FIRST)})[((c.j * ${G} + k) * 61 + c.t * 17 + ${off}) % 240 / 10 + 1]
                     || (${arr(COMPOUND_SECOND)})[((c.j * ${G} + k) * 61 + c.t * 17 + ${off}) % 240 % 10 + 1] END AS compound,
              ${R.pick(ROADS, g, 5)} AS road, (c.j * ${G} + k) * 6 + 1 + ${R.int(g, 6, 5)} AS num,
              NOT c.village AND ${R.u(g, 7)} < 0.3 AS old,
              NOT c.village AND ${R.u(g, 7)} >= 0.3 AND ${R.u(g, 8)} < 0.04 AS high,
              CASE WHEN c.village THEN 3 WHEN ${R.u(g, 7)} < 0.3 THEN 6 + ${R.int(g, 9, 2)}
                   WHEN ${R.u(g, 8)} < 0.04 THEN 34 + ${R.int(g, 9, 8)} ELSE 11 + ${R.int(g, 9, 23)} END AS floors,
              CASE WHEN c.village THEN 1 ELSE 2 + ${R.int(g, 10, 2)} END AS units,
              round(d.w * (0.4 + 1.2 * ${R.u(g, 11)}) * CASE WHEN c.village THEN 0.5 ELSE 1 END * 1000)::int8 AS wi,
              c.lat + (${R.u(g, 12)} - 0.5) * 0.008 AS lat, c.lng + (${R.u(g, 13)} - 0.5) * 0.009 AS lng
       FROM gc_c c JOIN gc_d d ON d.d = c.d CROSS JOIN generate_series(0, ${G - 1}) k
     ) s JOIN gc_c c ON c.c = s.c JOIN gc_t t ON t.t = s.t JOIN gc_d d ON d.d = s.d`,
  );
  // Households and venues are shared out over the grids by weight, as contiguous row ranges.
  const H = size.households;
  const V = size.venues;
  await step(
    'grid shares (temp)',
    `CREATE TEMP TABLE gc_g ON COMMIT DROP AS
     SELECT g.*, floor(${H}::numeric * (cw - wi) / tw)::int8 AS h_start, floor(${H}::numeric * cw / tw)::int8 AS h_end,
            floor(${V}::numeric * (cw - wi) / tw)::int8 AS v_start, floor(${V}::numeric * cw / tw)::int8 AS v_end
     FROM (SELECT g0.*, sum(wi) OVER (ORDER BY g) AS cw, sum(wi) OVER () AS tw FROM gc_g0 g0) g`,
  );
  for (const t of ['gc_d', 'gc_t', 'gc_c', 'gc_g']) await step(`analyze ${t}`, `ANALYZE ${t}`);
  const at = c.ts('1095');
  const d0 = city.depth;
  await step('regions: districts', `INSERT INTO regions (${REGION_COLUMNS}) SELECT id, parent_id, path, ${d0 + 1}, 'district', code, name, '2023', ${at}, ${at} FROM gc_d ORDER BY d`);
  await step('regions: towns/streets', `INSERT INTO regions (${REGION_COLUMNS}) SELECT id, parent_id, path, ${d0 + 2}, 'town', code, name, '2023', ${at}, ${at} FROM gc_t ORDER BY t`);
  await step('regions: communities/villages', `INSERT INTO regions (${REGION_COLUMNS}) SELECT id, parent_id, path, ${d0 + 3}, 'community', code, name, '2023', ${at}, ${at} FROM gc_c ORDER BY c`);
  await step('regions: grids', `INSERT INTO regions (${REGION_COLUMNS}) SELECT id, parent_id, path, ${d0 + 4}, 'grid', code, name, '2023', ${at}, ${at} FROM gc_g ORDER BY g`);
}

/** Staff by enterprise kind: [min, max] of safety managers, special-equipment operators, delivery workers, others. */
const STAFF: Record<string, readonly (readonly [number, number])[]> = {
  pipeline_gas: [[3, 5], [10, 16], [0, 0], [3, 6]],
  bottled_lpg: [[1, 2], [1, 2], [6, 20], [0, 2]],
  filling_station: [[1, 2], [4, 8], [0, 0], [0, 2]],
  storage_station: [[1, 1], [2, 4], [0, 0], [0, 1]],
  supply_point: [[0, 1], [0, 0], [2, 6], [0, 0]],
  vehicle_refuelling: [[1, 1], [2, 4], [0, 0], [0, 2]],
  hazmat_transport: [[1, 2], [0, 0], [0, 0], [3, 10]], // others: drivers and escorts
  product_maker: [[1, 1], [0, 1], [0, 0], [0, 2]],
  product_seller: [[0, 0], [0, 0], [0, 0], [0, 1]],
  inspection_agency: [[1, 1], [0, 0], [0, 0], [2, 5]],
  industrial_fuel: [[1, 1], [0, 1], [0, 0], [0, 2]],
};
const GAS_OPERATORS = ['pipeline_gas', 'bottled_lpg', 'filling_station', 'storage_station', 'supply_point', 'vehicle_refuelling'];
const LICENCE_YEARS: Record<string, number> = { gas_business: 3, cylinder_filling: 4, manufacturing: 4, hazmat_transport: 4 };
const LICENCE_ISSUERS: Record<string, string> = {
  gas_business: `${CITY.name}住房和城乡建设委员会`,
  cylinder_filling: '重庆市市场监督管理局',
  manufacturing: '重庆市市场监督管理局',
  hazmat_transport: `${CITY.name}交通运输局`,
};

/**
 * Validity of a licence at the as-of date: ~7 % expired, ~9 % due within 90 days, the rest
 * valid; `u` a uniform draw, `r` a random bigint, `years` the validity period.
 */
function validUntil(c: Ctx, u: string, r: string, years: string): string {
  return `CASE WHEN ${u} < 0.07 THEN ${date(c, `-1 - ${r} % 720`)} WHEN ${u} < 0.16 THEN ${date(c, `${r} % 91`)}
               ELSE ${date(c, `91 + ${r} % (${years} * 365 - 91)`)} END`;
}

/** Enterprises (one pipeline operator per district first), their licences (~5 % missing). */
export async function createEnterprises(c: Ctx): Promise<void> {
  const { R, size, step, key } = c;
  const nT = size.districts * size.townsPerDistrict;
  const range = (col: number) =>
    `CASE k.kind ${Object.entries(STAFF)
      .map(([kind, r]) => `WHEN ${lit(kind)} THEN ${r[col]![0]} + ${R.int('k.e', 12 + col, r[col]![1] - r[col]![0] + 1)}`)
      .join(' ')} ELSE 0 END`;
  await step(
    'enterprises (temp)',
    `CREATE TEMP TABLE gc_e ON COMMIT DROP AS
     SELECT x.*, (sum(x.staff_n) OVER (ORDER BY x.e) - x.staff_n)::int8 AS staff_start FROM (
       SELECT k.e, k.kind, t.t, t.d, t.id AS region_id, t.root AS t_root, t.name AS t_name, d.code AS d_code, d.name AS d_name,
              t.lat AS t_lat, t.lng AS t_lng, ${R.uuid(`${key('e')} || k.e`)} AS id,
              s.ns, s.nops, s.ndel, s.noth, 1 + s.ns + s.nops + s.ndel + s.noth AS staff_n
       FROM (SELECT e, CASE WHEN e < ${size.districts} THEN 'pipeline_gas' ELSE ${weighted(R.u('e', 10), ENTERPRISE_MIX.map((m) => [m.kind, m.share] as const))} END AS kind,
                    CASE WHEN e < ${size.districts} THEN e * ${size.townsPerDistrict} ELSE ${R.int('e', 11, nT)} END AS tt
             FROM generate_series(0, ${size.enterprises - 1}) e) k
       JOIN gc_t t ON t.t = k.tt JOIN gc_d d ON d.d = t.d
       CROSS JOIN LATERAL (SELECT ${range(0)} AS ns, ${range(1)} AS nops, ${range(2)} AS ndel, ${range(3)} AS noth OFFSET 0) s
     ) x`,
  );
  await step('analyze gc_e', 'ANALYZE gc_e');
  const endings = `CASE e.kind ${ENTERPRISE_MIX.map((m) => `WHEN ${lit(m.kind)} THEN ${R.pick(m.endings, 'e.e', 17)}`).join(' ')} END`;
  const volume = `CASE e.kind WHEN 'storage_station' THEN 50 + ${R.int('e.e', 18, 450)} WHEN 'pipeline_gas' THEN 2000 + ${R.int('e.e', 18, 8000)}
                  WHEN 'filling_station' THEN 20 + ${R.int('e.e', 18, 130)} WHEN 'bottled_lpg' THEN 10 + ${R.int('e.e', 18, 90)} END`;
  await step(
    'enterprises',
    `INSERT INTO enterprises (id, region_id, name, credit_code, kind, address, legal_representative, contact_phone, storage_volume_m3, lat, lng, status, created_at, updated_at)
     SELECT e.id, e.region_id,
            CASE WHEN e.kind = 'pipeline_gas' THEN ${lit(CITY.name)} || replace(e.d_name, '区', '') || '燃气有限公司'
                 ELSE CASE WHEN ${R.u('e.e', 19)} < 0.5 THEN '渝州' ELSE e.t_root END || ${R.pick(TRADE_ROOTS, 'e.e', 20)} || ${endings} END,
            b.b17 || ${creditCheckChar('b.b17')}, e.kind,
            ${lit(CITY.name)} || e.d_name || e.t_name || ${R.pick(ROADS, 'e.e', 21)} || (1 + ${R.int('e.e', 22, 300)}) || '号',
            ${personName(R, 'e.e', 23)},
            CASE WHEN ${R.u('e.e', 27)} < 0.7 THEN ${mobile(R, 'e.e', 28)} ELSE ${landline(R, 'e.e', 30)} END,
            ${volume}, e.t_lat + (${R.u('e.e', 32)} - 0.5) * 0.03, e.t_lng + (${R.u('e.e', 33)} - 0.5) * 0.035,
            ${weighted(R.u('e.e', 34), [['active', 0.97], ['suspended', 0.02], ['closed', 0.01]])}, ${c.ts(`${R.int('e.e', 35, 2000)}`)}, ${c.ts(`${R.int('e.e', 35, 2000)}`)}
     FROM gc_e e
     CROSS JOIN LATERAL (SELECT '91' || e.d_code || 'MA' || ${base31(`(e.e * 7777777777 + ${c.seed % 1_000_000}) % 27512614111`, 7)} AS b17 OFFSET 0) b
     ORDER BY e.e`,
  );
  await step(
    'district suppliers (temp)',
    `UPDATE gc_d dd SET pipe_ent = (SELECT id FROM gc_e WHERE gc_e.e = dd.d),
            lpg_ents = (SELECT array_agg(id ORDER BY e) FROM gc_e WHERE gc_e.d = dd.d AND gc_e.kind IN ('bottled_lpg', 'supply_point'))`,
  );
  const required = Object.entries(REQUIRED_LICENCES).flatMap(([ek, lks]) => lks.map((lk, n) => `(${lit(ek)}, ${lit(lk)}, ${n}, ${LICENCE_YEARS[lk] ?? 3})`));
  const number = `CASE req.lk
      WHEN 'gas_business' THEN '渝燃经' || e.d_code || to_char(v.until - req.years * 365, 'YYYY') || lpad(e.e::text, 5, '0') || 'G'
      WHEN 'cylinder_filling' THEN 'TS4250' || e.d_code || lpad(e.e::text, 5, '0') || '-' || to_char(v.until, 'YYYY')
      WHEN 'manufacturing' THEN 'TS2250' || e.d_code || lpad(e.e::text, 5, '0') || '-' || to_char(v.until, 'YYYY')
      ELSE '渝交运管许可危字' || e.d_code || lpad(e.e::text, 6, '0') || '号' END`;
  const issuer = `CASE req.lk ${Object.entries(LICENCE_ISSUERS).map(([k, v]) => `WHEN ${lit(k)} THEN ${lit(v)}`).join(' ')} END`;
  await step(
    'licences of enterprises',
    `INSERT INTO licences (id, region_id, enterprise_id, kind, number, issuer, issued_on, valid_until, status, created_at, updated_at)
     SELECT ${R.uuid(`${key('l')} || x.li`)}, e.region_id, e.id, req.lk, ${number}, ${issuer}, v.until - req.years * 365, v.until,
            CASE WHEN x.us < 0.01 THEN 'revoked' WHEN x.us < 0.02 THEN 'suspended' ELSE 'active' END,
            ${c.ts('x.rr % 900')}, ${c.ts('x.rr % 900')}
     FROM gc_e e JOIN (VALUES ${required.join(', ')}) req(ek, lk, n, years) ON req.ek = e.kind
     CROSS JOIN LATERAL (SELECT e.e * 8 + req.n AS li OFFSET 0) i
     CROSS JOIN LATERAL (SELECT i.li, ${R.u('i.li', 40)} AS um, ${R.u('i.li', 41)} AS us, ${R.u('i.li', 42)} AS uv, ${R.r('i.li', 43)} AS rr OFFSET 0) x
     CROSS JOIN LATERAL (SELECT ${validUntil(c, 'x.uv', 'x.rr', 'req.years')} AS until OFFSET 0) v
     WHERE x.um >= 0.05
     ORDER BY x.li`,
  );
}

/** Personnel with valid ID numbers, their certificates, delivery and transport vehicles. */
export async function createPeople(c: Ctx): Promise<void> {
  const { R, step, key } = c;
  const off = c.seed % 14000;
  // Birth day and sequence number are a bijection of the person's number: ID numbers never repeat.
  await step(
    'personnel (temp)',
    `CREATE TEMP TABLE gc_p ON COMMIT DROP AS
     SELECT s.*, s.b17 || ${idCheckChar('s.b17')} AS id_number FROM (
       SELECT e.e, e.kind AS e_kind, e.id AS enterprise_id, e.region_id, e.d, e.d_code, k, e.staff_start + k AS p,
              CASE WHEN k = 0 THEN 'principal' WHEN k <= e.ns THEN 'safety_manager' WHEN k <= e.ns + e.nops THEN 'special_equipment_operator'
                   WHEN k <= e.ns + e.nops + e.ndel THEN 'delivery_worker' ELSE 'other' END AS role,
              k - 1 - e.ns - e.nops AS dk, ${R.uuid(`${key('p')} || (e.staff_start + k)`)} AS id,
              e.d_code || to_char(date '1965-01-01' + (((e.staff_start + k) * 7919 + ${off}) % 14000)::int, 'YYYYMMDD')
                || lpad((2 * ((e.staff_start + k) / 14000) + 1 + ${R.int('e.staff_start + k', 50, 2)})::text, 3, '0') AS b17
       FROM gc_e e CROSS JOIN LATERAL generate_series(0, e.staff_n - 1) k
     ) s`,
  );
  await step('analyze gc_p', 'ANALYZE gc_p');
  await step(
    'personnel',
    `INSERT INTO personnel (id, region_id, enterprise_id, name, id_number, phone, role, labour_contract, social_insurance, status, created_at, updated_at)
     SELECT p.id, p.region_id, p.enterprise_id, ${personName(R, 'p.p', 51)}, p.id_number, ${mobile(R, 'p.p', 55)}, p.role,
            ${R.u('p.p', 57)} < CASE WHEN p.role = 'delivery_worker' THEN 0.85 ELSE 0.97 END,
            ${R.u('p.p', 58)} < CASE WHEN p.role = 'delivery_worker' THEN 0.72 ELSE 0.95 END,
            CASE WHEN ${R.u('p.p', 59)} < 0.03 THEN 'closed' ELSE 'active' END, ${c.ts(R.int('p.p', 60, 1500))}, ${c.ts(R.int('p.p', 60, 1500))}
     FROM gc_p p ORDER BY p.p`,
  );
  const ops = GAS_OPERATORS.map(lit).join(', ');
  await step(
    'certificates of personnel',
    `INSERT INTO licences (id, region_id, enterprise_id, person_id, kind, number, issuer, issued_on, valid_until, status, created_at, updated_at)
     SELECT ${R.uuid(`${key('pc')} || p.p`)}, p.region_id, p.enterprise_id, p.id, k.kind,
            CASE k.kind WHEN 'principal_cert' THEN '渝建安A(' || to_char(v.until - k.years * 365, 'YYYY') || ')' || lpad(p.p::text, 7, '0')
                        WHEN 'safety_manager_cert' THEN '渝建安C(' || to_char(v.until - k.years * 365, 'YYYY') || ')' || lpad(p.p::text, 7, '0')
                        ELSE p.id_number END,
            CASE WHEN k.kind = 'special_equipment_cert' THEN '${CITY.name}市场监督管理局' ELSE '重庆市住房和城乡建设委员会' END,
            v.until - k.years * 365, v.until, 'active', ${c.ts(R.int('p.p', 61, 900))}, ${c.ts(R.int('p.p', 61, 900))}
     FROM gc_p p
     CROSS JOIN LATERAL (SELECT CASE p.role WHEN 'principal' THEN 'principal_cert' WHEN 'safety_manager' THEN 'safety_manager_cert' ELSE 'special_equipment_cert' END AS kind,
                                CASE WHEN p.role = 'special_equipment_operator' THEN 4 ELSE 3 END AS years OFFSET 0) k
     CROSS JOIN LATERAL (SELECT ${validUntil(c, R.u('p.p', 62), R.r('p.p', 63), 'k.years')} AS until OFFSET 0) v
     WHERE (p.role = 'special_equipment_operator' OR (p.role IN ('principal', 'safety_manager') AND p.e_kind IN (${ops})))
       AND ${R.u('p.p', 64)} < 0.9
     ORDER BY p.p`,
  );
  // One delivery vehicle per two delivery workers, bound to the first and to the enterprise's
  // town; one transport vehicle per driver of a dangerous-goods carrier. Plates: 渝 + the
  // district's letter + 5 digits, a bijection of the vehicle's number within its district.
  await step(
    'vehicles',
    `INSERT INTO vehicles (id, region_id, enterprise_id, plate_number, kind, permit_no, permit_valid_until, bound_worker_id, delivery_area_id, registered, status, created_at, updated_at)
     SELECT ${R.uuid(`${key('vh')} || v.p`)}, v.region_id, v.enterprise_id,
            '渝' || d.plate || lpad(((v.vd * 7919 + ${c.seed % 100000}) % 100000)::text, 5, '0'), v.vkind,
            CASE WHEN v.vkind = 'transport' THEN '渝交危运' || d.code || lpad(v.vd::text, 5, '0') END,
            CASE WHEN v.vkind = 'transport' THEN ${validUntil(c, R.u('v.p', 65), R.r('v.p', 66), '4')} END,
            CASE WHEN v.vkind = 'delivery' THEN v.id END, CASE WHEN v.vkind = 'delivery' THEN v.region_id END,
            v.vkind = 'transport' OR ${R.u('v.p', 67)} < 0.88,
            CASE WHEN ${R.u('v.p', 68)} < 0.03 THEN 'closed' ELSE 'active' END, ${c.ts(R.int('v.p', 69, 1200))}, ${c.ts(R.int('v.p', 69, 1200))}
     FROM (SELECT p.*, CASE WHEN p.e_kind = 'hazmat_transport' THEN 'transport' ELSE 'delivery' END AS vkind,
                  row_number() OVER (PARTITION BY p.d ORDER BY p.p) AS vd
           FROM gc_p p
           WHERE (p.role = 'delivery_worker' AND p.dk % 2 = 0) OR (p.e_kind = 'hazmat_transport' AND p.role = 'other')) v
     JOIN gc_d d ON d.d = v.d
     ORDER BY v.p
     ON CONFLICT (plate_number) DO NOTHING`,
  );
}

interface FacilityPlan {
  kind: string;
  abbr: string;
  level: 'town' | 'community' | 'grid';
  name: string; // SQL expression over z (the region row), x (draws) and i
  pipeline?: { lengthM: [number, number]; materials: [string, number][]; pressure: [string, number][]; diameters: string[]; occupied: number; enclosed: number };
  pressure?: string;
}

const FACILITIES: FacilityPlan[] = [
  {
    kind: 'pipeline_municipal',
    abbr: 'GD',
    level: 'town',
    name: `(x.road || CASE x.pressure WHEN 'high' THEN '高压' WHEN 'sub_high' THEN '次高压' ELSE '中压' END || '燃气管道' || (1 + x.r % 60) || '号段')`,
    pipeline: {
      lengthM: [150, 850],
      materials: [['pe', 0.55], ['steel', 0.3], ['ductile_iron', 0.08], ['cast_iron', 0.04], ['composite', 0.03]],
      pressure: [['medium_a', 0.4], ['medium_b', 0.45], ['sub_high', 0.1], ['high', 0.05]],
      diameters: ['110', '160', '200', '250', '315', '400'],
      occupied: 0.015,
      enclosed: 0.005,
    },
  },
  {
    kind: 'pipeline_courtyard',
    abbr: 'TY',
    level: 'community',
    name: `(z.name || '庭院燃气管道' || (1 + x.r % 40) || '号')`,
    pipeline: {
      lengthM: [40, 200],
      materials: [['pe', 0.6], ['steel', 0.2], ['galvanized_steel', 0.12], ['cast_iron', 0.05], ['composite', 0.03]],
      pressure: [['low', 0.7], ['medium_b', 0.3]],
      diameters: ['32', '40', '50', '63', '75', '90', '110'],
      occupied: 0.02,
      enclosed: 0.01,
    },
  },
  {
    kind: 'pipeline_riser',
    abbr: 'LG',
    level: 'grid',
    name: `(z.compound || (1 + x.r % 12) || '栋' || (1 + x.r % 3) || '单元立管')`,
    pipeline: {
      lengthM: [8, 32],
      materials: [['galvanized_steel', 0.7], ['steel', 0.25], ['composite', 0.05]],
      pressure: [['low', 1]],
      diameters: ['20', '25', '32', '40', '50'],
      occupied: 0.01,
      enclosed: 0.02,
    },
  },
  { kind: 'gate_station', abbr: 'MZ', level: 'town', name: `(z.root || '天然气门站')`, pressure: 'high' },
  { kind: 'storage_station', abbr: 'CP', level: 'town', name: `(z.root || '燃气储配站')`, pressure: 'sub_high' },
  { kind: 'regulator_station', abbr: 'TZ', level: 'town', name: `(z.root || '区域调压站' || (1 + x.r % 9) || '号')`, pressure: 'medium_a' },
  { kind: 'regulator_box', abbr: 'TX', level: 'community', name: `(z.name || '调压箱' || (1 + x.r % 30) || '号')`, pressure: 'medium_b' },
  { kind: 'regulator_cabinet', abbr: 'TG', level: 'community', name: `(z.name || '调压柜' || (1 + x.r % 10) || '号')`, pressure: 'medium_a' },
  { kind: 'refuelling_station', abbr: 'JQ', level: 'town', name: `(z.root || '加气站')`, pressure: 'medium_a' },
];

/** Pipelines (≈ 5,000 km at scale 1) and stations, located, operated by the district's pipeline operator. */
export async function createFacilities(c: Ctx): Promise<void> {
  const { R, size, step, key } = c;
  const year = Number(c.asOf.slice(0, 4));
  const levels = {
    town: { table: 'gc_t', col: 't', n: size.districts * size.townsPerDistrict, spread: 0.03 },
    community: { table: 'gc_c', col: 'c', n: size.districts * size.townsPerDistrict * size.communitiesPerTown, spread: 0.01 },
    grid: { table: 'gc_g', col: 'g', n: size.districts * size.townsPerDistrict * size.communitiesPerTown * size.gridsPerCommunity, spread: 0.004 },
  };
  for (const [k, f] of FACILITIES.entries()) {
    const n = size.facilities[f.kind] ?? 0;
    if (n === 0) continue;
    const lv = levels[f.level];
    const tag = 100 + k * 10;
    const p = f.pipeline;
    const material = p ? weighted('x.u1', p.materials) : 'NULL';
    const pressure = p ? weighted('x.u2', p.pressure) : lit(f.pressure ?? 'medium_a');
    const laid = p ? `CASE WHEN m.material = 'cast_iron' THEN 1980 + x.r % 20 ELSE ${year - 1} - floor(34 * power(x.u3, 1.6))::int END` : `${year - 30} + x.r % 29`;
    const length = p ? `round((${p.lengthM[0]} + x.u4 * ${p.lengthM[1] - p.lengthM[0]})::numeric, 1)::float8` : 'NULL::float8';
    await step(
      `facilities: ${f.kind}`,
      `INSERT INTO facilities (id, region_id, enterprise_id, code, name, kind, pressure_class, material, laid_year, length_m, diameter_mm,
                               occupied, crosses_enclosed_space, lat, lng, end_lat, end_lng, status, created_at, updated_at)
       SELECT ${R.uuid(`${key(`f:${f.kind}`)} || i`)}, z.id, d.pipe_ent, ${lit(f.abbr)} || '-' || d.code || '-' || lpad(i::text, 6, '0'), ${f.name}, ${lit(f.kind)},
              x.pressure, m.material, ${laid}, m.length_m, ${p ? `(${arr(p.diameters)})[1 + x.r % ${p.diameters.length}]::int` : 'NULL::int'},
              ${p ? `x.u5 < ${p.occupied}` : 'false'}, ${p ? `x.u6 < ${p.enclosed}` : 'false'}, x.lat, x.lng,
              ${p ? `x.lat + m.length_m * cos(x.bearing) / 111000` : 'NULL'}, ${p ? `x.lng + m.length_m * sin(x.bearing) / (111000 * cos(radians(x.lat)))` : 'NULL'},
              CASE WHEN x.u7 < 0.02 THEN 'closed' ELSE 'active' END, ${c.ts('x.r % 1800')}, ${c.ts('x.r % 1800')}
       FROM generate_series(0, ${n - 1}) i
       JOIN ${lv.table} z ON z.${lv.col} = ${R.int('i', tag, lv.n)}
       JOIN gc_d d ON d.d = z.d
       CROSS JOIN LATERAL (SELECT ${R.u('i', tag + 1)} AS u1, ${R.u('i', tag + 2)} AS u2, ${R.u('i', tag + 3)} AS u3, ${R.u('i', tag + 4)} AS u4,
                                  ${R.u('i', tag + 5)} AS u5, ${R.u('i', tag + 6)} AS u6, ${R.u('i', tag + 7)} AS u7, ${R.r('i', tag + 8)} AS r,
                                  ${R.u('i', tag + 9)} * 2 * pi() AS bearing, ${R.pick(ROADS, 'i', tag + 8)} AS road,
                                  z.lat + (${R.u('i', tag + 4)} - 0.5) * ${lv.spread} AS lat, z.lng + (${R.u('i', tag + 5)} - 0.5) * ${lv.spread * 1.15} AS lng,
                                  ${pressure.replace(/x\.u2/g, R.u('i', tag + 2))} AS pressure OFFSET 0) x
       CROSS JOIN LATERAL (SELECT ${material} AS material, ${length} AS length_m OFFSET 0) m
       ORDER BY i`,
    );
  }
}

const CROWDED = ['school', 'kindergarten', 'hospital', 'mental_health', 'elderly_home', 'welfare_home', 'hotel', 'tourist_site', 'religious_site', 'market', 'commercial_complex'];
const PUBLIC_PLACES = ['school', 'kindergarten', 'hospital', 'mental_health', 'elderly_home', 'welfare_home', 'elder_canteen', 'government_canteen', 'market', 'tourist_site', 'religious_site'];
const NINE_SMALL = ['restaurant', 'hotel', 'homestay', 'group_rental', 'other', 'training'];
const SHOP_PREFIXES = ['老', '川', '渝', '巴', '山城', '蜀香', '好吃', '鸿福', '聚福', '江湖', '老街', '小', '金', '福满', '兴隆', '味道'];

/** Gas-using venues (≈ 60 % restaurants), in the grids by weight, with suppliers and contracts. */
export async function createVenues(c: Ctx): Promise<void> {
  const { R, step, key } = c;
  const inList = (xs: string[]) => xs.map(lit).join(', ');
  const prefix = `CASE WHEN x.kind IN (${inList(PUBLIC_PLACES)}) THEN CASE WHEN x.u2 < 0.5 THEN t.root ELSE ${bare('cc.name')} END
                       WHEN x.kind IN ('company_canteen', 'commercial_complex', 'construction_site', 'training') THEN ${R.pick(TRADE_ROOTS, 'i', 203)}
                       WHEN x.kind = 'group_rental' THEN g.compound
                       WHEN x.u2 < 0.35 THEN ${R.pick(SURNAMES, 'i', 204)} || '记' WHEN x.u2 < 0.55 THEN t.root
                       WHEN x.u2 < 0.8 THEN ${R.pick(SHOP_PREFIXES, 'i', 205)} ELSE ${R.pick(TRADE_ROOTS, 'i', 203)} END`;
  const ending = `CASE x.kind ${VENUE_MIX.map((m) => `WHEN ${lit(m.kind)} THEN ${R.pick(m.endings, 'i', 206)}`).join(' ')} END`;
  const source = `CASE WHEN x.kind = 'restaurant' THEN ${weighted('x.u3', [['bottled_lpg', 0.52], ['pipeline_ng', 0.42], ['industrial_fuel', 0.04], ['dme', 0.02]])}
                       WHEN x.kind IN (${inList(PUBLIC_PLACES)}) THEN ${weighted('x.u3', [['pipeline_ng', 0.75], ['bottled_lpg', 0.25]])}
                       ELSE ${weighted('x.u3', [['pipeline_ng', 0.55], ['bottled_lpg', 0.45]])} END`;
  for (let d = 0; d < c.size.districts; d++) {
    await step(
      `venues, district ${d + 1}/${c.size.districts}`,
      `INSERT INTO venues (id, region_id, name, address, kind, operator_name, contact_name, contact_phone, gas_source, crowded, basement_use, nine_small,
                           supplier_id, supply_contract_no, supply_contract_until, lat, lng, status, created_at, updated_at)
       SELECT ${R.uuid(`${key('ve')} || i`)}, g.id, ${prefix} || ${ending}, g.addr_base || '附' || (i - g.v_start + 1) || '号', x.kind,
              CASE WHEN x.kind IN ('government_canteen', 'company_canteen', 'elder_canteen') THEN ${R.pick(TRADE_ROOTS, 'i', 207)} || '餐饮管理有限公司'
                   WHEN x.u4 < 0.3 THEN ${lit(CITY.name)} || ${R.pick(TRADE_ROOTS, 'i', 207)} || '商贸有限公司' END,
              ${personName(R, 'i', 208)},
              CASE WHEN x.u5 < 0.85 THEN ${mobile(R, 'i', 212)} ELSE ${landline(R, 'i', 214)} END,
              y.source, x.kind IN (${inList(CROWDED)}) OR (x.kind = 'restaurant' AND x.u6 < 0.08),
              x.u7 < CASE WHEN x.kind = 'restaurant' THEN 0.04 ELSE 0.01 END,
              x.kind IN (${inList(NINE_SMALL)}) AND x.u8 < 0.7,
              y.supplier, CASE WHEN y.supplier IS NOT NULL AND x.u9 < 0.8 THEN 'GYHT' || d.code || lpad(i::text, 7, '0') END,
              CASE WHEN y.supplier IS NOT NULL AND x.u9 < 0.8 THEN ${date(c, `-90 + ${R.int('i', 216, 800)}`)} END,
              g.lat + (${R.u('i', 217)} - 0.5) * 0.004, g.lng + (${R.u('i', 218)} - 0.5) * 0.0045,
              ${weighted(R.u('i', 219), [['active', 0.95], ['suspended', 0.03], ['closed', 0.02]])}, ${c.ts(R.int('i', 220, 2300))}, ${c.ts(R.int('i', 220, 2300))}
       FROM gc_g g JOIN gc_c cc ON cc.c = g.c JOIN gc_t t ON t.t = g.t JOIN gc_d d ON d.d = g.d
       CROSS JOIN LATERAL generate_series(g.v_start, g.v_end - 1) i
       CROSS JOIN LATERAL (SELECT ${weighted(R.u('i', 200), VENUE_MIX.map((m) => [m.kind, m.share] as const))} AS kind, ${R.u('i', 201)} AS u2, ${R.u('i', 202)} AS u3,
                                  ${R.u('i', 221)} AS u4, ${R.u('i', 222)} AS u5, ${R.u('i', 223)} AS u6, ${R.u('i', 224)} AS u7, ${R.u('i', 225)} AS u8, ${R.u('i', 226)} AS u9 OFFSET 0) x
       CROSS JOIN LATERAL (SELECT s.source, CASE s.source WHEN 'pipeline_ng' THEN d.pipe_ent WHEN 'bottled_lpg' THEN ${R.pickFrom('d.lpg_ents', 'i', 227)}
                                                        WHEN 'dme' THEN ${R.pickFrom('d.lpg_ents', 'i', 227)} END AS supplier
                           FROM (SELECT ${source} AS source) s OFFSET 0) y
       WHERE g.d = ${d}
       ORDER BY i`,
    );
  }
}

/** Households: flats in the grid's compound (or houses of a village group), holders, gas source. */
export async function createHouseholds(c: Ctx): Promise<void> {
  const { R, step, key } = c;
  const urbanSource = weighted('x.u1', [['pipeline_ng', 0.88], ['bottled_lpg', 0.11], ['', 0.01]]);
  const villageSource = weighted('x.u1', [['pipeline_ng', 0.4], ['bottled_lpg', 0.58], ['', 0.02]]);
  for (let d = 0; d < c.size.districts; d++) {
    await step(
      `households, district ${d + 1}/${c.size.districts}`,
      `INSERT INTO households (id, region_id, address, building, unit, room, holder_name, holder_id_number, phone, gas_source, supplier_id,
                               old_community, hardship, high_rise_100m, status, created_at, updated_at)
       SELECT ${R.uuid(`${key('h')} || i`)}, g.id,
              CASE WHEN g.village THEN g.addr_base || (b.k + 1) || '号'
                   ELSE g.addr_base || g.compound || b.bld || '栋' || b.unit || '单元' || b.room || '室' END,
              CASE WHEN NOT g.village THEN b.bld || '栋' END, CASE WHEN NOT g.village THEN b.unit || '单元' END,
              CASE WHEN g.village THEN (b.k + 1) || '号' ELSE b.room::text END,
              ${personName(R, 'i', 300)},
              CASE WHEN x.u2 < 0.6 THEN x.b17 || ${idCheckChar('x.b17')} END,
              CASE WHEN x.u3 < 0.9 THEN ${mobile(R, 'i', 304)} END,
              y.source, CASE y.source WHEN 'pipeline_ng' THEN d.pipe_ent WHEN 'bottled_lpg' THEN ${R.pickFrom('d.lpg_ents', 'i', 306)} END,
              g.old, ${weighted('x.u4', [['none', 0.971], ['dibao', 0.025], ['tekun', 0.004]])}, g.high,
              ${weighted('x.u5', [['active', 0.97], ['suspended', 0.01], ['closed', 0.02]])},
              ${c.ts('x.r % 2370')} + (x.r % 86400) * interval '1 second', ${c.ts('x.r % 2370')} + (x.r % 86400) * interval '1 second'
       FROM gc_g g JOIN gc_d d ON d.d = g.d
       CROSS JOIN LATERAL generate_series(g.h_start, g.h_end - 1) i
       CROSS JOIN LATERAL (SELECT ${R.u('i', 301)} AS u1, ${R.u('i', 302)} AS u2, ${R.u('i', 303)} AS u3, ${R.u('i', 307)} AS u4, ${R.u('i', 308)} AS u5,
                                  ${R.r('i', 309)} AS r,
                                  d.code || to_char(date '1940-01-01' + (${R.r('i', 310)} % 21900)::int, 'YYYYMMDD') || lpad((${R.int('i', 311, 999)} + 1)::text, 3, '0') AS b17
                           OFFSET 0) x
       CROSS JOIN LATERAL (SELECT NULLIF(CASE WHEN g.village THEN ${villageSource} ELSE ${urbanSource} END, '') AS source OFFSET 0) y
       CROSS JOIN LATERAL (SELECT q.k, q.k / q.per + 1 AS bld, q.k % q.per / (g.floors * 2) + 1 AS unit,
                                  (q.k % q.per % (g.floors * 2) / 2 + 1) * 100 + q.k % 2 + 1 AS room
                           FROM (SELECT i - g.h_start AS k, g.units * g.floors * 2 AS per) q OFFSET 0) b
       WHERE g.d = ${d}
       ORDER BY i`,
    );
  }
}
