/**
 * 一扫一充 (R6.2): the one decision whether a station may fill a scanned cylinder. Pure: the
 * facts in, allow/deny with every reason out, so each reason, each combination and each boundary
 * date is tested without a database (fill-check.rules.test.ts). The HTTP fill check and the
 * re-check inside the filling transaction both call it.
 *
 * Dates are ISO dates (YYYY-MM-DD) in China time. An inspection due today still allows filling;
 * due yesterday is overdue. The design life ends on the anniversary of manufacture
 * (manufacture date + design life years): filling is allowed up to and including that day.
 */
import { addDays, licenceState, type LicenceState } from '../registry/registry.rules.js';
import { isTwoPhase, type CylinderState } from './models.js';
import { addYears } from './dates.js';

/** Why a fill is refused, in the order they are reported. */
export const FILL_REASONS = [
  'NOT_REGISTERED', // 未登记（无此气瓶编码）
  'STATION_NOT_LICENSED', // 充装单位无有效气瓶充装许可证
  'STATION_INACTIVE', // 充装单位已暂停或注销
  'NOT_OWNED', // 非本单位自有产权或托管气瓶
  'SCRAPPED', // 已报废
  'SEIZED', // 已查封扣押
  'BLACKLISTED', // 黑名单气瓶
  'RECALLED', // 已召回
  'AWAITING_INSPECTION', // 已送检，检验结论未登记
  'INSPECTION_OVERDUE', // 超期未检
  'DESIGN_LIFE_EXCEEDED', // 超出设计使用年限
  'REFURBISHED', // 翻新（改装、焊补、篡改钢印或颜色）
  'TWO_PHASE_CYLINDER', // 气液双相瓶（YSP118-Ⅱ）
] as const;
export type FillReason = (typeof FILL_REASONS)[number];

/** Facts that do not stop the fill but the operator should see. */
export const FILL_WARNINGS = ['INSPECTION_DUE_SOON', 'DESIGN_LIFE_ENDING_SOON', 'STATION_LICENCE_DUE', 'TWO_PHASE_CYLINDER'] as const;
export type FillWarning = (typeof FILL_WARNINGS)[number];

export interface FillCylinderFacts {
  state: CylinderState;
  ownerEnterpriseId: string;
  model: string;
  manufactureDate: string;
  designLifeYears: number;
  nextInspectionDate: string;
  refurbished: boolean;
}

export interface FillStationFacts {
  id: string;
  /** The enterprise's registry status: active | suspended | closed. */
  status: string;
  /** Its 气瓶充装许可证 (kind cylinder_filling), any state. */
  licences: readonly { status: string; validUntil: string | null }[];
  /** Owners that entrusted their cylinders to this station (托管/委托充装). */
  entrustments: readonly { ownerEnterpriseId: string; validFrom: string; validUntil: string | null; status: string }[];
}

export interface FillPolicy {
  denyTwoPhase: boolean;
  dueSoonDays: number;
}

export interface FillDecision {
  allowed: boolean;
  reasons: FillReason[];
  warnings: FillWarning[];
  /** The last day of design life, when the cylinder is known. */
  designLifeEnds: string | null;
  licence: LicenceState | 'none';
}

const USABLE: readonly LicenceState[] = ['valid', 'due', 'no_expiry'];
const RANK: Record<LicenceState | 'none', number> = { none: 0, revoked: 1, expired: 2, due: 3, valid: 4, no_expiry: 5 };

/** The best state among a station's filling licences today ('none' without any). */
export function stationLicence(station: Pick<FillStationFacts, 'licences'>, today: string): LicenceState | 'none' {
  let best: LicenceState | 'none' = 'none';
  for (const l of station.licences) {
    const s = licenceState(l.status, l.validUntil, today);
    if (RANK[s] > RANK[best]) best = s;
  }
  return best;
}

/** Does the station fill this owner's cylinders: its own, or entrusted to it today? */
export function fillsFor(station: Pick<FillStationFacts, 'id' | 'entrustments'>, ownerEnterpriseId: string, today: string): boolean {
  if (station.id === ownerEnterpriseId) return true;
  return station.entrustments.some(
    (e) => e.ownerEnterpriseId === ownerEnterpriseId && e.status === 'active' && e.validFrom <= today && (e.validUntil === null || e.validUntil >= today),
  );
}

export function designLifeEnd(c: Pick<FillCylinderFacts, 'manufactureDate' | 'designLifeYears'>): string {
  return addYears(c.manufactureDate, c.designLifeYears);
}

/** Decide one fill. `cylinder` is null when the code is not registered. */
export function decideFill(cylinder: FillCylinderFacts | null, station: FillStationFacts, today: string, policy: FillPolicy): FillDecision {
  const reasons = new Set<FillReason>();
  const warnings = new Set<FillWarning>();
  const licence = stationLicence(station, today);
  if (!USABLE.includes(licence as LicenceState)) reasons.add('STATION_NOT_LICENSED');
  else if (licence === 'due') warnings.add('STATION_LICENCE_DUE');
  if (station.status !== 'active') reasons.add('STATION_INACTIVE');

  let lifeEnds: string | null = null;
  if (!cylinder) {
    reasons.add('NOT_REGISTERED');
  } else {
    if (!fillsFor(station, cylinder.ownerEnterpriseId, today)) reasons.add('NOT_OWNED');
    switch (cylinder.state) {
      case 'scrapped':
        reasons.add('SCRAPPED');
        break;
      case 'seized':
        reasons.add('SEIZED');
        break;
      case 'blacklisted':
        reasons.add('BLACKLISTED');
        break;
      case 'recalled':
        reasons.add('RECALLED');
        break;
      case 'due_for_inspection':
        reasons.add('AWAITING_INSPECTION');
        break;
      case 'in_service':
        break;
      default: {
        const never: never = cylinder.state;
        throw new Error(`unknown cylinder state ${String(never)}`);
      }
    }
    const soon = addDays(today, policy.dueSoonDays);
    if (cylinder.nextInspectionDate < today) reasons.add('INSPECTION_OVERDUE');
    else if (cylinder.nextInspectionDate <= soon) warnings.add('INSPECTION_DUE_SOON');
    lifeEnds = designLifeEnd(cylinder);
    if (lifeEnds < today) reasons.add('DESIGN_LIFE_EXCEEDED');
    else if (lifeEnds <= soon) warnings.add('DESIGN_LIFE_ENDING_SOON');
    if (cylinder.refurbished) reasons.add('REFURBISHED');
    if (isTwoPhase(cylinder.model)) (policy.denyTwoPhase ? reasons : warnings).add('TWO_PHASE_CYLINDER');
  }
  const ordered = FILL_REASONS.filter((r) => reasons.has(r));
  return { allowed: ordered.length === 0, reasons: ordered, warnings: FILL_WARNINGS.filter((w) => warnings.has(w)), designLifeEnds: lifeEnds, licence };
}

/**
 * Overfill (TSG 23, reference/cylinders.md): net weight above the allowable fill plus the
 * tolerance. Exactly allowable + tolerance is still acceptable.
 */
export function isOverfill(netWeightKg: number, allowableFillKg: number, toleranceKg: number): boolean {
  // Compare in grams: 15.0 > 14.5 + 0.5 must be false despite floating point.
  return Math.round(netWeightKg * 1000) > Math.round((allowableFillKg + toleranceKg) * 1000);
}
