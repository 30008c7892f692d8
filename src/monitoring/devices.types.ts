/**
 * Vocabulary of monitoring (R7.1, R7.3): device types, what they are bound to, alarm conditions
 * and severities, with the Chinese labels users see. Pure data.
 */
type Label = { zh: string; en: string };

export const DEVICE_TYPES = [
  'methane_detector', // 甲烷（可燃气体）探测器
  'co_detector', // 一氧化碳探测器
  'combined_detector', // 甲烷/一氧化碳复合探测器
  'shutoff_valve', // 紧急切断阀
  'self_closing_valve', // 安全自闭阀
  'pressure_sensor', // 管网压力传感器
  'enclosed_space_sensor', // 密闭空间甲烷监测仪（窨井等）
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const DEVICE_TYPE_LABELS: Record<DeviceType, Label> = {
  methane_detector: { zh: '可燃气体探测器（甲烷）', en: 'Methane detector' },
  co_detector: { zh: '一氧化碳探测器', en: 'CO detector' },
  combined_detector: { zh: '复合探测器（甲烷+一氧化碳）', en: 'Combined methane/CO detector' },
  shutoff_valve: { zh: '紧急切断阀', en: 'Emergency shut-off valve' },
  self_closing_valve: { zh: '安全自闭阀', en: 'Self-closing valve' },
  pressure_sensor: { zh: '管网压力传感器', en: 'Pipeline pressure sensor' },
  enclosed_space_sensor: { zh: '密闭空间甲烷监测仪', en: 'Enclosed-space methane sensor' },
};

/** Detector types that detect a gas leak (what the installation programme calls 报警装置). */
export const LEAK_DETECTOR_TYPES: readonly DeviceType[] = ['methane_detector', 'combined_detector'];

export const BINDING_TYPES = ['venue', 'household', 'facility'] as const;
export type BindingType = (typeof BINDING_TYPES)[number];

export const GAS_TYPES = ['natural_gas', 'lpg', 'other'] as const;
export type GasType = (typeof GAS_TYPES)[number];
export const GAS_TYPE_LABELS: Record<GasType, Label> = {
  natural_gas: { zh: '天然气', en: 'Natural gas' },
  lpg: { zh: '液化石油气', en: 'LPG' },
  other: { zh: '其他', en: 'Other' },
};

/** Which threshold profile applies: by what the device is bound to (devices.md). */
export type Profile = 'household' | 'commercial' | 'industrial';
export function profileOf(binding: BindingType): Profile {
  switch (binding) {
    case 'household':
      return 'household';
    case 'venue':
      return 'commercial';
    case 'facility':
      return 'industrial';
  }
}

export const CONDITIONS = ['ch4', 'co', 'valve_closed', 'tamper', 'low_battery', 'fault', 'offline'] as const;
export type Condition = (typeof CONDITIONS)[number];
export const CONDITION_LABELS: Record<Condition, Label> = {
  ch4: { zh: '可燃气体浓度超限', en: 'Combustible gas over threshold' },
  co: { zh: '一氧化碳浓度超限', en: 'CO over threshold' },
  valve_closed: { zh: '阀门关闭', en: 'Valve closed' },
  tamper: { zh: '设备被拆动', en: 'Tampering' },
  low_battery: { zh: '电量低', en: 'Low battery' },
  fault: { zh: '传感器故障', en: 'Sensor fault' },
  offline: { zh: '设备离线', en: 'Device offline' },
};

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_RANK: Record<Severity, number> = { minor: 1, major: 2, critical: 3 };
export const SEVERITY_LABELS: Record<Severity, Label> = {
  minor: { zh: '一般', en: 'Minor' },
  major: { zh: '重要', en: 'Major' },
  critical: { zh: '紧急', en: 'Critical' },
};
export const maxSeverity = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b);

/** Fault codes that mean someone opened or removed the device (tamper), not a sensor fault. */
export const TAMPER_FAULTS: ReadonlySet<string> = new Set(['tamper', 'removed', 'cover_open', 'dismantled']);
/** Fault values that mean "no fault". */
export const NO_FAULT: ReadonlySet<string> = new Set(['', 'ok', 'none', 'normal', '0']);
