import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { departments, regions, supervisionTasks, supervisionUrges } from '../db/schema/index.js';
import { claimFiles } from '../files/files.service.js';
import { AppError, invalidField, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope } from '../shared/scope.js';
import { announceTaskIssued, announceTaskReplied, announceTaskUrged } from './supervision.notify.js';
import { daysOverdue, isTaskOverdue, mayIssue, mayReply, mayUrge, taskActions, type TaskFacts, type TaskStatus, type Verdict } from './supervision.rules.js';
import { supervisionActor, taskScope } from './supervision.scope.js';

type TaskRow = typeof supervisionTasks.$inferSelect;
const issuerRegion = alias(regions, 'issuer_region');
const targetRegion = alias(regions, 'target_region');

function enforce(v: Verdict): void {
  if (!v.ok) throw new AppError('FORBIDDEN', v.key);
}

const fileLinks = (ids: string[]) => ids.map((id) => ({ id, url: `/api/v1/files/${id}` }));

function presentTask(t: TaskRow, facts: TaskFacts, p: Principal, today: string) {
  return {
    ...t,
    attachments: fileLinks(t.attachments),
    replyAttachments: fileLinks(t.replyAttachments),
    overdue: t.status === 'overdue' || isTaskOverdue(t.status as TaskStatus, t.deadline, today),
    availableActions: taskActions(supervisionActor(p), facts),
  };
}

/** A task the caller may see, with the paths the rules need; 404 as if absent otherwise. */
async function loadTask(tx: Executor, p: Principal, id: string, forUpdate = false): Promise<{ task: TaskRow; facts: TaskFacts }> {
  const q = tx
    .select({ t: supervisionTasks, issuerPath: issuerRegion.path, targetPath: targetRegion.path })
    .from(supervisionTasks)
    .innerJoin(issuerRegion, eq(issuerRegion.id, supervisionTasks.issuerRegionId))
    .innerJoin(targetRegion, eq(targetRegion.id, supervisionTasks.targetRegionId))
    .where(and(eq(supervisionTasks.id, id), taskScope(p)));
  const [row] = forUpdate ? await q.for('update', { of: supervisionTasks }) : await q;
  if (!row) throw notFound('entity.supervisionTask');
  const t = row.t;
  return {
    task: t,
    facts: {
      status: t.status as TaskStatus,
      issuerRegionPath: row.issuerPath,
      issuerDepartmentId: t.issuerDepartmentId,
      targetType: t.targetType as 'department' | 'town',
      targetDepartmentId: t.targetDepartmentId,
      targetRegionPath: row.targetPath,
    },
  };
}

export interface IssueInput {
  title: string;
  description: string;
  deadline: string;
  attachments: string[];
  targetDepartmentId?: string | undefined;
  targetTownId?: string | undefined;
}

/** The addressee: a department or a town/street the caller can see. */
async function resolveTarget(tx: Executor, p: Principal, input: IssueInput) {
  if (!!input.targetDepartmentId === !!input.targetTownId) throw invalidField('targetDepartmentId', 'supervision.target.required');
  if (input.targetDepartmentId) {
    const [d] = await tx
      .select({ id: departments.id, name: departments.name, regionId: departments.regionId, path: regions.path })
      .from(departments)
      .innerJoin(regions, eq(regions.id, departments.regionId))
      .where(and(eq(departments.id, input.targetDepartmentId), eq(departments.status, 'active'), inRegionScope(p, departments.regionId)));
    if (!d) throw notFound('entity.department');
    return { type: 'department' as const, departmentId: d.id, regionId: d.regionId, regionPath: d.path, name: d.name };
  }
  const town = await loadRegionInScope(tx, p, input.targetTownId!);
  if (town.level !== 'town') throw invalidField('targetTownId', 'supervision.target.notTown');
  return { type: 'town' as const, departmentId: null, regionId: town.id, regionPath: town.path, name: town.name };
}

/** The issuing unit's name as people know it: the department, or the region's task force. */
async function issuerName(tx: Executor, p: Principal): Promise<string> {
  if (p.role === 'dept_officer' && p.departmentId) {
    const [d] = await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, p.departmentId));
    if (d) return d.name;
  }
  if (p.role === 'platform_admin') return '平台管理员';
  const [r] = await tx.select({ name: regions.name }).from(regions).where(eq(regions.id, p.regionId));
  return `${r?.name ?? ''}工作专班`;
}

/** 交办 (R5.1): hand a task to a department or a town/street with a deadline. */
export async function issueTask(db: Db, p: Principal, input: IssueInput, today: string) {
  if (input.deadline < today) throw invalidField('deadline', 'supervision.deadline.past');
  return db.transaction(async (tx) => {
    const target = await resolveTarget(tx, p, input);
    enforce(mayIssue(supervisionActor(p), { type: target.type, regionPath: target.regionPath }));
    await claimFiles(tx, p, input.attachments, target.regionId);
    const actor = actorOf(p);
    const [t] = await tx
      .insert(supervisionTasks)
      .values({
        issuerRegionId: p.regionId,
        issuerDepartmentId: p.role === 'dept_officer' ? p.departmentId : null,
        issuedBy: actor.id,
        issuedByLabel: actor.label,
        issuerName: await issuerName(tx, p),
        targetType: target.type,
        targetDepartmentId: target.departmentId,
        targetRegionId: target.regionId,
        targetName: target.name,
        title: input.title,
        description: input.description,
        deadline: input.deadline,
        attachments: input.attachments,
      })
      .returning();
    await recordAudit(tx, actor, { action: 'supervision.task.issue', entityType: 'supervision_task', entityId: t!.id, regionId: t!.targetRegionId, after: t });
    await announceTaskIssued(tx, t!);
    const loaded = await loadTask(tx, p, t!.id);
    return presentTask(loaded.task, loaded.facts, p, today);
  });
}

export interface TaskListQuery {
  status?: TaskStatus | undefined;
  /** issued: tasks the caller's unit handed out; received: tasks addressed to it. */
  box?: 'issued' | 'received' | undefined;
  page: number;
  pageSize: number;
}

function boxCondition(p: Principal, box: TaskListQuery['box']): SQL | undefined {
  if (!box) return undefined;
  const issued =
    p.role === 'dept_officer' && p.departmentId ? eq(supervisionTasks.issuerDepartmentId, p.departmentId) : and(eq(supervisionTasks.issuerRegionId, p.regionId), sql`${supervisionTasks.issuerDepartmentId} IS NULL`);
  return box === 'issued' ? issued : sql`NOT (${issued})`;
}

export async function listTasks(db: Executor, p: Principal, q: TaskListQuery, today: string) {
  const where = and(taskScope(p), q.status ? eq(supervisionTasks.status, q.status) : undefined, boxCondition(p, q.box));
  const [rows, total] = await Promise.all([
    db.select().from(supervisionTasks).where(where).orderBy(desc(supervisionTasks.createdAt), asc(supervisionTasks.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: count() }).from(supervisionTasks).where(where),
  ]);
  return {
    items: rows.map((t) => ({ ...t, overdue: t.status === 'overdue' || isTaskOverdue(t.status as TaskStatus, t.deadline, today) })),
    total: Number(total[0]?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getTask(db: Executor, p: Principal, id: string, today: string) {
  const { task, facts } = await loadTask(db, p, id);
  const urges = await db.select().from(supervisionUrges).where(eq(supervisionUrges.taskId, id)).orderBy(asc(supervisionUrges.at));
  return { task: presentTask(task, facts, p, today), urges };
}

/** 办理反馈: the addressee replies with text and attachments; the task is done. */
export async function replyTask(db: Db, p: Principal, id: string, input: { text: string; attachments: string[] }, today: string) {
  return db.transaction(async (tx) => {
    const { task, facts } = await loadTask(tx, p, id, true);
    enforce(mayReply(supervisionActor(p), facts));
    await claimFiles(tx, p, input.attachments, task.targetRegionId);
    const actor = actorOf(p);
    const now = new Date();
    const [after] = await tx
      .update(supervisionTasks)
      .set({ status: 'done', replyText: input.text, replyAttachments: input.attachments, repliedBy: actor.id, repliedByLabel: actor.label, repliedAt: now, updatedAt: now })
      .where(eq(supervisionTasks.id, id))
      .returning();
    await recordAudit(tx, actor, { action: 'supervision.task.reply', entityType: 'supervision_task', entityId: id, regionId: task.targetRegionId, before: { status: task.status }, after: { status: 'done', replyText: input.text, replyAttachments: input.attachments } });
    await announceTaskReplied(tx, after!);
    return presentTask(after!, { ...facts, status: 'done' }, p, today);
  });
}

/** 督办 by hand of an overdue task, with a note; recorded and announced like the sweep's. */
export async function urgeTask(db: Db, p: Principal, id: string, input: { note?: string | undefined }, today: string) {
  return db.transaction(async (tx) => {
    const { task, facts } = await loadTask(tx, p, id, true);
    enforce(mayUrge(supervisionActor(p), facts));
    const actor = actorOf(p);
    const [urge] = await tx
      .insert(supervisionUrges)
      .values({ taskId: id, mode: 'manual', byId: actor.id, byLabel: actor.label, note: input.note ?? null, daysOverdue: daysOverdue(task.deadline, today), at: new Date() })
      .returning();
    const [after] = await tx
      .update(supervisionTasks)
      .set({ urgeCount: sql`${supervisionTasks.urgeCount} + 1`, updatedAt: new Date() })
      .where(eq(supervisionTasks.id, id))
      .returning();
    await recordAudit(tx, actor, { action: 'supervision.task.urge', entityType: 'supervision_task', entityId: id, regionId: task.targetRegionId, after: urge });
    await announceTaskUrged(tx, after!, { id: urge!.id, daysOverdue: urge!.daysOverdue, byId: actor.id });
    return { urge: urge!, task: presentTask(after!, facts, p, today) };
  });
}

/** Tasks by id, unscoped: for the sweep, which acts as the platform. */
export async function tasksByIds(tx: Executor, ids: string[]): Promise<TaskRow[]> {
  return ids.length ? tx.select().from(supervisionTasks).where(inArray(supervisionTasks.id, ids)) : [];
}
