import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { regions } from '../db/schema/index.js';
import { AppError, forbidden } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, type RegionRef } from '../shared/scope.js';
import { FIGURES, figureByKey } from './figures/index.js';
import type { FigureContext, FigureProvider, FigureValue, Granularity } from './figures/types.js';
import { summariesRefreshedAt } from './summary.refresh.js';
import type { Period } from './period.js';

/** Roles that read the dashboard: officials of a region. Subject accounts have their own pages. */
const OFFICIALS = new Set(['platform_admin', 'task_force', 'dept_officer', 'town_officer', 'grid_worker']);

export function requireOfficial(p: Principal): void {
  if (p.role === 'machine' || !OFFICIALS.has(p.role)) throw forbidden();
}

/** A principal acting for a region (jobs and drafts compute figures with the region's own scope). */
export function regionPrincipal(region: Pick<RegionRef, 'id' | 'path'>): Principal {
  return {
    kind: 'account',
    id: '00000000-0000-0000-0000-000000000000',
    label: 'system',
    role: 'task_force',
    staffKind: null,
    tokenKind: null,
    regionId: region.id,
    regionPath: region.path,
    departmentId: null,
    enterpriseId: null,
    venueId: null,
    locale: 'zh-CN',
    sessionId: null,
    ip: null,
  };
}

export async function childrenOf(db: Executor, region: RegionRef): Promise<RegionRef[]> {
  return db
    .select({ id: regions.id, path: regions.path, level: regions.level, status: regions.status, name: regions.name, code: regions.code })
    .from(regions)
    .where(and(eq(regions.parentId, region.id), eq(regions.status, 'active')))
    .orderBy(asc(regions.code));
}

const presentRegion = (r: RegionRef) => ({ id: r.id, code: r.code, name: r.name, level: r.level });

function selectProviders(q: { keys?: string[] | undefined; groups?: string[] | undefined }): FigureProvider[] {
  let list = [...FIGURES];
  if (q.groups?.length) list = list.filter((f) => q.groups!.includes(f.group));
  if (q.keys?.length) {
    const unknown = q.keys.filter((k) => !figureByKey(k));
    if (unknown.length) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'keys', key: 'dashboard.unknownFigure', params: { keys: unknown.join(', ') } }]);
    list = list.filter((f) => q.keys!.includes(f.key));
  }
  return list;
}

/** Compute providers for a region and its children; values keyed by provider, then region. */
export async function computeFigures(ctx: FigureContext, providers: FigureProvider[]): Promise<Map<string, Map<string, FigureValue>>> {
  const values = await Promise.all(providers.map((f) => f.compute(ctx)));
  return new Map(providers.map((f, i) => [f.key, values[i]!]));
}

/**
 * The part of a region's figure not in any child (records registered at the region itself):
 * parent minus the children, for counts and for the two halves of a rate.
 */
function directPart(f: FigureProvider, parent: FigureValue, children: FigureValue[]): FigureValue {
  if (f.unit === 'rate' || parent.denominator !== undefined) {
    const num = (parent.numerator ?? 0) - children.reduce((s, c) => s + (c.numerator ?? 0), 0);
    const den = (parent.denominator ?? 0) - children.reduce((s, c) => s + (c.denominator ?? 0), 0);
    return { value: den > 0 ? (f.unit === 'rate' ? num / den : Math.round((num / den) * 10) / 10) : null, numerator: num, denominator: den };
  }
  return { value: (parent.value ?? 0) - children.reduce((s, c) => s + (c.value ?? 0), 0) };
}

export interface DashboardQuery {
  regionId?: string | undefined;
  keys?: string[] | undefined;
  groups?: string[] | undefined;
}

/**
 * The dashboard (R11.1): every figure for the region (in the caller's scope) and the same for each
 * child region, for drill-down; each figure with its key, labels, explanation and list link.
 */
export async function dashboard(db: Executor, p: Principal, q: DashboardQuery, period: Period, today: string) {
  requireOfficial(p);
  const target = await loadRegionInScope(db, p, q.regionId ?? p.regionId);
  const children = await childrenOf(db, target);
  const ctx: FigureContext = { db, principal: p, target, regions: [target, ...children], from: period.from, to: period.to, today };
  const providers = selectProviders(q);
  const [values, refreshedAt] = await Promise.all([computeFigures(ctx, providers), summariesRefreshedAt(db)]);
  const valueOf = (key: string, regionId: string) => values.get(key)!.get(regionId) ?? { value: null };

  const direct = Object.fromEntries(
    providers.filter((f) => f.additive || f.unit !== 'count').map((f) => [f.key, directPart(f, valueOf(f.key, target.id), children.map((c) => valueOf(f.key, c.id)))]),
  );
  const hasDirect = Object.values(direct).some((v) => (v.value ?? 0) !== 0 || (v.denominator ?? 0) !== 0);
  return {
    region: presentRegion(target),
    period,
    today,
    refreshedAt,
    figures: providers.map((f) => ({
      key: f.key,
      group: f.group,
      label: f.label,
      unit: f.unit,
      kind: f.kind,
      source: f.source,
      explain: f.explain,
      additive: f.additive,
      ...valueOf(f.key, target.id),
      link: f.link(ctx, target.id),
    })),
    children: children.map((c) => ({
      region: presentRegion(c),
      figures: Object.fromEntries(providers.map((f) => [f.key, { ...valueOf(f.key, c.id), link: f.link(ctx, c.id) }])),
    })),
    /** Records registered at the region itself rather than in a child (so children + direct = region). */
    direct: hasDirect ? { region: { ...presentRegion(target), direct: true }, figures: direct } : null,
  };
}

const MAX_BUCKETS = 1000;

/** A time series of one figure for a region (ECharts), by day, week or month. */
export async function trends(db: Executor, p: Principal, q: { regionId?: string | undefined; metric: string; granularity: Granularity }, period: Period, today: string) {
  requireOfficial(p);
  const provider = figureByKey(q.metric);
  if (!provider?.trend) {
    throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'metric', key: 'dashboard.noTrend', params: { metrics: trendMetrics().join(', ') } }]);
  }
  const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 + 1;
  const buckets = q.granularity === 'day' ? days : q.granularity === 'week' ? days / 7 : days / 28;
  if (buckets > MAX_BUCKETS) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'granularity', key: 'dashboard.tooManyBuckets', params: { max: MAX_BUCKETS } }]);
  const target = await loadRegionInScope(db, p, q.regionId ?? p.regionId);
  const ctx: FigureContext = { db, principal: p, target, regions: [target], from: period.from, to: period.to, today };
  const points = await provider.trend(ctx, q.granularity);
  return { region: presentRegion(target), metric: q.metric, label: provider.label, unit: provider.unit, granularity: q.granularity, period, points };
}

export function trendMetrics(): string[] {
  return FIGURES.filter((f) => f.trend).map((f) => f.key);
}

/** The figure catalogue: keys, labels, units and how each is made (for the web and the big screen). */
export function catalogue() {
  return FIGURES.map((f) => ({ key: f.key, group: f.group, label: f.label, unit: f.unit, kind: f.kind, source: f.source, explain: f.explain, additive: f.additive, trend: Boolean(f.trend) }));
}
