/**
 * Installation programme figures (R7.5): subjects that must have a device (programme.rules.ts, in
 * SQL here) against those with a bound *working* one — active, not past its expiry date, not
 * offline and not reporting a fault — per community, and the list of those still missing.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { KINDS } from '../registry/kinds.js';
import { registryScope } from '../registry/registry.scope.js';
import { offsetOf, pageOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope } from '../shared/scope.js';
import { LEAK_DETECTOR_TYPES } from './devices.types.js';
import { PROGRAMME_CATEGORIES, type Need, type ProgrammeCategory } from './programme.rules.js';

export interface ProgrammeQuery {
  regionId?: string | undefined;
  category?: ProgrammeCategory | undefined;
  newSince?: string | undefined;
}

const detectorTypes = sql.raw(LEAK_DETECTOR_TYPES.map((t) => `'${t}'`).join(','));
/** The subjects in the programme under `path`, with what they need and have (a CTE body). */
function subjects(p: Principal, path: string, today: string, newSince: string | null): SQL {
  const todayLit = sql`${today}::date`;
  const has = (t: string, types: SQL) => sql`EXISTS (
    SELECT 1 FROM devices d JOIN device_state ds ON ds.device_id = d.id
    WHERE d.subject_type = ${t} AND d.subject_id = s.id AND d.status = 'active' AND d.type IN (${types})
      AND (d.expires_on IS NULL OR d.expires_on >= ${todayLit}) AND ds.online <> 'offline' AND ds.fault IS NULL)`;
  const isNew = newSince ? sql`households.created_at >= ${newSince}::date` : sql`false`;
  return sql`
    SELECT s.*, ${has('venue', detectorTypes)} AS has_detector, false AS has_valve FROM (
      SELECT 'venue'::text AS subject_type, venues.id, venues.region_id, venues.name, venues.address,
             true AS need_detector, false AS need_valve, ARRAY['unit']::text[] AS categories
      FROM venues JOIN regions vr ON vr.id = venues.region_id
      WHERE venues.status = 'active' AND vr.path LIKE ${path + '%'} AND ${registryScope(p, KINDS.venue)}) s
    UNION ALL
    SELECT s.*, ${has('household', detectorTypes)} AS has_detector, ${has('household', sql`'self_closing_valve'`)} AS has_valve FROM (
      SELECT 'household'::text, households.id, households.region_id, households.address, households.address,
             households.high_rise_100m, true,
             array_remove(ARRAY[CASE WHEN households.old_community THEN 'old_community' END,
                                CASE WHEN households.hardship IN ('dibao','tekun') THEN 'hardship' END,
                                CASE WHEN households.high_rise_100m THEN 'high_rise' END,
                                CASE WHEN ${isNew} THEN 'new_residential' END], NULL)::text[]
      FROM households JOIN regions hr ON hr.id = households.region_id
      WHERE households.status = 'active' AND hr.path LIKE ${path + '%'} AND coalesce(households.gas_source, 'pipeline_ng') = 'pipeline_ng'
        AND (households.old_community OR households.hardship IN ('dibao','tekun') OR households.high_rise_100m OR ${isNew})
        AND ${registryScope(p, KINDS.household)}) s`;
}

const covered = sql`((NOT x.need_detector OR x.has_detector) AND (NOT x.need_valve OR x.has_valve))`;
const inCategory = (c: ProgrammeCategory | undefined) => (c ? sql`${c} = ANY(x.categories)` : sql`true`);

/** Coverage per community under the region (default: the caller's home region). */
export async function programmeCoverage(db: Executor, p: Principal, q: ProgrammeQuery, today: string) {
  const region = await loadRegionInScope(db, p, q.regionId ?? p.regionId);
  const perCategory = sql.join(
    PROGRAMME_CATEGORIES.map((c) => sql`count(*) FILTER (WHERE ${c} = ANY(x.categories))::int AS ${sql.raw(`"req_${c}"`)}, count(*) FILTER (WHERE ${c} = ANY(x.categories) AND ${covered})::int AS ${sql.raw(`"cov_${c}"`)}`),
    sql`, `,
  );
  const res = await db.execute<Record<string, unknown> & { community_id: string | null; community_name: string | null; required: number; covered: number }>(sql`
    WITH x AS (${subjects(p, region.path, today, q.newSince ?? null)})
    SELECT c.id AS community_id, c.name AS community_name, count(*)::int AS required, count(*) FILTER (WHERE ${covered})::int AS covered, ${perCategory}
    FROM x JOIN regions r ON r.id = x.region_id
    LEFT JOIN regions c ON c.level = 'community' AND r.path LIKE c.path || '%'
    WHERE ${inCategory(q.category)}
    GROUP BY c.id, c.name ORDER BY c.name NULLS LAST`);
  const rows = res.rows.map((r) => ({
    communityId: r.community_id,
    communityName: r.community_name,
    required: r.required,
    covered: r.covered,
    rate: r.required ? Math.round((r.covered / r.required) * 1000) / 10 : null,
    byCategory: Object.fromEntries(PROGRAMME_CATEGORIES.map((c) => [c, { required: r[`req_${c}`] as number, covered: r[`cov_${c}`] as number }])),
  }));
  const required = rows.reduce((a, r) => a + r.required, 0);
  const cov = rows.reduce((a, r) => a + r.covered, 0);
  return { region: { id: region.id, name: region.name }, required, covered: cov, rate: required ? Math.round((cov / required) * 1000) / 10 : null, communities: rows };
}

export interface MissingRow {
  subjectType: string;
  subjectId: string;
  name: string;
  address: string;
  regionName: string;
  communityName: string | null;
  categories: ProgrammeCategory[];
  missing: Need[];
}

/** Subjects still without a working device they need, paged (or all, for the export). */
export async function programmeMissing(db: Executor, p: Principal, q: ProgrammeQuery & { page: number; pageSize: number }, today: string, all = false) {
  const region = await loadRegionInScope(db, p, q.regionId ?? p.regionId);
  const base = sql`
    WITH x AS (${subjects(p, region.path, today, q.newSince ?? null)})
    SELECT x.subject_type, x.id, x.name, x.address, x.categories, r.name AS region_name, c.name AS community_name,
           (x.need_detector AND NOT x.has_detector) AS miss_detector, (x.need_valve AND NOT x.has_valve) AS miss_valve, count(*) OVER ()::int AS total
    FROM x JOIN regions r ON r.id = x.region_id
    LEFT JOIN regions c ON c.level = 'community' AND r.path LIKE c.path || '%'
    WHERE NOT ${covered} AND ${inCategory(q.category)}
    ORDER BY c.name NULLS LAST, x.subject_type DESC, x.name, x.id`;
  const res = await db.execute<{ subject_type: string; id: string; name: string; address: string; categories: ProgrammeCategory[]; region_name: string; community_name: string | null; miss_detector: boolean; miss_valve: boolean; total: number }>(
    all ? sql`${base} LIMIT 100000` : sql`${base} LIMIT ${q.pageSize} OFFSET ${offsetOf(q)}`,
  );
  const items: MissingRow[] = res.rows.map((r) => ({
    subjectType: r.subject_type,
    subjectId: r.id,
    name: r.name,
    address: r.address,
    regionName: r.region_name,
    communityName: r.community_name,
    categories: r.categories,
    missing: [...(r.miss_detector ? (['detector'] as const) : []), ...(r.miss_valve ? (['self_closing_valve'] as const) : [])],
  }));
  return pageOf(items, res.rows[0]?.total ?? 0, q);
}
