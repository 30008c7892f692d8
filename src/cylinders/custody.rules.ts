/**
 * Chain of custody (R6.3, R6.6) as pure rules: who may record which step, in which cylinder
 * state, what state and holder follow, and which checks of people and vehicles did not hold
 * (flags: recorded, not refused — 人车对应 and the fixed area are for supervision to follow up).
 */
import type { Principal } from '../shared/principal.js';
import type { CylinderState, EventType, HolderType } from './models.js';

export type CustodyActor = 'gov' | 'owner_admin' | 'filling_operator' | 'delivery_worker' | 'owner_staff' | 'station_token' | 'other';

export function custodyActor(p: Pick<Principal, 'kind' | 'role' | 'staffKind' | 'tokenKind' | 'enterpriseId'>): CustodyActor {
  if (p.kind === 'token') return p.tokenKind === 'filling_station' && p.enterpriseId ? 'station_token' : 'other';
  switch (p.role) {
    case 'platform_admin':
    case 'task_force':
    case 'dept_officer':
      return 'gov';
    case 'enterprise_admin':
      return 'owner_admin';
    case 'enterprise_staff':
      return p.staffKind === 'filling_operator' ? 'filling_operator' : p.staffKind === 'delivery_worker' ? 'delivery_worker' : 'owner_staff';
    default:
      return 'other';
  }
}

type Postable = Exclude<EventType, 'commissioning' | 'filling'>;

/** Who records each step. Enterprise actors act on their own cylinders only (scope), gov within its region. */
export const WHO_MAY: Record<Postable, readonly CustodyActor[]> = {
  post_fill_check: ['owner_admin', 'filling_operator', 'station_token'],
  leave_station: ['owner_admin', 'filling_operator', 'station_token'],
  load: ['owner_admin', 'filling_operator', 'delivery_worker'],
  deliver: ['owner_admin', 'delivery_worker'],
  collect_empty: ['owner_admin', 'delivery_worker'],
  send_to_inspection: ['owner_admin', 'gov'],
  inspection_result: ['owner_admin', 'gov'],
  scrap: ['owner_admin', 'gov'],
  recall: ['owner_admin', 'gov'],
  seize: ['gov'],
  blacklist: ['gov'],
  release: ['gov'],
};

const HELD: readonly CylinderState[] = ['seized', 'blacklisted', 'recalled'];

export type StepRefusal = 'forbidden' | 'scrapped' | 'held' | 'at_inspection' | 'not_held';

/**
 * Whether a step may be recorded now; null when it may. A cylinder declared scrap at inspection
 * (判废) still takes one `scrap` step, the physical 去功能化; after that (`destroyed`) nothing.
 */
export function stepRefusal(type: Postable, state: CylinderState, actor: CustodyActor, destroyed = false): StepRefusal | null {
  if (!WHO_MAY[type].includes(actor)) return 'forbidden';
  if (state === 'scrapped') return type === 'scrap' && !destroyed ? null : 'scrapped';
  if (type === 'release') return HELD.includes(state) ? null : 'not_held';
  if (HELD.includes(state)) return ['seize', 'blacklist', 'recall', 'scrap', 'send_to_inspection', 'inspection_result'].includes(type) ? null : 'held';
  if (state === 'due_for_inspection') return ['inspection_result', 'scrap', 'seize', 'blacklist', 'recall'].includes(type) ? null : 'at_inspection';
  return null;
}

/** The cylinder's state after a step (inspection result: pass → in service, fail → scrapped, 判废). */
export function stateAfter(type: EventType, state: CylinderState, result?: 'pass' | 'fail'): CylinderState {
  switch (type) {
    case 'send_to_inspection':
      return 'due_for_inspection';
    case 'inspection_result':
      return result === 'fail' ? 'scrapped' : HELD.includes(state) ? state : 'in_service';
    case 'scrap':
      return 'scrapped';
    case 'recall':
      return 'recalled';
    case 'seize':
      return 'seized';
    case 'blacklist':
      return 'blacklisted';
    case 'release':
      return 'in_service';
    default:
      return state;
  }
}

/** Who holds the cylinder after a step; undefined: unchanged. */
export function holderAfter(type: EventType, ctx: { vehicle: boolean; result?: 'pass' | 'fail' }): HolderType | undefined {
  switch (type) {
    case 'commissioning':
      return 'enterprise';
    case 'filling':
      return 'station';
    case 'leave_station':
    case 'collect_empty':
      return ctx.vehicle ? 'vehicle' : 'enterprise';
    case 'load':
      return 'vehicle';
    case 'deliver':
      return 'user';
    case 'send_to_inspection':
      return 'inspection';
    case 'inspection_result':
      // 判废: the agency keeps it until it is made unusable (the scrap step).
      return ctx.result === 'fail' ? 'inspection' : 'enterprise';
    case 'scrap':
      return 'none';
    default:
      return undefined;
  }
}

export interface VehicleFacts {
  id: string;
  kind: string;
  enterpriseId: string;
  boundWorkerId: string | null;
  registered: boolean;
  status: string;
  /** Materialised path of the delivery area (a region), when set. */
  areaPath: string | null;
}

export interface WorkerFacts {
  id: string;
  role: string;
  enterpriseId: string;
  status: string;
  blacklisted: boolean;
}

export const CUSTODY_FLAGS = [
  'UNBOUND_WORKER', // the worker is not the one bound to the vehicle (人车不对应)
  'VEHICLE_NOT_DELIVERY', // not a registered delivery vehicle
  'VEHICLE_UNREGISTERED',
  'VEHICLE_OTHER_ENTERPRISE', // vehicle of another enterprise than the owner
  'WORKER_NOT_DELIVERY', // not registered as a delivery worker
  'WORKER_OTHER_ENTERPRISE',
  'WORKER_BLACKLISTED', // on the delivery-worker blacklist (R2.8)
  'OUTSIDE_AREA', // delivered outside the vehicle's fixed area
  'NO_VEHICLE', // delivered without a known vehicle
] as const;
export type CustodyFlag = (typeof CUSTODY_FLAGS)[number];

/**
 * Checks of the people and vehicle of a loading or a delivery (人车对应、固定区域). A mismatch
 * never refuses the step — the cylinder is already moving — it is recorded on the event and
 * becomes an anomaly (R6.4) for supervision.
 */
export function custodyFlags(input: { ownerEnterpriseId: string; vehicle: VehicleFacts | null; worker: WorkerFacts | null; userRegionPath?: string | null }): CustodyFlag[] {
  const flags = new Set<CustodyFlag>();
  const { vehicle: v, worker: w } = input;
  if (v) {
    if (v.kind !== 'delivery') flags.add('VEHICLE_NOT_DELIVERY');
    if (!v.registered || v.status !== 'active') flags.add('VEHICLE_UNREGISTERED');
    if (v.enterpriseId !== input.ownerEnterpriseId) flags.add('VEHICLE_OTHER_ENTERPRISE');
    if (!w || v.boundWorkerId !== w.id) flags.add('UNBOUND_WORKER');
    if (input.userRegionPath !== undefined && input.userRegionPath !== null && !(v.areaPath && input.userRegionPath.startsWith(v.areaPath))) flags.add('OUTSIDE_AREA');
  } else if (input.userRegionPath !== undefined) {
    flags.add('NO_VEHICLE');
  }
  if (w) {
    if (w.role !== 'delivery_worker' || w.status !== 'active') flags.add('WORKER_NOT_DELIVERY');
    if (w.enterpriseId !== input.ownerEnterpriseId) flags.add('WORKER_OTHER_ENTERPRISE');
    if (w.blacklisted) flags.add('WORKER_BLACKLISTED');
  }
  return CUSTODY_FLAGS.filter((f) => flags.has(f));
}
