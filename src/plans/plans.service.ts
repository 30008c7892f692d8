import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import { activeItems, itemsForSubject, regionPathOf } from '../checklists/checklists.service.js';
import type { Db, Executor } from '../db/db.js';
import { departments, inspectionPlans, inspectionTasks, jointVisits } from '../db/schema/index.js';
import { routeHazard } from '../departments/matrix.service.js';
import type { HazardCategory, TaskKind } from '../departments/taxonomy.js';
import { KINDS } from '../registry/kinds.js';
import { loadSubject, type SubjectType } from '../registry/subjects.js';
import { AppError, forbidden, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope } from '../shared/scope.js';
import { planWindows, proposeJointVisits } from './plans.rules.js';

const PLANNERS = new Set(['platform_admin', 'task_force', 'dept_officer', 'town_officer', 'enterprise_admin']);
/** Generation stops here: a plan larger than this is refused (narrow the region or kinds). */
const MAX_TASKS = 500_000;

export interface PlanInput {
  name: string;
  kind: 'campaign' | 'recurring';
  regionId: string;
  subjectType: SubjectType;
  subjectKinds: string[];
  startDate: string;
  endDate: string;
  intervalMonths?: number | undefined;
  openHazardIntervalDays?: number | undefined;
  assigneeId?: string | undefined;
}

const NAME_COLUMN: Record<SubjectType, string> = { venue: 'name', household: 'address', enterprise: 'name', facility: 'name', vehicle: 'plate_number' };

/**
 * Create a plan and its visits (R3.6): every active subject of the type (and kinds) in the region
 * subtree gets one task per window; then overlapping visits of different departments to the same
 * subject are proposed as joint visits. One transaction.
 */
export async function createPlan(db: Db, p: Principal, input: PlanInput) {
  if (p.role === 'machine' || !PLANNERS.has(p.role)) throw forbidden();
  const windows = planWindows(input.kind, input.startDate, input.endDate, input.intervalMonths ?? null);
  if (windows.length === 0) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'endDate', key: 'plan.dates' }]);
  return db.transaction(async (tx) => {
    const region = await loadRegionInScope(tx, p, input.regionId);
    const [plan] = await tx
      .insert(inspectionPlans)
      .values({
        regionId: region.id,
        departmentId: p.departmentId,
        name: input.name,
        kind: input.kind,
        subjectType: input.subjectType,
        subjectKinds: input.subjectKinds,
        startDate: input.startDate,
        endDate: input.endDate,
        intervalMonths: input.intervalMonths ?? null,
        openHazardIntervalDays: input.openHazardIntervalDays ?? null,
        assigneeId: input.assigneeId ?? null,
        createdBy: p.id,
      })
      .returning();
    const def = KINDS[input.subjectType];
    const kindFilter = input.subjectKinds.length && input.subjectType !== 'household' ? sql`AND s.kind = ANY(${sql.param(input.subjectKinds)}::text[])` : sql``;
    // Enterprise planners (household inspection by the gas company) plan only the users they supply.
    const own = p.enterpriseId ? (def.enterpriseColumn ? sql`AND s.${sql.identifier(def.enterpriseColumn === 'id' ? 'id' : def.enterpriseColumn.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))} = ${p.enterpriseId}` : sql`AND false`) : sql``;
    const subjects = sql`SELECT s.id, s.region_id, s.${sql.identifier(NAME_COLUMN[input.subjectType])} AS name FROM ${def.table} s
      WHERE s.status = 'active' AND s.region_id IN (SELECT id FROM regions WHERE path LIKE ${region.path + '%'}) ${kindFilter} ${own}`;
    const count = await tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM (${subjects}) x`);
    if (Number(count.rows[0]?.n ?? 0) * windows.length > MAX_TASKS) throw new AppError('UNPROCESSABLE', 'plan.tooLarge', { max: MAX_TASKS });
    const froms = windows.map((w) => w.from);
    const tos = windows.map((w) => w.to);
    const inserted = await tx.execute<{ n: number }>(sql`
      WITH w AS (SELECT * FROM unnest(${sql.param(froms)}::date[], ${sql.param(tos)}::date[]) AS w(due_from, due_to)),
      ins AS (
        INSERT INTO inspection_tasks (plan_id, region_id, department_id, subject_type, subject_id, subject_name, due_from, due_to, assignee_id)
        SELECT ${plan!.id}, s.region_id, ${p.departmentId}, ${input.subjectType}, s.id, s.name, w.due_from, w.due_to, ${input.assigneeId ?? null}
        FROM (${subjects}) s CROSS JOIN w
        ON CONFLICT DO NOTHING RETURNING 1)
      SELECT count(*)::int AS n FROM ins`);
    const joint = await proposeForPlan(tx, plan!.id);
    await recordAudit(tx, actorOf(p), { action: 'plan.create', entityType: 'inspection_plan', entityId: plan!.id, regionId: region.id, after: { ...plan, tasks: inserted.rows[0]?.n, jointVisits: joint } });
    return { plan: plan!, tasks: Number(inserted.rows[0]?.n ?? 0), jointVisits: joint };
  });
}

/** Propose joint visits between this plan's open tasks and other departments' open tasks for the same subjects. */
async function proposeForPlan(tx: Executor, planId: string): Promise<number> {
  const rows = await tx.execute<{ id: string; department_id: string | null; subject_type: string; subject_id: string; subject_name: string; region_id: string; due_from: string; due_to: string }>(sql`
    SELECT t.id, t.department_id, t.subject_type, t.subject_id, t.subject_name, t.region_id, to_char(t.due_from, 'YYYY-MM-DD') AS due_from, to_char(t.due_to, 'YYYY-MM-DD') AS due_to
    FROM inspection_tasks t
    WHERE t.status = 'open' AND t.joint_visit_id IS NULL AND t.department_id IS NOT NULL
      AND (t.subject_type, t.subject_id) IN (SELECT subject_type, subject_id FROM inspection_tasks WHERE plan_id = ${planId})`);
  const byId = new Map(rows.rows.map((r) => [r.id, r]));
  const proposals = proposeJointVisits(rows.rows.map((r) => ({ taskId: r.id, departmentId: r.department_id, subjectKey: `${r.subject_type}:${r.subject_id}`, from: r.due_from, to: r.due_to })));
  for (const jp of proposals) {
    const first = byId.get(jp.taskIds[0]!)!;
    const [jv] = await tx
      .insert(jointVisits)
      .values({ regionId: first.region_id, subjectType: first.subject_type, subjectId: first.subject_id, subjectName: first.subject_name, windowFrom: jp.window.from, windowTo: jp.window.to, departmentIds: jp.departmentIds })
      .returning({ id: jointVisits.id });
    await tx.update(inspectionTasks).set({ jointVisitId: jv!.id }).where(inArray(inspectionTasks.id, jp.taskIds));
  }
  return proposals.length;
}

export async function listPlans(db: Executor, p: Principal, q: { page: number; pageSize: number }) {
  const where = inRegionScope(p, inspectionPlans.regionId);
  const [rows, count] = await Promise.all([
    db.select().from(inspectionPlans).where(where).orderBy(desc(inspectionPlans.createdAt)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: sql<number>`count(*)::int` }).from(inspectionPlans).where(where),
  ]);
  return { items: rows, total: count[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Visits to make: the caller's own (assigned to it or its department) or, for supervisors, the region's. */
export async function listTasks(db: Executor, p: Principal, q: { mine?: boolean | undefined; status?: string | undefined; planId?: string | undefined; page: number; pageSize: number }) {
  const conds = [inRegionScope(p, inspectionTasks.regionId)];
  if (q.mine) conds.push(sql`(${inspectionTasks.assigneeId} = ${p.id} OR (${inspectionTasks.assigneeId} IS NULL AND ${inspectionTasks.departmentId} IS NOT DISTINCT FROM ${p.departmentId}))`);
  if (q.status) conds.push(eq(inspectionTasks.status, q.status));
  if (q.planId) conds.push(eq(inspectionTasks.planId, q.planId));
  const where = and(...conds);
  const [rows, count] = await Promise.all([
    db.select().from(inspectionTasks).where(where).orderBy(asc(inspectionTasks.dueTo), asc(inspectionTasks.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: sql<number>`count(*)::int` }).from(inspectionTasks).where(where),
  ]);
  return { items: rows, total: count[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/**
 * A joint visit as each department sees it: the subject, the window, and for every department the
 * items it will check (the applicable items whose hazards the matrix routes to it).
 */
export async function getJointVisit(db: Executor, p: Principal, id: string) {
  const [jv] = await db.select().from(jointVisits).where(and(eq(jointVisits.id, id), inRegionScope(p, jointVisits.regionId)));
  if (!jv) throw notFound('entity.jointVisit');
  const subject = await loadSubject(db, null, jv.subjectType as SubjectType, jv.subjectId);
  const items = itemsForSubject(await activeItems(db, await regionPathOf(db, subject.regionId)), { type: subject.type, kind: subject.kind, attrs: subject.attrs });
  const depts = await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, jv.departmentIds));
  const routeCache = new Map<string, string | null>();
  const byDept = new Map<string, { code: string; text: string }[]>(jv.departmentIds.map((d) => [d, []]));
  for (const it of items) {
    const key = `${it.def.category}/${it.def.taskKind}`;
    if (!routeCache.has(key)) routeCache.set(key, (await routeHazard(db, subject.regionId, it.def.category as HazardCategory, it.def.taskKind as TaskKind))?.lead.departmentId ?? null);
    const lead = routeCache.get(key);
    if (lead && byDept.has(lead)) byDept.get(lead)!.push({ code: it.code, text: it.def.text.zh });
  }
  const tasks = await db.select().from(inspectionTasks).where(eq(inspectionTasks.jointVisitId, id));
  return {
    visit: jv,
    departments: depts.map((d) => ({ id: d.id, name: d.name, items: byDept.get(d.id) ?? [] })),
    tasks,
  };
}

export async function listJointVisits(db: Executor, p: Principal, q: { status?: string | undefined; page: number; pageSize: number }) {
  const conds = [inRegionScope(p, jointVisits.regionId)];
  if (p.departmentId) conds.push(sql`${p.departmentId} = ANY(${jointVisits.departmentIds})`);
  if (q.status) conds.push(eq(jointVisits.status, q.status));
  const where = and(...conds);
  const rows = await db.select().from(jointVisits).where(where).orderBy(asc(jointVisits.windowFrom)).limit(q.pageSize).offset(offsetOf(q));
  const count = await db.select({ n: sql<number>`count(*)::int` }).from(jointVisits).where(where);
  return { items: rows, total: count[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** A department (or the task force) accepts or declines the proposal; declined visits split back into separate tasks. */
export async function decideJointVisit(db: Db, p: Principal, id: string, accept: boolean) {
  return db.transaction(async (tx) => {
    const [jv] = await tx.select().from(jointVisits).where(and(eq(jointVisits.id, id), inRegionScope(p, jointVisits.regionId))).for('update');
    if (!jv) throw notFound('entity.jointVisit');
    const involved = p.role === 'platform_admin' || p.role === 'task_force' || (p.departmentId !== null && jv.departmentIds.includes(p.departmentId));
    if (!involved) throw forbidden();
    if (jv.status !== 'proposed') throw new AppError('CONFLICT', 'plan.jointVisit.decided');
    await tx.update(jointVisits).set({ status: accept ? 'accepted' : 'declined' }).where(eq(jointVisits.id, id));
    if (!accept) await tx.update(inspectionTasks).set({ jointVisitId: null }).where(eq(inspectionTasks.jointVisitId, id));
    await recordAudit(tx, actorOf(p), { action: accept ? 'joint_visit.accept' : 'joint_visit.decline', entityType: 'joint_visit', entityId: id, regionId: jv.regionId });
    return { ...jv, status: accept ? 'accepted' : 'declined' };
  });
}

/**
 * R3.6 "more often while a hazard stays open": for active recurring plans with a follow-up interval,
 * add a visit for every subject with an open hazard whose last visit window started longer ago than
 * that interval. Idempotent per day (unique plan/subject/due_from).
 */
export async function planFollowUps(db: Db, today: string): Promise<number> {
  const res = await db.execute<{ n: number }>(sql`
    WITH ins AS (
      INSERT INTO inspection_tasks (plan_id, region_id, department_id, subject_type, subject_id, subject_name, due_from, due_to, assignee_id)
      SELECT p.id, t.region_id, p.department_id, t.subject_type, t.subject_id, t.subject_name, ${today}::date, ${today}::date + p.open_hazard_interval_days, p.assignee_id
      FROM inspection_plans p
      JOIN LATERAL (
        SELECT DISTINCT ON (subject_id) region_id, subject_type, subject_id, subject_name, due_from
        FROM inspection_tasks WHERE plan_id = p.id ORDER BY subject_id, due_from DESC
      ) t ON true
      WHERE p.status = 'active' AND p.kind = 'recurring' AND p.open_hazard_interval_days IS NOT NULL
        AND ${today}::date BETWEEN p.start_date AND p.end_date
        AND t.due_from <= ${today}::date - p.open_hazard_interval_days
        AND EXISTS (SELECT 1 FROM hazards h WHERE h.subject_type = t.subject_type AND h.subject_id = t.subject_id
                    AND h.state IN ('reported','assigned','rectifying','awaiting_review'))
      ON CONFLICT DO NOTHING RETURNING 1)
    SELECT count(*)::int AS n FROM ins`);
  return Number(res.rows[0]?.n ?? 0);
}

