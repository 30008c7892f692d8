/**
 * Enforcement against a hazard (R4.5) as pure rules: the kinds of step, who may record them, and
 * the supplier's suspension and restoration of gas supply for a user who refuses to rectify.
 */
import type { Role } from '../accounts/roles.js';
import { OPEN_STATES, type HazardState } from './hazard.rules.js';

/** Steps officials record by hand. */
export const ENFORCEMENT_KINDS = ['stop_use', 'seizure', 'fine', 'licence_revocation', 'referral_market', 'referral_police'] as const;
export type EnforcementKind = (typeof ENFORCEMENT_KINDS)[number];
/** Steps of the gas supplier, recorded through their own endpoints. */
export type SupplyKind = 'supply_suspension' | 'supply_restoration';

export const ENFORCEMENT_LABELS: Record<EnforcementKind | SupplyKind, { zh: string; en: string }> = {
  stop_use: { zh: '责令停止使用', en: 'Order to stop use' },
  seizure: { zh: '查封扣押', en: 'Seizure' },
  fine: { zh: '罚款', en: 'Fine' },
  licence_revocation: { zh: '吊销许可证', en: 'Licence revocation' },
  referral_market: { zh: '移送市场监管溯源', en: 'Referral to market supervision (source tracing)' },
  referral_police: { zh: '移送公安', en: 'Referral to police' },
  supply_suspension: { zh: '暂停供气', en: 'Gas supply suspended' },
  supply_restoration: { zh: '恢复供气', en: 'Gas supply restored' },
};

export interface EnforcementActor {
  role: Role | 'machine';
  departmentId: string | null;
  enterpriseId: string | null;
}

export interface EnforcementFacts {
  state: HazardState;
  leadDepartmentId: string | null;
  cooperatingDepartmentIds: string[];
}

export type EnforcementDecision = { ok: true } | { ok: false; code: 'ROLE' | 'STATE' | 'INPUT'; key: string; field?: string };

const OFFICIALS = new Set<string>(['platform_admin', 'task_force', 'town_officer', 'dept_officer']);

/**
 * Officials record enforcement (the hazard being in their scope is checked by the query that
 * loads it); a department only on hazards of its field (lead or cooperating). A fine has an
 * amount in yuan, and only a fine has one. A voided hazard takes no enforcement.
 */
export function mayRecordEnforcement(actor: EnforcementActor, h: EnforcementFacts, input: { kind: EnforcementKind; amountYuan?: number | null | undefined }): EnforcementDecision {
  if (!OFFICIALS.has(actor.role)) return { ok: false, code: 'ROLE', key: 'error.forbidden' };
  if (actor.role === 'dept_officer' && !(actor.departmentId && (actor.departmentId === h.leadDepartmentId || h.cooperatingDepartmentIds.includes(actor.departmentId)))) {
    return { ok: false, code: 'ROLE', key: 'enforcement.notYourField' };
  }
  if (h.state === 'voided') return { ok: false, code: 'STATE', key: 'enforcement.voided' };
  if (input.kind === 'fine' && !(input.amountYuan !== null && input.amountYuan !== undefined && input.amountYuan > 0)) return { ok: false, code: 'INPUT', key: 'field.required', field: 'amountYuan' };
  if (input.kind !== 'fine' && input.amountYuan !== null && input.amountYuan !== undefined) return { ok: false, code: 'INPUT', key: 'enforcement.amountOnlyForFine', field: 'amountYuan' };
  return { ok: true };
}

export interface SupplyFacts {
  state: HazardState;
  subjectType: string;
  /** The gas supplier of the venue or household (registry). */
  supplierId: string | null;
}

/** The supplier's own accounts, or officials, act on a user's supply. */
function maySupply(actor: EnforcementActor, f: SupplyFacts): EnforcementDecision | null {
  if (f.subjectType !== 'venue' && f.subjectType !== 'household') return { ok: false, code: 'INPUT', key: 'supply.notUser' };
  if (actor.role === 'enterprise_admin' || actor.role === 'enterprise_staff') {
    if (!actor.enterpriseId || actor.enterpriseId !== f.supplierId) return { ok: false, code: 'ROLE', key: 'supply.notSupplier' };
    return null;
  }
  if (!OFFICIALS.has(actor.role)) return { ok: false, code: 'ROLE', key: 'error.forbidden' };
  return null;
}

/** 暂停供气: against an open hazard of a user who refuses to rectify. */
export function maySuspendSupply(actor: EnforcementActor, f: SupplyFacts): EnforcementDecision {
  const refused = maySupply(actor, f);
  if (refused) return refused;
  if (!OPEN_STATES.includes(f.state)) return { ok: false, code: 'STATE', key: 'supply.hazardNotOpen' };
  return { ok: true };
}

/** 恢复供气: once the hazard the supply was suspended for is closed (or voided as a mistake). */
export function mayRestoreSupply(actor: EnforcementActor, f: SupplyFacts): EnforcementDecision {
  const refused = maySupply(actor, f);
  if (refused) return refused;
  if (f.state !== 'closed' && f.state !== 'voided') return { ok: false, code: 'STATE', key: 'supply.hazardStillOpen' };
  return { ok: true };
}

/** Prompt to restore supply: the hazard is closed and an active suspension was made for it. */
export function promptRestoreSupply(state: string, hazardId: string, activeSuspensionHazardId: string | null): boolean {
  return state === 'closed' && activeSuspensionHazardId === hazardId;
}
