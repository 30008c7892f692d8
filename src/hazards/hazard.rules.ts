/**
 * The hazard state machine (R4.3) as one pure function: every allowed transition, who may make
 * it and what it needs. The server refuses everything this does not allow.
 *
 *   reported ──assign──▶ assigned ──start──▶ rectifying ──request_review──▶ awaiting_review ──close──▶ closed
 *                                                ▲                                   │
 *                                                └──────────────reject───────────────┘
 * Fixed on the spot (立行立改) is recorded at creation with evidence and goes straight to closed.
 * A hazard entered by mistake can be voided only while reported, by the task force, with a reason.
 */
import type { Role } from '../accounts/roles.js';

export const HAZARD_STATES = ['reported', 'assigned', 'rectifying', 'awaiting_review', 'closed', 'voided'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

export const HAZARD_ACTIONS = ['assign', 'start', 'request_review', 'reject', 'close', 'void'] as const;
export type HazardAction = (typeof HAZARD_ACTIONS)[number];

export const STATE_LABELS: Record<HazardState, { zh: string; en: string }> = {
  reported: { zh: '待交办', en: 'Reported' },
  assigned: { zh: '已交办', en: 'Assigned' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  awaiting_review: { zh: '待复核', en: 'Awaiting review' },
  closed: { zh: '已销号', en: 'Closed' },
  voided: { zh: '已作废', en: 'Voided' },
};

const TRANSITIONS: Record<HazardAction, { from: readonly HazardState[]; to: HazardState }> = {
  assign: { from: ['reported'], to: 'assigned' },
  start: { from: ['assigned'], to: 'rectifying' },
  request_review: { from: ['rectifying'], to: 'awaiting_review' },
  reject: { from: ['awaiting_review'], to: 'rectifying' },
  close: { from: ['awaiting_review'], to: 'closed' },
  void: { from: ['reported'], to: 'voided' },
};

/** The caller as the rules see it. */
export interface HazardActor {
  accountId: string;
  role: Role | 'machine';
  departmentId: string | null;
  /** Materialised path of the caller's home region. */
  regionPath: string;
  enterpriseId: string | null;
  venueId: string | null;
}

/** The hazard as the rules see it. */
export interface HazardFacts {
  state: HazardState;
  leadDepartmentId: string | null;
  cooperatingDepartmentIds: string[];
  /** Path of the territorial town/street (属地), if known. */
  townPath: string | null;
  /** Path of the subject's region: officials above it in the tree supervise it. */
  regionPath: string;
  subjectEnterpriseId: string | null;
  subjectVenueId: string | null;
  /** Who asked for the current review: they may never close or reject it themselves. */
  reviewRequestedBy: string | null;
}

export interface ActionInput {
  evidenceCount?: number;
  deadline?: string | null;
  responsiblePerson?: string | null;
  reason?: string | null;
  controlMeasures?: string | null;
  watcher?: string | null;
  fixableAtOnce?: boolean;
}

export type Decision = { ok: true; to: HazardState } | { ok: false; code: 'STATE' | 'ROLE' | 'SELF_REVIEW' | 'INPUT'; key: string; field?: string };

const inTree = (actorPath: string, targetPath: string | null) => targetPath !== null && targetPath.startsWith(actorPath);

/** Officials who supervise the hazard: the task force above it, the lead department, the town. */
function isSupervisor(a: HazardActor, h: HazardFacts): boolean {
  if (a.role === 'platform_admin') return true;
  if (a.role === 'task_force') return inTree(a.regionPath, h.regionPath);
  if (a.role === 'dept_officer') return a.departmentId !== null && a.departmentId === h.leadDepartmentId;
  if (a.role === 'town_officer') return inTree(a.regionPath, h.townPath ?? h.regionPath);
  return false;
}

/** Reviewer of R4.3: the lead department or the territorial town (and the task force above). */
function isReviewer(a: HazardActor, h: HazardFacts): boolean {
  return isSupervisor(a, h);
}

/** The subject's own people (the one who rectifies), or the grid worker following it on site. */
function isRectifier(a: HazardActor, h: HazardFacts): boolean {
  if (a.role === 'venue_user') return a.venueId !== null && a.venueId === h.subjectVenueId;
  if (a.role === 'enterprise_admin' || a.role === 'enterprise_staff') return a.enterpriseId !== null && a.enterpriseId === h.subjectEnterpriseId;
  if (a.role === 'grid_worker') return inTree(a.regionPath, h.regionPath);
  if (a.role === 'dept_officer') return a.departmentId !== null && (a.departmentId === h.leadDepartmentId || h.cooperatingDepartmentIds.includes(a.departmentId));
  return isSupervisor(a, h);
}

/** May `actor` do `action` on `hazard` with `input`? The one place that answers. */
export function decide(action: HazardAction, actor: HazardActor, h: HazardFacts, input: ActionInput = {}): Decision {
  const t = TRANSITIONS[action];
  if (!t.from.includes(h.state)) return { ok: false, code: 'STATE', key: 'hazard.transition.state' };
  switch (action) {
    case 'assign':
      if (!isSupervisor(actor, h)) return { ok: false, code: 'ROLE', key: 'hazard.transition.role' };
      if (!input.deadline) return { ok: false, code: 'INPUT', key: 'field.required', field: 'deadline' };
      if (!input.responsiblePerson) return { ok: false, code: 'INPUT', key: 'field.required', field: 'responsiblePerson' };
      // R4.2: not fixable at once → control measures and a named watcher.
      if (input.fixableAtOnce === false && !input.controlMeasures) return { ok: false, code: 'INPUT', key: 'field.required', field: 'controlMeasures' };
      if (input.fixableAtOnce === false && !input.watcher) return { ok: false, code: 'INPUT', key: 'field.required', field: 'watcher' };
      return { ok: true, to: t.to };
    case 'start':
      if (!isRectifier(actor, h)) return { ok: false, code: 'ROLE', key: 'hazard.transition.role' };
      return { ok: true, to: t.to };
    case 'request_review':
      if (!isRectifier(actor, h)) return { ok: false, code: 'ROLE', key: 'hazard.transition.role' };
      if (!input.evidenceCount || input.evidenceCount < 1) return { ok: false, code: 'INPUT', key: 'hazard.evidence.required', field: 'photos' };
      return { ok: true, to: t.to };
    case 'reject':
    case 'close':
      if (!isReviewer(actor, h)) return { ok: false, code: 'ROLE', key: 'hazard.transition.role' };
      if (h.reviewRequestedBy === actor.accountId) return { ok: false, code: 'SELF_REVIEW', key: 'hazard.review.self' };
      if (action === 'reject' && !input.reason) return { ok: false, code: 'INPUT', key: 'field.required', field: 'reason' };
      return { ok: true, to: t.to };
    case 'void':
      if (actor.role !== 'platform_admin' && !(actor.role === 'task_force' && inTree(actor.regionPath, h.regionPath))) {
        return { ok: false, code: 'ROLE', key: 'hazard.transition.role' };
      }
      if (!input.reason) return { ok: false, code: 'INPUT', key: 'field.required', field: 'reason' };
      return { ok: true, to: t.to };
  }
}

/** Actions the caller could take now (the UI shows only these buttons). */
export function availableActions(actor: HazardActor, h: HazardFacts): HazardAction[] {
  const generous: ActionInput = { evidenceCount: 1, deadline: 'x', responsiblePerson: 'x', reason: 'x' };
  return HAZARD_ACTIONS.filter((a) => decide(a, actor, h, generous).ok);
}

export const OPEN_STATES: readonly HazardState[] = ['reported', 'assigned', 'rectifying', 'awaiting_review'];

/** Overdue (R4.3): open past its deadline (deadlines are dates in China time, end of day). */
export function isOverdue(state: HazardState, deadline: string | null, today: string): boolean {
  return OPEN_STATES.includes(state) && deadline !== null && deadline < today;
}

/**
 * Escalation level (督办) of an overdue hazard: 0 not overdue; 1 the day after the deadline
 * (supervised by the territorial level); 2 after `daysPerLevel` more days (next level up); 3 after
 * twice that (task force of the level above). Days per level is a deployment setting.
 */
export function escalationLevel(state: HazardState, deadline: string | null, today: string, daysPerLevel = 7): 0 | 1 | 2 | 3 {
  if (!isOverdue(state, deadline, today)) return 0;
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${deadline}T00:00:00Z`)) / 86_400_000);
  if (days > 2 * daysPerLevel) return 3;
  if (days > daysPerLevel) return 2;
  return 1;
}
