/**
 * Rule settings per device type (R7.3) and their defaults from shared/reference/devices.md.
 * The defaults are data here; a deployment's edits are rows of `monitoring_rules` that replace
 * the whole setting of one device type. Pure: schema, defaults and merge.
 */
import { z } from 'zod';
import { DEVICE_TYPES, SEVERITIES, type DeviceType } from './devices.types.js';

const level = z.number().min(0).max(100_000);
/** Two alarm points: reaching `major` opens an alarm, reaching `critical` makes it critical. */
const levels = z
  .object({ major: level, critical: level })
  .refine((l) => l.critical >= l.major, { message: 'critical must be ≥ major', path: ['critical'] });
const severityOrOff = z.enum([...SEVERITIES, 'off']);

export const ruleConfigSchema = z.object({
  /** No message for this long (seconds) → offline. */
  offlineAfterSec: z.number().int().min(60).max(7 * 86_400),
  /** A condition that clears and comes back within this window (seconds) is the same episode. */
  holdOffSec: z.number().int().min(0).max(86_400),
  /** %LEL alarm points by what the device is bound to; null: the type does not measure methane. */
  ch4: z.object({ household: levels, commercial: levels, industrial: levels }).nullable(),
  /** CO alarm points in ppm; null: the type does not measure CO. */
  co: levels.nullable(),
  /** Battery at or below this percentage → low battery; null: not checked. */
  lowBatteryPct: z.number().min(0).max(100).nullable(),
  /** Severity of the non-concentration conditions, or off. */
  severity: z.object({
    valve_closed: severityOrOff,
    tamper: severityOrOff,
    low_battery: severityOrOff,
    fault: severityOrOff,
    offline: severityOrOff,
  }),
  /** Conditions whose alarm closes by itself (result "recovered") once clear for the hold-off. */
  autoResolve: z.array(z.enum(['valve_closed', 'low_battery', 'fault', 'offline'])),
});
export type RuleConfig = z.infer<typeof ruleConfigSchema>;

// devices.md: household alarm point ≈10 %LEL (1–25); commercial low 20–25 / high 50 %LEL;
// GB/T 50493-2019 §5.5.2 industrial first level ≤25, second ≤50 %LEL. CO (household standard's
// response curve): alarm by 100 ppm, fast at 300 ppm — defaults to confirm locally.
const CH4 = { household: { major: 10, critical: 25 }, commercial: { major: 20, critical: 50 }, industrial: { major: 25, critical: 50 } };
const CO = { major: 100, critical: 300 };
const BASE = {
  offlineAfterSec: 900,
  holdOffSec: 300,
  lowBatteryPct: 20,
  severity: { valve_closed: 'major', tamper: 'major', low_battery: 'minor', fault: 'minor', offline: 'minor' },
  autoResolve: ['low_battery', 'fault', 'offline'],
} as const satisfies Partial<RuleConfig>;

const d = (over: Partial<RuleConfig>): RuleConfig => ({
  ...BASE,
  severity: { ...BASE.severity },
  autoResolve: [...BASE.autoResolve],
  ch4: null,
  co: null,
  ...over,
});

export const DEFAULT_RULES: Record<DeviceType, RuleConfig> = {
  methane_detector: d({ ch4: CH4 }),
  co_detector: d({ co: CO }),
  combined_detector: d({ ch4: CH4, co: CO }),
  // A self-closing valve closes only on over/under-pressure or over-flow and is reopened by hand (004 附件2).
  shutoff_valve: d({}),
  self_closing_valve: d({ lowBatteryPct: 20 }),
  pressure_sensor: d({ severity: { ...BASE.severity, fault: 'major' } }),
  enclosed_space_sensor: d({ ch4: CH4, offlineAfterSec: 1800 }),
};

export type RuleSet = Record<DeviceType, RuleConfig>;

/** The rules in force: the defaults with the stored rows of a deployment on top. */
export function mergeRules(rows: { deviceType: string; config: unknown }[]): RuleSet {
  const out: RuleSet = { ...DEFAULT_RULES };
  for (const r of rows) {
    if (!(DEVICE_TYPES as readonly string[]).includes(r.deviceType)) continue;
    const parsed = ruleConfigSchema.safeParse(r.config);
    if (parsed.success) out[r.deviceType as DeviceType] = parsed.data;
  }
  return out;
}
