/**
 * Who may do what in dispatch and supervision (交办、督办, R5.1). Pure functions over plain data;
 * the services load the facts and apply these, and scoping (what is visible at all) is in
 * supervision.scope.ts.
 */
import type { Role } from '../accounts/roles.js';

export const TASK_STATUSES = ['open', 'overdue', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const RECORD_KINDS = ['warning_letter', 'interview'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const UNIT_TYPES = ['department', 'town', 'enterprise'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export interface SupervisionActor {
  accountId: string;
  role: Role | 'machine';
  departmentId: string | null;
  /** Materialised path of the caller's home region. */
  regionPath: string;
}

export interface TaskFacts {
  status: TaskStatus;
  issuerRegionPath: string;
  issuerDepartmentId: string | null;
  targetType: 'department' | 'town';
  targetDepartmentId: string | null;
  /** Path of the addressed town, or of the addressed department's region. */
  targetRegionPath: string;
}

export type Verdict = { ok: true } | { ok: false; key: string };
const yes: Verdict = { ok: true };
const no = (key: string): Verdict => ({ ok: false, key });
const under = (path: string, root: string) => path.startsWith(root);

/**
 * Issue a task: a task force (or platform admin) to a department or town of its region; a
 * department only to towns/streets of its own region (e.g. the gas authority to the streets).
 */
export function mayIssue(a: SupervisionActor, target: { type: 'department' | 'town'; regionPath: string }): Verdict {
  if (a.role === 'platform_admin') return yes;
  if (a.role === 'task_force') return under(target.regionPath, a.regionPath) ? yes : no('error.outOfScope');
  if (a.role === 'dept_officer' && a.departmentId) {
    if (target.type !== 'town') return no('supervision.deptIssuesToTowns');
    return under(target.regionPath, a.regionPath) ? yes : no('supervision.deptIssuesToTowns');
  }
  return no('supervision.issue.role');
}

/** Reply (办理反馈) is the addressee's: the department's officers, or the town's officers. */
export function mayReply(a: SupervisionActor, t: TaskFacts): Verdict {
  if (t.status === 'done') return no('supervision.task.done');
  if (t.targetType === 'department') return a.role === 'dept_officer' && a.departmentId !== null && a.departmentId === t.targetDepartmentId ? yes : no('supervision.reply.role');
  return a.role === 'town_officer' && under(t.targetRegionPath, a.regionPath) ? yes : no('supervision.reply.role');
}

/** 督办 by hand: the issuing department, or a task force over the issuer or the addressee. */
export function mayUrge(a: SupervisionActor, t: TaskFacts): Verdict {
  if (t.status !== 'overdue') return no('supervision.urge.notOverdue');
  if (a.role === 'platform_admin') return yes;
  if (a.role === 'task_force' && (under(t.issuerRegionPath, a.regionPath) || under(t.targetRegionPath, a.regionPath))) return yes;
  if (a.role === 'dept_officer' && a.departmentId !== null && a.departmentId === t.issuerDepartmentId) return yes;
  return no('supervision.urge.role');
}

/**
 * Record a warning letter or an interview: a task force or platform admin against any unit of its
 * region; a department officer against a town or an enterprise of its region.
 */
export function mayRecord(a: SupervisionActor, unit: { type: UnitType; regionPath: string }): Verdict {
  if (a.role === 'platform_admin') return yes;
  if (a.role === 'task_force') return under(unit.regionPath, a.regionPath) ? yes : no('error.outOfScope');
  if (a.role === 'dept_officer') {
    if (unit.type === 'department') return no('supervision.record.role');
    return under(unit.regionPath, a.regionPath) ? yes : no('error.outOfScope');
  }
  return no('supervision.record.role');
}

/** What actions the caller has on a task now (the UI shows only these). */
export function taskActions(a: SupervisionActor, t: TaskFacts): ('reply' | 'urge')[] {
  const out: ('reply' | 'urge')[] = [];
  if (mayReply(a, t).ok) out.push('reply');
  if (mayUrge(a, t).ok) out.push('urge');
  return out;
}

/** An open task is overdue the day after its deadline (dates in China time). */
export function isTaskOverdue(status: TaskStatus, deadline: string, today: string): boolean {
  return status === 'open' && deadline < today;
}

export function daysOverdue(deadline: string, today: string): number {
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${deadline}T00:00:00Z`)) / 86_400_000));
}
