import { sql } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope } from '../shared/scope.js';
import { childrenOf, computeFigures, requireOfficial } from './dashboard.service.js';
import { figureByKey } from './figures/index.js';
import type { FigureContext, FigureProvider } from './figures/types.js';
import type { Period } from './period.js';

export const MAP_LAYERS = ['subjects', 'majorHazards', 'alarms'] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];
/** The figures a boundary map colours children by (fast, from the summaries), unless asked otherwise. */
export const DEFAULT_MAP_KEYS = ['hazards.found', 'hazards.open', 'hazards.overdue', 'hazards.openMajor', 'hazards.rectificationRate', 'subjects.venues', 'alarms.open'];

const OPEN = sql.raw(`('reported','assigned','rectifying','awaiting_review')`);

interface Point {
  layer: MapLayer;
  type: string;
  id: string;
  name: string;
  kind: string | null;
  lat: number;
  lng: number;
  overdue?: boolean;
  code?: string;
}

async function subjectPoints(db: Executor, path: string, limit: number): Promise<Point[]> {
  const inTree = sql`region_id IN (SELECT id FROM regions WHERE path LIKE ${path + '%'})`;
  const res = await db.execute<{ type: string; id: string; name: string; kind: string; lat: number; lng: number }>(sql`
    (SELECT 'venue' AS type, id, name, kind, lat, lng FROM venues WHERE status = 'active' AND lat IS NOT NULL AND lng IS NOT NULL AND ${inTree} LIMIT ${limit + 1})
    UNION ALL
    (SELECT 'enterprise', id, name, kind, lat, lng FROM enterprises WHERE status = 'active' AND lat IS NOT NULL AND lng IS NOT NULL AND ${inTree} LIMIT ${limit + 1})
    UNION ALL
    (SELECT 'facility', id, name, kind, lat, lng FROM facilities WHERE status = 'active' AND kind NOT LIKE 'pipeline%' AND lat IS NOT NULL AND lng IS NOT NULL AND ${inTree} LIMIT ${limit + 1})
    LIMIT ${limit + 1}`);
  return res.rows.map((r) => ({ layer: 'subjects', type: r.type, id: r.id, name: r.name, kind: r.kind, lat: r.lat, lng: r.lng }));
}

/** Open major hazards (R4.8) placed at their subject's coordinates. */
async function majorHazardPoints(db: Executor, path: string, today: string, limit: number): Promise<Point[]> {
  const res = await db.execute<{ id: string; code: string; subject_type: string; subject_name: string; category: string; lat: number; lng: number; overdue: boolean }>(sql`
    SELECT h.id, h.code, h.subject_type, h.subject_name, h.category, coalesce(v.lat, e.lat, f.lat) AS lat, coalesce(v.lng, e.lng, f.lng) AS lng,
           coalesce(h.deadline < ${today}::date, false) AS overdue
    FROM hazards h
    LEFT JOIN venues v ON h.subject_type = 'venue' AND v.id = h.subject_id
    LEFT JOIN enterprises e ON h.subject_type = 'enterprise' AND e.id = h.subject_id
    LEFT JOIN facilities f ON h.subject_type = 'facility' AND f.id = h.subject_id
    WHERE h.state IN ${OPEN} AND h.severity = 'major'
      AND h.region_id IN (SELECT id FROM regions WHERE path LIKE ${path + '%'})
      AND coalesce(v.lat, e.lat, f.lat) IS NOT NULL
    ORDER BY h.deadline NULLS LAST
    LIMIT ${limit + 1}`);
  return res.rows.map((r) => ({ layer: 'majorHazards', type: r.subject_type, id: r.id, code: r.code, name: r.subject_name, kind: r.category, lat: r.lat, lng: r.lng, overdue: r.overdue }));
}

/** Open alarms (R7.4) at their devices' coordinates, most severe first. */
async function alarmPoints(db: Executor, path: string, limit: number): Promise<Point[]> {
  const res = await db.execute<{ id: string; code: string; severity: string; condition: string; subject_type: string; subject_name: string; lat: number; lng: number }>(sql`
    SELECT a.id, a.code, a.severity, a.condition, d.subject_type, d.subject_name, d.lat, d.lng
    FROM alarms a JOIN devices d ON d.id = a.device_id
    WHERE a.closed_at IS NULL AND d.lat IS NOT NULL AND d.lng IS NOT NULL
      AND a.region_id IN (SELECT id FROM regions WHERE path LIKE ${path + '%'})
    ORDER BY CASE a.severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 ELSE 2 END, a.raised_at DESC
    LIMIT ${limit + 1}`);
  return res.rows.map((r) => ({ layer: 'alarms', type: r.subject_type, id: r.id, code: r.code, name: r.subject_name, kind: `${r.severity}:${r.condition}`, lat: r.lat, lng: r.lng }));
}

/**
 * The map (R11.1, conventions.md "Dashboards"): points of the chosen layers in the region, and
 * the children's figures keyed by region code (adcode) for the boundary map.
 */
export async function mapData(
  db: Executor,
  p: Principal,
  q: { regionId?: string | undefined; layers: MapLayer[]; limit: number; keys?: string[] | undefined },
  period: Period,
  today: string,
) {
  requireOfficial(p);
  const target = await loadRegionInScope(db, p, q.regionId ?? p.regionId);
  const children = await childrenOf(db, target);
  const providers = (q.keys?.length ? q.keys : DEFAULT_MAP_KEYS).map((k) => figureByKey(k)).filter((f): f is FigureProvider => f !== undefined);
  const ctx: FigureContext = { db, principal: p, target, regions: [target, ...children], from: period.from, to: period.to, today };
  const [values, subjects, majors, alarms] = await Promise.all([
    computeFigures(ctx, providers),
    q.layers.includes('subjects') ? subjectPoints(db, target.path, q.limit) : Promise.resolve([]),
    q.layers.includes('majorHazards') ? majorHazardPoints(db, target.path, today, q.limit) : Promise.resolve([]),
    q.layers.includes('alarms') ? alarmPoints(db, target.path, q.limit) : Promise.resolve([]),
  ]);
  const byCode = Object.fromEntries(
    [target, ...children].map((r) => [r.code, { regionId: r.id, name: r.name, level: r.level, self: r.id === target.id, figures: Object.fromEntries(providers.map((f) => [f.key, values.get(f.key)!.get(r.id)?.value ?? null])) }]),
  );
  return {
    region: { id: target.id, code: target.code, name: target.name, level: target.level },
    period,
    figures: providers.map((f) => ({ key: f.key, label: f.label, unit: f.unit })),
    regions: byCode,
    layers: {
      subjects: q.layers.includes('subjects') ? { points: subjects.slice(0, q.limit), truncated: subjects.length > q.limit } : null,
      majorHazards: q.layers.includes('majorHazards') ? { points: majors.slice(0, q.limit), truncated: majors.length > q.limit } : null,
      alarms: q.layers.includes('alarms') ? { points: alarms.slice(0, q.limit), truncated: alarms.length > q.limit } : null,
    },
    boundaries: `/api/v1/geo/boundaries?regionId=${target.id}`,
  };
}
