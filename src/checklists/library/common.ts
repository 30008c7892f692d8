/** Small shared vocabulary for the library files: subject sets, severities, label helper. */
import type { AppliesTo, Label, SeverityRule } from '../checklist.types.js';

export const L = (zh: string, en: string): Label => ({ zh, en });

export const GENERAL: SeverityRule = { kind: 'fixed', severity: 'general' };
export const MAJOR: SeverityRule = { kind: 'fixed', severity: 'major' };

/**
 * Art. 9 of 建城规〔2023〕4号: a finding at a user that is the user's general hazard and, when the
 * supplying operator issued no written notice, also the operator's major hazard (item MHS-<article>).
 */
export const art9 = (article: '9.1' | '9.2' | '9.3' | '9.4'): SeverityRule => ({ kind: 'operator_if_no_notice', article });

/** Bottled gas: LPG and DME are delivered the same way (seeds write 瓶装液化石油气（二甲醚）). */
export const BOTTLED = ['bottled_lpg', 'dme'];
export const PIPED = ['pipeline_ng'];

/** Gas operators in the sense of the national standard (they need a 燃气经营许可证). */
export const GAS_OPERATOR_KINDS = [
  'pipeline_gas',
  'bottled_lpg',
  'filling_station',
  'storage_station',
  'supply_point',
  'vehicle_refuelling',
];
/** Operators that supply end users and must inspect them (Art. 4.5, Art. 9). */
export const USER_SUPPLIER_KINDS = ['pipeline_gas', 'bottled_lpg', 'supply_point'];
/** Bottled-gas operators and their outlets (delivery, 随瓶安检). */
export const BOTTLED_OPERATOR_KINDS = ['bottled_lpg', 'supply_point', 'storage_station'];
/** Units that fill cylinders (充装单位; LPG storage/distribution stations usually fill). */
export const FILLING_KINDS = ['filling_station', 'storage_station'];
/** Operators with plants and stations (燃气厂站). */
export const STATION_OPERATOR_KINDS = ['pipeline_gas', 'bottled_lpg', 'filling_station', 'storage_station', 'vehicle_refuelling'];

export const PIPELINE_FACILITY_KINDS = ['pipeline_municipal', 'pipeline_courtyard', 'pipeline_riser'];
export const STATION_FACILITY_KINDS = ['gate_station', 'storage_station', 'regulator_station', 'refuelling_station'];
export const REGULATOR_FACILITY_KINDS = ['regulator_station', 'regulator_box', 'regulator_cabinet', 'gate_station'];
export const MEDIUM_OR_HIGHER = ['medium_b', 'medium_a', 'sub_high', 'high'];

/** Every gas-using venue (the seeds apply the restaurant rules to schools, hospitals, … too). */
export const VENUE_ANY: AppliesTo[] = [{ subject: 'venue' }];
export const VENUE_BOTTLED: AppliesTo[] = [{ subject: 'venue', where: { gasSource: BOTTLED } }];
export const VENUE_PIPED: AppliesTo[] = [{ subject: 'venue', where: { gasSource: PIPED } }];
export const HOUSEHOLD_ANY: AppliesTo[] = [{ subject: 'household' }];
export const HOUSEHOLD_BOTTLED: AppliesTo[] = [{ subject: 'household', where: { gasSource: BOTTLED } }];
export const HOUSEHOLD_PIPED: AppliesTo[] = [{ subject: 'household', where: { gasSource: PIPED } }];
