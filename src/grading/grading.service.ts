import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { canonicalJson, recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { enterpriseGrades, enterprises, settings } from '../db/schema/index.js';
import { AppError, forbidden, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, recordScope } from '../shared/scope.js';
import { gatherFacts } from './grading.facts.js';
import { configProblems, DEFAULT_GRADING, gradeEnterprise, type GradeResult, type GradingConfig } from './grading.rules.js';

const CONFIG_KEY = 'grading.config';
const GRADING_LOCK = 7303003;
const BATCH = 1000;
/** A grade unchanged for this long is written again, so the history shows it was reviewed (定期复核). */
const REVIEW_DAYS = 30;

export const configVersion = (c: GradingConfig) => createHash('sha256').update(canonicalJson(c)).digest('hex').slice(0, 12);

export async function gradingConfig(db: Executor): Promise<GradingConfig> {
  const [row] = await db.select().from(settings).where(eq(settings.key, CONFIG_KEY));
  return row ? { ...DEFAULT_GRADING, ...(row.value as Partial<GradingConfig>) } : DEFAULT_GRADING;
}

export async function putGradingConfig(db: Db, p: Principal, c: GradingConfig) {
  if (p.role !== 'platform_admin') throw forbidden();
  const problems = configProblems(c);
  if (problems.length) throw new AppError('UNPROCESSABLE', 'error.validation', {}, problems.map((path) => ({ path, key: path === 'weights' ? 'grading.weightsTotal' : 'field.invalidValue' })));
  return db.transaction(async (tx) => {
    const before = await gradingConfig(tx);
    await tx.insert(settings).values({ key: CONFIG_KEY, value: c }).onConflictDoUpdate({ target: settings.key, set: { value: c, updatedAt: new Date() } });
    await recordAudit(tx, actorOf(p), { action: 'grading.config', entityType: 'setting', entityId: CONFIG_KEY, before, after: c });
    return { config: c, version: configVersion(c) };
  });
}

/**
 * Grade enterprises now and keep the history (R9.1): a row is written when the grade, the score
 * or the configuration changed, or when the last one is older than REVIEW_DAYS.
 */
export async function gradeNow(db: Executor, list: { id: string; kind: string; regionId: string }[], now: Date, today: string, actor: Actor = SYSTEM_ACTOR) {
  const config = await gradingConfig(db);
  const version = configVersion(config);
  const results = new Map<string, GradeResult>();
  let written = 0;
  for (let i = 0; i < list.length; i += BATCH) {
    const batch = list.slice(i, i + BATCH);
    const facts = await gatherFacts(db, batch, today, config);
    const latest = await db.execute<{ enterprise_id: string; grade: string; score: number; config_version: string; computed_at: Date }>(sql`
      SELECT DISTINCT ON (enterprise_id) enterprise_id, grade, score, config_version, computed_at FROM enterprise_grades
      WHERE enterprise_id = ANY(${`{${batch.map((e) => e.id).join(',')}}`}::uuid[]) ORDER BY enterprise_id, computed_at DESC`);
    const last = new Map(latest.rows.map((r) => [r.enterprise_id, r]));
    const rows = [];
    for (const e of batch) {
      const r = gradeEnterprise(facts.get(e.id)!, config);
      results.set(e.id, r);
      const prev = last.get(e.id);
      const stale = !prev || now.getTime() - new Date(prev.computed_at).getTime() > REVIEW_DAYS * 86_400_000;
      if (stale || prev.grade !== r.grade || prev.score !== r.score || prev.config_version !== version) {
        // History stays in order even when clocks of instances differ (or a test clock stands still).
        const computedAt = prev && new Date(prev.computed_at).getTime() >= now.getTime() ? new Date(new Date(prev.computed_at).getTime() + 1) : now;
        rows.push({ enterpriseId: e.id, regionId: e.regionId, computedAt, grade: r.grade, score: r.score, scoreGrade: r.scoreGrade, inspectionIntervalMonths: r.inspectionIntervalMonths, result: { ...r, facts: facts.get(e.id) }, configVersion: version });
      }
    }
    for (let j = 0; j < rows.length; j += 500) await db.insert(enterpriseGrades).values(rows.slice(j, j + 500));
    written += rows.length;
  }
  if (actor !== SYSTEM_ACTOR && list.length === 1) {
    await recordAudit(db, actor, { action: 'grading.recompute', entityType: 'enterprise', entityId: list[0]!.id, regionId: list[0]!.regionId, after: { grade: results.get(list[0]!.id)?.grade } });
  }
  return { results, written, version };
}

/** The periodic review (job): grade every active enterprise once a day, on one instance. */
export async function runGradingJob(db: Db, now: Date, today: string) {
  return db.transaction(async (tx) => {
    const lock = await tx.execute<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${GRADING_LOCK}) AS ok`);
    if (!lock.rows[0]?.ok) return { ran: false, graded: 0, written: 0 };
    const state = await tx.execute<{ at: Date }>(sql`SELECT refreshed_at AS at FROM dash_state WHERE key = 'grading'`);
    const last = state.rows[0]?.at;
    if (last && now.getTime() - new Date(last).getTime() < 23 * 3_600_000) return { ran: false, graded: 0, written: 0 };
    const list = await tx.select({ id: enterprises.id, kind: enterprises.kind, regionId: enterprises.regionId }).from(enterprises).where(eq(enterprises.status, 'active'));
    const { written } = await gradeNow(tx, list, now, today);
    await tx.execute(sql`INSERT INTO dash_state (key, refreshed_at) VALUES ('grading', ${now.toISOString()}::timestamptz) ON CONFLICT (key) DO UPDATE SET refreshed_at = excluded.refreshed_at`);
    return { ran: true, graded: list.length, written };
  });
}

const enterpriseScope = (p: Principal) => recordScope(p, { regionId: enterprises.regionId, id: enterprises.id }, 'enterprise');

async function loadEnterprise(db: Executor, p: Principal, id: string) {
  const [e] = await db.select({ id: enterprises.id, name: enterprises.name, kind: enterprises.kind, regionId: enterprises.regionId }).from(enterprises).where(and(eq(enterprises.id, id), enterpriseScope(p)));
  if (!e) throw notFound('entity.enterprise');
  return e;
}

/** Recompute one enterprise now (an official after a change; the enterprise sees its own). */
export async function recomputeOne(db: Db, p: Principal, id: string, now: Date, today: string) {
  if (p.role === 'machine' || p.venueId) throw forbidden();
  const e = await loadEnterprise(db, p, id);
  await db.transaction((tx) => gradeNow(tx, [e], now, today, actorOf(p)));
  return enterpriseGrade(db, p, id);
}

/** The current grade with its explanation, and the history. */
export async function enterpriseGrade(db: Executor, p: Principal, id: string) {
  const e = await loadEnterprise(db, p, id);
  const history = await db.select().from(enterpriseGrades).where(eq(enterpriseGrades.enterpriseId, id)).orderBy(desc(enterpriseGrades.computedAt)).limit(50);
  const [current] = history;
  return {
    enterprise: e,
    current: current ? { grade: current.grade, score: current.score, scoreGrade: current.scoreGrade, inspectionIntervalMonths: current.inspectionIntervalMonths, computedAt: current.computedAt, ...(current.result as object) } : null,
    history: history.map((h) => ({ computedAt: h.computedAt, grade: h.grade, score: h.score, configVersion: h.configVersion })),
  };
}

/** Current grades of the enterprises in a region (latest row each), filterable by grade. */
export async function listGrades(db: Executor, p: Principal, q: { regionId?: string | undefined; grade?: string | undefined; page: number; pageSize: number }) {
  const region = await loadRegionInScope(db, p, q.regionId ?? p.regionId);
  const res = await db.execute<{ enterprise_id: string; name: string; kind: string; grade: string; score: number; score_grade: string; interval: number; computed_at: Date; total: number }>(sql`
    WITH cur AS (
      SELECT DISTINCT ON (g.enterprise_id) g.enterprise_id, g.grade, g.score, g.score_grade, g.inspection_interval_months, g.computed_at
      FROM enterprise_grades g
      WHERE g.region_id IN (SELECT id FROM regions WHERE path LIKE ${region.path + '%'})
      ORDER BY g.enterprise_id, g.computed_at DESC
    )
    SELECT cur.enterprise_id, enterprises.name, enterprises.kind, cur.grade, cur.score, cur.score_grade, cur.inspection_interval_months AS interval, cur.computed_at, count(*) OVER ()::int AS total
    FROM cur JOIN enterprises ON enterprises.id = cur.enterprise_id
    WHERE ${enterpriseScope(p)} ${q.grade ? sql`AND cur.grade = ${q.grade}` : sql``}
    ORDER BY cur.score, enterprises.name LIMIT ${q.pageSize} OFFSET ${offsetOf(q)}`);
  return {
    items: res.rows.map((r) => ({ enterpriseId: r.enterprise_id, name: r.name, kind: r.kind, grade: r.grade, score: r.score, scoreGrade: r.score_grade, inspectionIntervalMonths: r.interval, computedAt: r.computed_at })),
    total: res.rows[0]?.total ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}
