/**
 * Default limits of the measured checklist items. Each measured item names its setting
 * (`measured.limitKey` / `upperKey`); a deployment overrides the defaults with `withLimits`, e.g. a
 * city that replaces regulators after 3 years instead of 5. Sources: reference/inspections.md,
 * reference/devices.md, reference/cylinders.md and the seeds (100 kg, 2 m).
 */
import type { ChecklistItemDef } from '../checklist.types.js';

export const DEFAULT_LIMITS = {
  /** Connection hose at most 2.0 m (all seeds; GB 55009 §6.1). */
  hoseMaxLengthM: 2,
  /** Cylinders stored above 100 kg in total need a dedicated cylinder room (all seeds). */
  cylinderRoomThresholdKg: 100,
  /** One city's rule: above 420 kg a separate building at least 10 m from others. */
  detachedCylinderBuildingKg: 420,
  /** Local rule: no cylinder larger than 5 kg in the dining area. */
  diningAreaCylinderMaxKg: 5,
  /** Local rule: cylinder 0.5–1.0 m from the appliance. */
  cylinderApplianceDistanceMinM: 0.5,
  cylinderApplianceDistanceMaxM: 1.0,
  /** Regulator life about 5 years (some guides 3). */
  regulatorLifeYears: 5,
  /** Domestic gas appliance life about 8 years. */
  applianceLifeYears: 8,
  /** Gas meter at least 100 mm from the side of the cooker. */
  meterCookerClearanceMm: 100,
  /** Gas meter at least 300 mm from low-voltage electrical equipment. */
  meterElectricClearanceMm: 300,
  /** Detector within 8 m (natural gas) / 4 m (LPG) of the appliance (GB 50028 §10.8.2). */
  detectorDistanceNgM: 8,
  detectorDistanceLpgM: 4,
  /** Detector within 0.3 m of the ceiling (natural gas) / of the floor (LPG). */
  detectorMountingGapM: 0.3,
  /** Odour must be noticeable at 20 % of the lower explosive limit (GB 50028 §3.2.3). */
  odourNoticeableMaxLel: 20,
  /** Overfill tolerance above the allowable fill (cylinders.md, default 0.5 kg). */
  overfillToleranceKg: 0.5,
  /** Household inspection by the gas company: residential every 24 months, non-residential 12 (CJJ 51 §3.5.1). */
  residentialInspectionMonths: 24,
  nonResidentialInspectionMonths: 12,
} as const;

export type LimitKey = keyof typeof DEFAULT_LIMITS;
export type LimitOverrides = Partial<Record<LimitKey, number>>;

export function isLimitKey(key: string): key is LimitKey {
  return Object.prototype.hasOwnProperty.call(DEFAULT_LIMITS, key);
}

/**
 * The items with a deployment's limits applied (pure: new objects, inputs untouched). Items whose
 * `limitKey` / `upperKey` is overridden get the new value; all others are returned as they are.
 */
export function withLimits(items: readonly ChecklistItemDef[], overrides: LimitOverrides): ChecklistItemDef[] {
  const pick = (key: string | undefined, current: number | undefined): number | undefined => {
    if (key === undefined || !isLimitKey(key)) return current;
    const v = overrides[key];
    return v === undefined ? current : v;
  };
  return items.map((item) => {
    const m = item.measured;
    if (!m) return item;
    const limit = pick(m.limitKey, m.limit) ?? m.limit;
    const upper = pick(m.upperKey, m.upper);
    if (limit === m.limit && upper === m.upper) return item;
    return { ...item, measured: { ...m, limit, ...(upper === undefined ? {} : { upper }) } };
  });
}
