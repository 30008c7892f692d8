import { describe, expect, it } from 'vitest';
import { daysOverdue, isTaskOverdue, mayIssue, mayRecord, mayReply, mayUrge, taskActions, type SupervisionActor, type TaskFacts } from './supervision.rules.js';

const DAZU = '/root/cq/city/dazu/';
const LONGGANG = `${DAZU}longgang/`;
const TONGLIANG = '/root/cq/city/tongliang/';

const actor = (role: SupervisionActor['role'], regionPath: string, departmentId: string | null = null): SupervisionActor => ({ accountId: `a-${role}`, role, departmentId, regionPath });
const taskForce = actor('task_force', DAZU);
const gasDept = actor('dept_officer', DAZU, 'gas');
const town = actor('town_officer', LONGGANG);

const toTown: TaskFacts = { status: 'open', issuerRegionPath: DAZU, issuerDepartmentId: null, targetType: 'town', targetDepartmentId: null, targetRegionPath: LONGGANG };
const toDept: TaskFacts = { ...toTown, targetType: 'department', targetDepartmentId: 'gas', targetRegionPath: DAZU };

describe('交办 (R5.1)', () => {
  it('a task force hands tasks to departments and towns of its region, not elsewhere', () => {
    expect(mayIssue(taskForce, { type: 'town', regionPath: LONGGANG }).ok).toBe(true);
    expect(mayIssue(taskForce, { type: 'department', regionPath: DAZU }).ok).toBe(true);
    expect(mayIssue(actor('task_force', TONGLIANG), { type: 'town', regionPath: LONGGANG })).toEqual({ ok: false, key: 'error.outOfScope' });
  });
  it('a department hands tasks only to towns of its region', () => {
    expect(mayIssue(gasDept, { type: 'town', regionPath: LONGGANG }).ok).toBe(true);
    expect(mayIssue(gasDept, { type: 'department', regionPath: DAZU })).toEqual({ ok: false, key: 'supervision.deptIssuesToTowns' });
  });
  it('towns, grid workers, enterprises and venues hand out nothing', () => {
    for (const role of ['town_officer', 'grid_worker', 'enterprise_admin', 'venue_user', 'machine'] as const) {
      expect(mayIssue(actor(role, LONGGANG), { type: 'town', regionPath: LONGGANG })).toEqual({ ok: false, key: 'supervision.issue.role' });
    }
  });
});

describe('办理反馈 and 督办', () => {
  it('only the addressee replies, and only while not done', () => {
    expect(mayReply(town, toTown).ok).toBe(true);
    expect(mayReply(taskForce, toTown).ok).toBe(false);
    expect(mayReply(actor('town_officer', `${DAZU}other/`), toTown).ok).toBe(false);
    expect(mayReply(gasDept, toDept).ok).toBe(true);
    expect(mayReply(actor('dept_officer', DAZU, 'market'), toDept).ok).toBe(false);
    expect(mayReply(town, { ...toTown, status: 'done' })).toEqual({ ok: false, key: 'supervision.task.done' });
    expect(mayReply(town, { ...toTown, status: 'overdue' }).ok).toBe(true);
  });
  it('督办 by hand: only overdue tasks, by the issuer\'s side', () => {
    expect(mayUrge(taskForce, toTown)).toEqual({ ok: false, key: 'supervision.urge.notOverdue' });
    const overdue = { ...toTown, status: 'overdue' as const };
    expect(mayUrge(taskForce, overdue).ok).toBe(true);
    expect(mayUrge(town, overdue).ok).toBe(false);
    expect(mayUrge(gasDept, { ...overdue, issuerDepartmentId: 'gas' }).ok).toBe(true);
    expect(taskActions(town, overdue)).toEqual(['reply']);
    expect(taskActions(taskForce, overdue)).toEqual(['urge']);
  });
  it('an open task is overdue the day after its deadline', () => {
    expect(isTaskOverdue('open', '2026-03-10', '2026-03-10')).toBe(false);
    expect(isTaskOverdue('open', '2026-03-10', '2026-03-11')).toBe(true);
    expect(isTaskOverdue('done', '2026-03-10', '2026-03-11')).toBe(false);
    expect(daysOverdue('2026-03-10', '2026-03-13')).toBe(3);
  });
});

describe('警示建议函 and 约谈', () => {
  it('a task force records against any unit of its region; a department against towns and enterprises', () => {
    expect(mayRecord(taskForce, { type: 'department', regionPath: DAZU }).ok).toBe(true);
    expect(mayRecord(gasDept, { type: 'enterprise', regionPath: LONGGANG }).ok).toBe(true);
    expect(mayRecord(gasDept, { type: 'department', regionPath: DAZU }).ok).toBe(false);
    expect(mayRecord(town, { type: 'enterprise', regionPath: LONGGANG }).ok).toBe(false);
    expect(mayRecord(actor('task_force', TONGLIANG), { type: 'town', regionPath: LONGGANG }).ok).toBe(false);
  });
});
