/**
 * The alarm lifecycle (R7.4, seed 000 三(三)1 感知监测、分析研判、任务分拨、协同处置、结果反馈) as
 * one pure function: every allowed transition, who may make it and what it needs.
 *
 *   raised ─notify─▶ notified ─acknowledge─▶ acknowledged ─dispatch─▶ dispatched ─arrive─▶ on_site
 *      └──────────acknowledge──────────┘          │  ▲ (re-dispatch)│                      │
 *                                                 └──────handle─────┴───────handle─────────┴──▶ handled ─close─▶ closed
 * `raise`, `notify` and `resolve` (a device-health alarm whose condition stayed clear for the
 * hold-off, still unacknowledged → closed as "recovered") are the system's.
 */
import type { Role } from '../accounts/roles.js';

export const ALARM_STATES = ['raised', 'notified', 'acknowledged', 'dispatched', 'on_site', 'handled', 'closed'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];
export const OPEN_ALARM_STATES: readonly AlarmState[] = ALARM_STATES.filter((s) => s !== 'closed');

export const ALARM_ACTIONS = ['acknowledge', 'dispatch', 'arrive', 'handle', 'close'] as const;
export type AlarmAction = (typeof ALARM_ACTIONS)[number];

export const ALARM_RESULTS = ['real_leak', 'false_alarm', 'device_fault'] as const;
export type AlarmResult = (typeof ALARM_RESULTS)[number] | 'recovered';

export const ALARM_STATE_LABELS: Record<AlarmState, { zh: string; en: string }> = {
  raised: { zh: '已报警', en: 'Raised' },
  notified: { zh: '已通知', en: 'Notified' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  on_site: { zh: '已到场', en: 'On site' },
  handled: { zh: '已处置', en: 'Handled' },
  closed: { zh: '已关闭', en: 'Closed' },
};

const TRANSITIONS: Record<AlarmAction, { from: readonly AlarmState[]; to: AlarmState }> = {
  acknowledge: { from: ['raised', 'notified'], to: 'acknowledged' },
  dispatch: { from: ['acknowledged', 'dispatched'], to: 'dispatched' },
  arrive: { from: ['dispatched'], to: 'on_site' },
  handle: { from: ['acknowledged', 'dispatched', 'on_site'], to: 'handled' },
  close: { from: ['handled'], to: 'closed' },
};

/** States from which the system closes a recovered device-health alarm by itself. */
export const AUTO_RESOLVABLE: readonly AlarmState[] = ['raised', 'notified'];

export interface AlarmActor {
  accountId: string;
  role: Role | 'machine';
  regionPath: string;
  enterpriseId: string | null;
  venueId: string | null;
}

export interface AlarmFacts {
  state: AlarmState;
  /** Path of the alarm's region (the device's). */
  regionPath: string;
  enterpriseId: string | null;
  venueId: string | null;
  responderId: string | null;
}

export interface AlarmInput {
  responderId?: string | null;
  result?: string | null;
  photoCount?: number;
}

export type AlarmDecision = { ok: true; to: AlarmState } | { ok: false; code: 'STATE' | 'ROLE' | 'INPUT'; key: string; field?: string };

const inTree = (actorPath: string, path: string) => path.startsWith(actorPath);

/** Officials over the alarm's region: task force, town, department officers, platform admin. */
function isSupervisor(a: AlarmActor, f: AlarmFacts): boolean {
  if (a.role === 'platform_admin') return true;
  if (a.role === 'task_force' || a.role === 'town_officer' || a.role === 'dept_officer') return inTree(a.regionPath, f.regionPath);
  return false;
}
/** The gas company responsible for the device. */
const isCompanyAdmin = (a: AlarmActor, f: AlarmFacts) => a.role === 'enterprise_admin' && a.enterpriseId !== null && a.enterpriseId === f.enterpriseId;
const isCompanyStaff = (a: AlarmActor, f: AlarmFacts) => a.role === 'enterprise_staff' && a.enterpriseId !== null && a.enterpriseId === f.enterpriseId;
const isVenueOwner = (a: AlarmActor, f: AlarmFacts) => a.role === 'venue_user' && a.venueId !== null && a.venueId === f.venueId;
const isResponder = (a: AlarmActor, f: AlarmFacts) => f.responderId !== null && a.accountId === f.responderId;

function allowed(action: AlarmAction, a: AlarmActor, f: AlarmFacts): boolean {
  switch (action) {
    case 'acknowledge':
      return isSupervisor(a, f) || isCompanyAdmin(a, f) || isCompanyStaff(a, f) || isVenueOwner(a, f);
    case 'dispatch':
    case 'close':
      return isSupervisor(a, f) || isCompanyAdmin(a, f);
    case 'arrive':
      return isResponder(a, f);
    case 'handle':
      return isResponder(a, f) || isSupervisor(a, f) || isCompanyAdmin(a, f);
  }
}

/** May `actor` do `action` to the alarm with `input`? The one place that answers. */
export function decideAlarm(action: AlarmAction, actor: AlarmActor, f: AlarmFacts, input: AlarmInput = {}): AlarmDecision {
  const t = TRANSITIONS[action];
  if (!t.from.includes(f.state)) return { ok: false, code: 'STATE', key: 'alarm.transition.state' };
  if (actor.role === 'machine' || !allowed(action, actor, f)) return { ok: false, code: 'ROLE', key: 'alarm.transition.role' };
  if (action === 'dispatch' && !input.responderId) return { ok: false, code: 'INPUT', key: 'field.required', field: 'responderId' };
  if (action === 'handle') {
    if (!input.result || !(ALARM_RESULTS as readonly string[]).includes(input.result)) return { ok: false, code: 'INPUT', key: 'field.required', field: 'result' };
    // Handled on site: the responder leaves evidence.
    if (f.state === 'on_site' && (input.photoCount ?? 0) < 1) return { ok: false, code: 'INPUT', key: 'alarm.photos.required', field: 'photos' };
  }
  return { ok: true, to: t.to };
}

/** What the caller may do now, so the board shows only those buttons. */
export function availableAlarmActions(actor: AlarmActor, f: AlarmFacts): AlarmAction[] {
  return ALARM_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(f.state) && actor.role !== 'machine' && allowed(a, actor, f));
}

export interface AlarmTimes {
  raisedAt: Date;
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
  closedAt: Date | null;
}

/** Response times in seconds (R7.4): to acknowledge, to arrive on site, to close; null until reached. */
export function responseTimes(a: AlarmTimes): { toAcknowledgeSec: number | null; toArriveSec: number | null; toCloseSec: number | null } {
  const since = (d: Date | null) => (d ? Math.max(0, Math.round((d.getTime() - a.raisedAt.getTime()) / 1000)) : null);
  return { toAcknowledgeSec: since(a.acknowledgedAt), toArriveSec: since(a.arrivedAt), toCloseSec: since(a.closedAt) };
}
