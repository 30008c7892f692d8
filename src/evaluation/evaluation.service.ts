import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import { campaignUnits, type Unit } from '../campaigns/campaigns.service.js';
import type { Db, Executor } from '../db/db.js';
import { evaluationWeights } from '../db/schema/index.js';
import { childrenOf, computeFigures, requireOfficial } from '../dashboard/dashboard.service.js';
import { figureByKey } from '../dashboard/figures/index.js';
import type { FigureContext, FigureProvider } from '../dashboard/figures/types.js';
import type { Period } from '../dashboard/period.js';
import { AppError, forbidden } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, loadRegionVisible, type RegionRef } from '../shared/scope.js';
import { DEFAULT_WEIGHTS, rank, scoreUnit, weightProblems, type EvaluationWeights, type UnitFacts } from './evaluation.rules.js';

/** The weights of a region's evaluation: its own, else the nearest region above with some, else the defaults. */
export async function weightsFor(db: Executor, region: Pick<RegionRef, 'id' | 'path'>): Promise<{ weights: EvaluationWeights; definedAt: string | null }> {
  const ids = region.path.split('/').filter(Boolean);
  const rows = await db.execute<{ region_id: string; weights: EvaluationWeights }>(sql`
    SELECT w.region_id, w.weights FROM evaluation_weights w JOIN regions r ON r.id = w.region_id
    WHERE w.region_id = ANY(${`{${ids.join(',')}}`}::uuid[]) ORDER BY r.depth DESC LIMIT 1`);
  const row = rows.rows[0];
  return row ? { weights: row.weights, definedAt: row.region_id } : { weights: DEFAULT_WEIGHTS, definedAt: null };
}

export async function getWeights(db: Executor, p: Principal, regionId: string) {
  const region = await loadRegionVisible(db, p, regionId);
  const w = await weightsFor(db, region);
  return { regionId: region.id, ...w, isDefault: w.definedAt === null, defaults: DEFAULT_WEIGHTS };
}

export async function putWeights(db: Db, p: Principal, regionId: string, weights: EvaluationWeights) {
  if (p.role !== 'platform_admin' && p.role !== 'task_force') throw forbidden();
  const problems = weightProblems(weights);
  if (problems.length) throw new AppError('UNPROCESSABLE', 'error.validation', {}, problems.map((path) => ({ path: `weights.${path}`, key: path === 'total' ? 'evaluation.weightsTotal' : 'field.tooSmall', params: { minimum: 0 } })));
  return db.transaction(async (tx) => {
    const region = await loadRegionInScope(tx, p, regionId);
    const before = await weightsFor(tx, region);
    const row = { regionId: region.id, weights, updatedBy: p.kind === 'account' ? p.id : null, updatedAt: new Date() };
    await tx.insert(evaluationWeights).values(row).onConflictDoUpdate({ target: evaluationWeights.regionId, set: row });
    await recordAudit(tx, actorOf(p), { action: 'evaluation.weights', entityType: 'region', entityId: region.id, regionId: region.id, before: before.weights, after: weights });
    return { regionId: region.id, weights, definedAt: region.id, isDefault: false, defaults: DEFAULT_WEIGHTS };
  });
}

const TOWN_KEYS = ['coverage.venue', 'coverage.household', 'coverage.enterprise', 'hazards.rectificationRate', 'hazards.overdue', 'hazards.rebounds'];

/** Facts of the region units, from the dashboard's providers over the region's children. */
async function regionFacts(db: Executor, p: Principal, target: RegionRef, period: Period, today: string): Promise<Map<string, Omit<UnitFacts, 'reports'>>> {
  const children = await childrenOf(db, target);
  const providers = TOWN_KEYS.map((k) => figureByKey(k)).filter((f): f is FigureProvider => f !== undefined);
  const ctx: FigureContext = { db, principal: p, target, regions: [target, ...children], from: period.from, to: period.to, today };
  const v = await computeFigures(ctx, providers);
  const get = (key: string, id: string) => v.get(key)?.get(id) ?? { value: null };
  return new Map(
    children.map((c) => {
      const cov = ['coverage.venue', 'coverage.household', 'coverage.enterprise'].map((k) => get(k, c.id));
      const rect = get('hazards.rectificationRate', c.id);
      return [
        c.id,
        {
          coverage: { inspected: cov.reduce((s, x) => s + (x.numerator ?? 0), 0), total: cov.reduce((s, x) => s + (x.denominator ?? 0), 0) },
          rectification: { closed: rect.numerator ?? 0, found: rect.denominator ?? 0 },
          overdue: get('hazards.overdue', c.id).value ?? 0,
          rebounds: get('hazards.rebounds', c.id).value ?? 0,
        },
      ];
    }),
  );
}

/** Facts of the departments: the hazards each leads (三管三必须), live. */
async function departmentFacts(db: Executor, regionId: string, period: Period, today: string): Promise<Map<string, Omit<UnitFacts, 'reports'>>> {
  const inPeriod = sql`h.found_at >= (${period.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AND h.found_at < (${period.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
  const res = await db.execute<{ id: string; found: number; closed: number; overdue: number; rebounds: number }>(sql`
    SELECT d.id,
           count(h.id) FILTER (WHERE ${inPeriod})::int AS found,
           count(h.id) FILTER (WHERE ${inPeriod} AND h.state = 'closed')::int AS closed,
           count(h.id) FILTER (WHERE h.state IN ('reported','assigned','rectifying','awaiting_review') AND h.deadline < ${today}::date)::int AS overdue,
           count(h.id) FILTER (WHERE ${inPeriod} AND h.rebound_of IS NOT NULL)::int AS rebounds
    FROM departments d LEFT JOIN hazards h ON h.lead_department_id = d.id AND h.state <> 'voided'
    WHERE d.region_id = ${regionId} AND d.status = 'active'
    GROUP BY d.id`);
  return new Map(res.rows.map((r) => [r.id, { coverage: null, rectification: { closed: r.closed, found: r.found }, overdue: r.overdue, rebounds: r.rebounds }]));
}

/** Reports due in the period (and already due) per unit, and how many came on time. */
async function reportFacts(db: Executor, regionId: string, period: Period, today: string): Promise<Map<string, UnitFacts['reports']>> {
  const res = await db.execute<{ unit_id: string; due: number; on_time: number }>(sql`
    SELECT r.unit_id, count(*)::int AS due, count(*) FILTER (WHERE r.status = 'submitted' AND NOT r.late)::int AS on_time
    FROM progress_reports r JOIN campaigns c ON c.id = r.campaign_id
    WHERE c.region_id = ${regionId} AND r.due_date BETWEEN ${period.from}::date AND ${period.to}::date AND r.due_date < ${today}::date
    GROUP BY r.unit_id`);
  return new Map(res.rows.map((r) => [r.unit_id, { due: r.due, onTime: r.on_time }]));
}

/** The evaluation of a region's units (R5.3): facts, weighted lines, score and rank of each. */
export async function evaluate(db: Executor, p: Principal, regionId: string | undefined, period: Period, today: string) {
  requireOfficial(p);
  const target = await loadRegionInScope(db, p, regionId ?? p.regionId);
  const [{ weights, definedAt }, units, towns, depts, reports] = await Promise.all([
    weightsFor(db, target),
    campaignUnits(db, { regionId: target.id }),
    regionFacts(db, p, target, period, today),
    departmentFacts(db, target.id, period, today),
    reportFacts(db, target.id, period, today),
  ]);
  const scored = units.map((u: Unit) => {
    const base = (u.type === 'region' ? towns.get(u.id) : depts.get(u.id)) ?? { coverage: null, rectification: { closed: 0, found: 0 }, overdue: 0, rebounds: 0 };
    const facts: UnitFacts = { ...base, reports: reports.get(u.id) ?? { due: 0, onTime: 0 } };
    const s = scoreUnit(facts, weights);
    return { unit: { type: u.type, id: u.id, name: u.name }, name: u.name, score: s.score, points: s.points, maxPoints: s.maxPoints, lines: s.lines, facts };
  });
  const ranked = (type: 'region' | 'department') => rank(scored.filter((s) => s.unit.type === type)).map(({ name: _n, ...rest }) => rest);
  return {
    region: { id: target.id, code: target.code, name: target.name, level: target.level },
    period,
    weights,
    weightsDefinedAt: definedAt,
    towns: ranked('region'),
    departments: ranked('department'),
  };
}
