/**
 * 回头看 (R4.6) as pure rules: sample size, the unit a batch is assigned to, who records results.
 */
import type { Role } from '../accounts/roles.js';

export const LOOKBACK_STATUSES = ['pending', 'confirmed', 'rebound'] as const;
export type LookbackStatus = (typeof LOOKBACK_STATUSES)[number];

export const LOOKBACK_STATUS_LABELS: Record<LookbackStatus, { zh: string; en: string }> = {
  pending: { zh: '待复查', en: 'Pending' },
  confirmed: { zh: '复查合格', en: 'Confirmed' },
  rebound: { zh: '改后反弹', en: 'Rebound' },
};

/** The sample: what the user asked for, capped by how many closed hazards there are. */
export function sampleSize(requested: number, available: number): number {
  return Math.max(0, Math.min(requested, available));
}

export interface LookbackActor {
  role: Role | 'machine';
  departmentId: string | null;
  regionPath: string;
}

export type LookbackUnit = { type: 'department'; id: string; regionPath: string } | { type: 'region'; id: string; regionPath: string };

const REQUESTERS = new Set<string>(['platform_admin', 'task_force', 'dept_officer', 'town_officer']);

export function mayRequestLookback(actor: LookbackActor): boolean {
  return REQUESTERS.has(actor.role);
}

/**
 * The requesting unit's people record the re-inspections: the department's officers for a
 * department batch; the officials and grid workers inside the region for a region batch; the task
 * force above either, and the platform admin.
 */
export function mayRecordLookback(actor: LookbackActor, unit: LookbackUnit): boolean {
  if (actor.role === 'platform_admin') return true;
  if (actor.role === 'task_force' && unit.regionPath.startsWith(actor.regionPath)) return true;
  if (unit.type === 'department') return actor.role === 'dept_officer' && actor.departmentId === unit.id;
  return (actor.role === 'task_force' || actor.role === 'town_officer' || actor.role === 'grid_worker') && actor.regionPath.startsWith(unit.regionPath);
}
