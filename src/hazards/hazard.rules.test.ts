import { describe, expect, it } from 'vitest';
import {
  availableActions,
  decide,
  escalationLevel,
  HAZARD_ACTIONS,
  HAZARD_STATES,
  isOverdue,
  type HazardActor,
  type HazardFacts,
  type HazardState,
} from './hazard.rules.js';

const DISTRICT = '/cn/cq/city/dazu/';
const TOWN = `${DISTRICT}longgang/`;
const GRID = `${TOWN}wuxing/g1/`;

const facts = (state: HazardState, extra: Partial<HazardFacts> = {}): HazardFacts => ({
  state,
  leadDepartmentId: 'dept-fire',
  cooperatingDepartmentIds: ['dept-commerce'],
  townPath: TOWN,
  regionPath: GRID,
  subjectEnterpriseId: null,
  subjectVenueId: 'venue-1',
  reviewRequestedBy: null,
  ...extra,
});

const actor = (role: HazardActor['role'], extra: Partial<HazardActor> = {}): HazardActor => ({
  accountId: `acc-${role}`,
  role,
  departmentId: null,
  regionPath: DISTRICT,
  enterpriseId: null,
  venueId: null,
  ...extra,
});

const taskForce = actor('task_force');
const leadDept = actor('dept_officer', { departmentId: 'dept-fire' });
const otherDept = actor('dept_officer', { departmentId: 'dept-education' });
const town = actor('town_officer', { regionPath: TOWN });
const otherTown = actor('town_officer', { regionPath: `${DISTRICT}tangxiang/` });
const grid = actor('grid_worker', { regionPath: GRID });
const owner = actor('venue_user', { regionPath: GRID, venueId: 'venue-1' });
const otherOwner = actor('venue_user', { regionPath: GRID, venueId: 'venue-2' });
const outsider = actor('task_force', { regionPath: '/cn/cq/city/tongliang/' });

const full = { evidenceCount: 2, deadline: '2026-12-31', responsiblePerson: '张老板', reason: '照片不清晰' };
const allowedFrom: Record<string, HazardState[]> = {
  assign: ['reported'],
  start: ['assigned'],
  request_review: ['rectifying'],
  reject: ['awaiting_review'],
  close: ['awaiting_review'],
  void: ['reported'],
};

describe('R4.3 hazard state machine', () => {
  for (const action of HAZARD_ACTIONS) {
    for (const state of HAZARD_STATES) {
      const ok = allowedFrom[action]!.includes(state);
      it(`${action} from ${state} is ${ok ? 'allowed' : 'refused'} (state rule)`, () => {
        const d = decide(action, actor('platform_admin'), facts(state), full);
        if (ok) expect(d.ok).toBe(true);
        else expect(d).toMatchObject({ ok: false, code: 'STATE' });
      });
    }
  }

  it('goes reported → assigned → rectifying → awaiting_review → closed, and reject goes back to rectifying', () => {
    expect(decide('assign', taskForce, facts('reported'), full)).toEqual({ ok: true, to: 'assigned' });
    expect(decide('start', owner, facts('assigned'), full)).toEqual({ ok: true, to: 'rectifying' });
    expect(decide('request_review', owner, facts('rectifying'), full)).toEqual({ ok: true, to: 'awaiting_review' });
    expect(decide('reject', leadDept, facts('awaiting_review', { reviewRequestedBy: owner.accountId }), full)).toEqual({ ok: true, to: 'rectifying' });
    expect(decide('close', town, facts('awaiting_review', { reviewRequestedBy: owner.accountId }), full)).toEqual({ ok: true, to: 'closed' });
  });

  it('assignment is for the task force, the lead department and the territorial town only', () => {
    for (const a of [taskForce, leadDept, town]) expect(decide('assign', a, facts('reported'), full).ok).toBe(true);
    for (const a of [otherDept, otherTown, grid, owner, outsider]) expect(decide('assign', a, facts('reported'), full)).toMatchObject({ ok: false, code: 'ROLE' });
  });

  it('R4.2 assignment needs a deadline and a responsible person; not fixable at once needs control measures and a watcher', () => {
    expect(decide('assign', taskForce, facts('reported'), { responsiblePerson: 'x' })).toMatchObject({ ok: false, field: 'deadline' });
    expect(decide('assign', taskForce, facts('reported'), { deadline: '2026-12-01' })).toMatchObject({ ok: false, field: 'responsiblePerson' });
    const base = { deadline: '2026-12-01', responsiblePerson: 'x', fixableAtOnce: false };
    expect(decide('assign', taskForce, facts('reported'), base)).toMatchObject({ ok: false, field: 'controlMeasures' });
    expect(decide('assign', taskForce, facts('reported'), { ...base, controlMeasures: '停用并专人看守' })).toMatchObject({ ok: false, field: 'watcher' });
    expect(decide('assign', taskForce, facts('reported'), { ...base, controlMeasures: '停用', watcher: '李四' }).ok).toBe(true);
  });

  it('asking for review needs evidence photos', () => {
    expect(decide('request_review', owner, facts('rectifying'), { evidenceCount: 0 })).toMatchObject({ ok: false, key: 'hazard.evidence.required' });
    expect(decide('request_review', owner, facts('rectifying'), { evidenceCount: 1 }).ok).toBe(true);
  });

  it('only the subject (or officials following it) rectifies: another venue cannot', () => {
    expect(decide('start', otherOwner, facts('assigned'), full)).toMatchObject({ ok: false, code: 'ROLE' });
    expect(decide('start', grid, facts('assigned'), full).ok).toBe(true);
    const ent = facts('assigned', { subjectVenueId: null, subjectEnterpriseId: 'ent-1' });
    expect(decide('start', actor('enterprise_staff', { enterpriseId: 'ent-1' }), ent, full).ok).toBe(true);
    expect(decide('start', actor('enterprise_staff', { enterpriseId: 'ent-2' }), ent, full)).toMatchObject({ ok: false, code: 'ROLE' });
  });

  it('closing (销号) needs a reviewer of the lead department or the territorial town, never the one who asked', () => {
    const h = facts('awaiting_review', { reviewRequestedBy: town.accountId });
    expect(decide('close', town, h, full)).toMatchObject({ ok: false, code: 'SELF_REVIEW' });
    expect(decide('reject', town, h, full)).toMatchObject({ ok: false, code: 'SELF_REVIEW' });
    expect(decide('close', leadDept, h, full).ok).toBe(true);
    expect(decide('close', otherDept, h, full)).toMatchObject({ ok: false, code: 'ROLE' });
    expect(decide('close', owner, h, full)).toMatchObject({ ok: false, code: 'ROLE' });
    expect(decide('close', grid, h, full)).toMatchObject({ ok: false, code: 'ROLE' });
  });

  it('rejecting needs a reason; voiding is for the task force with a reason', () => {
    expect(decide('reject', leadDept, facts('awaiting_review'), { reason: '' })).toMatchObject({ ok: false, field: 'reason' });
    expect(decide('void', leadDept, facts('reported'), full)).toMatchObject({ ok: false, code: 'ROLE' });
    expect(decide('void', taskForce, facts('reported'), {})).toMatchObject({ ok: false, field: 'reason' });
    expect(decide('void', taskForce, facts('reported'), full).ok).toBe(true);
    expect(decide('void', outsider, facts('reported'), full)).toMatchObject({ ok: false, code: 'ROLE' });
  });

  it('offers the caller only the buttons it may press', () => {
    expect(availableActions(owner, facts('assigned'))).toEqual(['start']);
    expect(availableActions(leadDept, facts('awaiting_review', { reviewRequestedBy: owner.accountId }))).toEqual(['reject', 'close']);
    expect(availableActions(owner, facts('awaiting_review'))).toEqual([]);
  });
});

describe('R4.3 deadlines and escalation (督办)', () => {
  it('is overdue only while open and only after the deadline day', () => {
    expect(isOverdue('rectifying', '2026-11-24', '2026-11-25')).toBe(true);
    expect(isOverdue('rectifying', '2026-11-25', '2026-11-25')).toBe(false);
    expect(isOverdue('closed', '2026-11-01', '2026-11-25')).toBe(false);
    expect(isOverdue('assigned', null, '2026-11-25')).toBe(false);
  });
  it('escalates one level up per week overdue', () => {
    expect(escalationLevel('rectifying', '2026-11-25', '2026-11-25')).toBe(0);
    expect(escalationLevel('rectifying', '2026-11-24', '2026-11-25')).toBe(1);
    expect(escalationLevel('rectifying', '2026-11-18', '2026-11-25')).toBe(1);
    expect(escalationLevel('rectifying', '2026-11-17', '2026-11-25')).toBe(2);
    expect(escalationLevel('rectifying', '2026-11-10', '2026-11-25')).toBe(3);
    expect(escalationLevel('closed', '2026-10-01', '2026-11-25')).toBe(0);
  });
});
