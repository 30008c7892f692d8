import { eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { regions, type ReportDraft } from '../db/schema/index.js';
import { HAZARD_CATEGORY_LABELS, type HazardCategory } from '../departments/taxonomy.js';
import { computeFigures, regionPrincipal } from '../dashboard/dashboard.service.js';
import { figureByKey } from '../dashboard/figures/index.js';
import type { FigureProvider } from '../dashboard/figures/types.js';
import type { RegionRef } from '../shared/scope.js';

/** A reporting unit as the draft needs it. */
export interface DraftUnit {
  type: 'region' | 'department';
  id: string;
  regionId: string;
  regionPath: string;
}

/** Figures a town's report states, from the dashboard's own providers. */
const REGION_KEYS = ['hazards.found', 'hazards.closed', 'hazards.major', 'hazards.rectificationRate', 'hazards.open', 'hazards.overdue', 'hazards.rebounds', 'coverage.venue', 'coverage.household'];

const startOf = (d: string) => sql`(${d}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
const endOf = (d: string) => sql`(${d}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
const OPEN = sql.raw(`('reported','assigned','rectifying','awaiting_review')`);

/** Hazards of the unit: the town's subtree, or those the department leads (三管三必须). */
function unitHazards(unit: DraftUnit): SQL {
  return unit.type === 'region' ? sql`h.region_id IN (SELECT id FROM regions WHERE path LIKE ${unit.regionPath + '%'})` : sql`h.lead_department_id = ${unit.id}`;
}

/** A department's figures, live (the summaries are per region, not per department). */
async function departmentFigures(db: Executor, unit: DraftUnit, from: string, to: string, today: string): Promise<ReportDraft['figures']> {
  const res = await db.execute<Record<string, number>>(sql`
    SELECT count(*) FILTER (WHERE h.found_at >= ${startOf(from)} AND h.found_at < ${endOf(to)})::int AS found,
           count(*) FILTER (WHERE h.closed_at >= ${startOf(from)} AND h.closed_at < ${endOf(to)} AND h.state = 'closed')::int AS closed,
           count(*) FILTER (WHERE h.found_at >= ${startOf(from)} AND h.found_at < ${endOf(to)} AND h.severity = 'major')::int AS major,
           count(*) FILTER (WHERE h.found_at >= ${startOf(from)} AND h.found_at < ${endOf(to)} AND h.state = 'closed')::int AS found_closed,
           count(*) FILTER (WHERE h.state IN ${OPEN} AND h.found_at < ${endOf(to)})::int AS open,
           count(*) FILTER (WHERE h.state IN ${OPEN} AND h.deadline < ${today}::date)::int AS overdue,
           count(*) FILTER (WHERE h.found_at >= ${startOf(from)} AND h.found_at < ${endOf(to)} AND h.rebound_of IS NOT NULL)::int AS rebounds
    FROM hazards h WHERE ${unitHazards(unit)} AND h.state <> 'voided'`);
  const r = res.rows[0] ?? {};
  const n = (k: string) => Number(r[k] ?? 0);
  const label = (key: string) => figureByKey(key)!.label.zh;
  return [
    { key: 'hazards.found', label: label('hazards.found'), value: n('found'), unit: 'count' },
    { key: 'hazards.closed', label: label('hazards.closed'), value: n('closed'), unit: 'count' },
    { key: 'hazards.major', label: label('hazards.major'), value: n('major'), unit: 'count' },
    { key: 'hazards.rectificationRate', label: label('hazards.rectificationRate'), value: n('found') ? n('found_closed') / n('found') : null, unit: 'rate' },
    { key: 'hazards.open', label: label('hazards.open'), value: n('open'), unit: 'count' },
    { key: 'hazards.overdue', label: label('hazards.overdue'), value: n('overdue'), unit: 'count' },
    { key: 'hazards.rebounds', label: label('hazards.rebounds'), value: n('rebounds'), unit: 'count' },
  ];
}

async function regionFigures(db: Executor, unit: DraftUnit, from: string, to: string, today: string): Promise<ReportDraft['figures']> {
  const [region]: RegionRef[] = await db
    .select({ id: regions.id, path: regions.path, level: regions.level, status: regions.status, name: regions.name, code: regions.code })
    .from(regions)
    .where(eq(regions.id, unit.regionId));
  if (!region) return [];
  const providers = REGION_KEYS.map((k) => figureByKey(k)).filter((f): f is FigureProvider => f !== undefined);
  const values = await computeFigures({ db, principal: regionPrincipal(region), target: region, regions: [region], from, to, today }, providers);
  return providers.map((f) => ({ key: f.key, label: f.label.zh, value: values.get(f.key)?.get(region.id)?.value ?? null, unit: f.unit }));
}

/**
 * Draft a unit's progress report from its data (R5.2): the period's figures, hazards by category,
 * and typical cases (recently closed major hazards). The unit adds its own text.
 */
export async function draftReport(db: Executor, unit: DraftUnit, from: string, to: string, today: string, now: Date): Promise<ReportDraft> {
  const figures = unit.type === 'region' ? await regionFigures(db, unit, from, to, today) : await departmentFigures(db, unit, from, to, today);
  const cats = await db.execute<{ category: string; found: number; closed: number }>(sql`
    SELECT h.category,
           count(*) FILTER (WHERE h.found_at >= ${startOf(from)} AND h.found_at < ${endOf(to)})::int AS found,
           count(*) FILTER (WHERE h.closed_at >= ${startOf(from)} AND h.closed_at < ${endOf(to)} AND h.state = 'closed')::int AS closed
    FROM hazards h
    WHERE ${unitHazards(unit)} AND h.state <> 'voided'
      AND ((h.found_at >= ${startOf(from)} AND h.found_at < ${endOf(to)}) OR (h.closed_at >= ${startOf(from)} AND h.closed_at < ${endOf(to)}))
    GROUP BY h.category ORDER BY h.category`);
  const cases = await db.execute<{ id: string; code: string; subject_name: string; description: string; closed_at: string | null }>(sql`
    SELECT h.id, h.code, h.subject_name, h.description, to_char(h.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS closed_at
    FROM hazards h
    WHERE ${unitHazards(unit)} AND h.state = 'closed' AND h.severity = 'major'
      AND h.closed_at >= ${startOf(from)} AND h.closed_at < ${endOf(to)}
    ORDER BY h.closed_at DESC LIMIT 5`);
  return {
    generatedAt: now.toISOString(),
    figures,
    byCategory: cats.rows.map((r) => ({ category: r.category, label: HAZARD_CATEGORY_LABELS[r.category as HazardCategory]?.zh ?? r.category, found: r.found, closed: r.closed })),
    cases: cases.rows.map((r) => ({ hazardId: r.id, code: r.code, subjectName: r.subject_name, description: r.description, closedAt: r.closed_at })),
  };
}
