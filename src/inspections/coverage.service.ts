import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope } from '../shared/scope.js';
import { KINDS } from '../registry/kinds.js';
import type { SubjectType } from '../registry/subjects.js';

export interface CoverageQuery {
  regionId: string;
  subjectType: SubjectType;
  kind?: string | undefined;
  from: string; // ISO date, inclusive
  to: string; // ISO date, inclusive
  includeSelf?: boolean | undefined;
}

const KIND_COLUMN: Record<SubjectType, string | null> = { venue: 'kind', household: null, enterprise: 'kind', facility: 'kind', vehicle: 'kind' };

/** Subjects of a type in a region subtree (active ones), optionally of one registry kind. */
function subjectsSql(q: CoverageQuery, regionPath: string): SQL {
  const def = KINDS[q.subjectType];
  const kindCol = KIND_COLUMN[q.subjectType];
  return sql`SELECT s.id, s.region_id FROM ${def.table} s
    WHERE s.status = 'active'
      AND s.region_id IN (SELECT id FROM regions WHERE path LIKE ${regionPath + '%'})
      ${q.kind && kindCol ? sql`AND s.${sql.identifier(toColumn(kindCol))} = ${q.kind}` : sql``}`;
}

const toColumn = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Distinct subjects inspected in the period (official and company inspections; self-checks on request). */
function inspectedSql(q: CoverageQuery): SQL {
  return sql`SELECT DISTINCT subject_id FROM inspections
    WHERE subject_type = ${q.subjectType}
      AND submitted_at >= (${q.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
      AND submitted_at < ((${q.to}::date + 1))::timestamp AT TIME ZONE 'Asia/Shanghai'
      ${q.includeSelf ? sql`` : sql`AND kind <> 'self'`}`;
}

/**
 * Coverage (R3.9): for a region subtree, subject type and period, how many subjects exist, how
 * many were inspected, and the same per child region (for drill-down).
 */
export async function coverage(db: Executor, p: Principal, q: CoverageQuery) {
  const region = await loadRegionInScope(db, p, q.regionId);
  const depth = region.path.split('/').filter(Boolean).length;
  // Counted per region first (a city's million households → a few thousand grids), then rolled up
  // to the child regions: the region join and the roll-up no longer run once per subject.
  const res = await db.execute<{ child_id: string | null; child_name: string | null; total: number; inspected: number }>(sql`
    WITH subj AS (${subjectsSql(q, region.path)}), done AS (${inspectedSql(q)}),
    per AS (
      SELECT subj.region_id, count(*) AS total, count(done.subject_id) AS inspected
      FROM subj LEFT JOIN done ON done.subject_id = subj.id
      GROUP BY subj.region_id)
    SELECT c.id AS child_id, c.name AS child_name, sum(per.total)::int AS total, sum(per.inspected)::int AS inspected
    FROM per
    JOIN regions r ON r.id = per.region_id
    LEFT JOIN regions c ON c.id::text = split_part(r.path, '/', ${depth + 2})
    GROUP BY c.id, c.name
    ORDER BY c.name`);
  let total = 0;
  let inspected = 0;
  const children = res.rows.map((r) => {
    total += r.total;
    inspected += r.inspected;
    return { regionId: r.child_id ?? region.id, regionName: r.child_name ?? region.name, total: r.total, inspected: r.inspected, rate: r.total ? r.inspected / r.total : null };
  });
  return { regionId: region.id, regionName: region.name, subjectType: q.subjectType, kind: q.kind ?? null, from: q.from, to: q.to, total, inspected, rate: total ? inspected / total : null, children };
}

/** The subjects not inspected in the period: listable and exportable (R3.9). */
export async function uninspected(db: Executor, p: Principal, q: CoverageQuery, page: { page: number; pageSize: number }) {
  const region = await loadRegionInScope(db, p, q.regionId);
  const def = KINDS[q.subjectType];
  const nameCol = q.subjectType === 'household' ? 'address' : q.subjectType === 'vehicle' ? 'plateNumber' : 'name';
  const rows = await db.execute<{ id: string; name: string; region_name: string }>(sql`
    WITH subj AS (${subjectsSql(q, region.path)}), done AS (${inspectedSql(q)})
    SELECT s.id, t.${sql.identifier(toColumn(nameCol))} AS name, r.name AS region_name
    FROM subj s JOIN ${def.table} t ON t.id = s.id JOIN regions r ON r.id = s.region_id
    WHERE NOT EXISTS (SELECT 1 FROM done WHERE done.subject_id = s.id)
    ORDER BY r.name, name
    LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`);
  const count = await db.execute<{ n: number }>(sql`
    WITH subj AS (${subjectsSql(q, region.path)}), done AS (${inspectedSql(q)})
    SELECT count(*)::int AS n FROM subj s WHERE NOT EXISTS (SELECT 1 FROM done WHERE done.subject_id = s.id)`);
  return { items: rows.rows.map((r) => ({ id: r.id, name: r.name, regionName: r.region_name })), total: Number(count.rows[0]?.n ?? 0), page: page.page, pageSize: page.pageSize };
}

