/**
 * The vocabulary of cylinder traceability (R6): models with their nominal volume and fill
 * (reference/cylinders.md), states, custody event types. Keys are stored; labels are shown.
 */
type Label = { zh: string; en: string };

export interface CylinderModel {
  label: Label;
  /** Water volume (L) and allowable fill (kg) when the registrant does not give the stamp's values. */
  waterVolumeL: number;
  allowableFillKg: number;
  /** 气液双相 (old YSP118-Ⅱ): banned by GB 5842-2023, never for restaurants (seeds 000–003). */
  twoPhase: boolean;
  /** 液相 cylinders are only allowed in the 50 kg size (GB 5842-2023). */
  liquidPhase: boolean;
}

export const CYLINDER_MODELS = {
  'YSP-2': { label: { zh: 'YSP4.7（2 kg）', en: 'YSP4.7 (2 kg)' }, waterVolumeL: 4.7, allowableFillKg: 1.9, twoPhase: false, liquidPhase: false },
  'YSP-5': { label: { zh: 'YSP12（5 kg）', en: 'YSP12 (5 kg)' }, waterVolumeL: 12, allowableFillKg: 5, twoPhase: false, liquidPhase: false },
  'YSP-10': { label: { zh: 'YSP26.2（10 kg）', en: 'YSP26.2 (10 kg)' }, waterVolumeL: 26.2, allowableFillKg: 11, twoPhase: false, liquidPhase: false },
  'YSP-15': { label: { zh: 'YSP35.5（15 kg）', en: 'YSP35.5 (15 kg)' }, waterVolumeL: 35.5, allowableFillKg: 14.5, twoPhase: false, liquidPhase: false },
  'YSP-50': { label: { zh: 'YSP118/49.5（50 kg 气相）', en: 'YSP118/49.5 (50 kg gas phase)' }, waterVolumeL: 118, allowableFillKg: 49.5, twoPhase: false, liquidPhase: false },
  'YSP118-L': { label: { zh: 'YSP118/液/49.5（50 kg 液相）', en: 'YSP118/liquid/49.5 (50 kg liquid phase)' }, waterVolumeL: 118, allowableFillKg: 49.5, twoPhase: false, liquidPhase: true },
  'YSP118-II': { label: { zh: 'YSP118-Ⅱ（50 kg 气液双相）', en: 'YSP118-II (50 kg two-phase)' }, waterVolumeL: 118, allowableFillKg: 49.5, twoPhase: true, liquidPhase: false },
} as const satisfies Record<string, CylinderModel>;
export type CylinderModelKey = keyof typeof CYLINDER_MODELS;
export const MODEL_KEYS = Object.keys(CYLINDER_MODELS) as [CylinderModelKey, ...CylinderModelKey[]];

export function isTwoPhase(model: string): boolean {
  return (CYLINDER_MODELS as Record<string, CylinderModel>)[model]?.twoPhase ?? false;
}

export const CYLINDER_STATES = ['in_service', 'due_for_inspection', 'seized', 'scrapped', 'blacklisted', 'recalled'] as const;
export type CylinderState = (typeof CYLINDER_STATES)[number];

export const STATE_LABELS: Record<CylinderState, Label> = {
  in_service: { zh: '在用', en: 'In service' },
  due_for_inspection: { zh: '待检（已送检）', en: 'Sent for inspection' },
  seized: { zh: '已查封扣押', en: 'Seized' },
  scrapped: { zh: '已报废（去功能化）', en: 'Scrapped' },
  blacklisted: { zh: '黑名单', en: 'Blacklisted' },
  recalled: { zh: '已召回', en: 'Recalled' },
};

/**
 * Custody events (R6.3, R6.6). `commissioning` is written at registration and `filling` by
 * POST /fillings; the others are posted to /cylinders/{code}/events.
 */
export const EVENT_TYPES = [
  'commissioning', // 建档赋码
  'filling', // 充装（含充装前后检查）
  'post_fill_check', // 充装后复检（超装、泄漏处理后）
  'leave_station', // 出站
  'load', // 装车（人车对应）
  'deliver', // 送达实名用户（随瓶安检）
  'collect_empty', // 回收空瓶
  'send_to_inspection', // 送定期检验
  'inspection_result', // 定期检验结论
  'scrap', // 报废（去功能化）
  'recall', // 召回
  'seize', // 查封扣押
  'blacklist', // 列入黑名单
  'release', // 解除查封 / 黑名单 / 召回
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** Event types a client may post to /cylinders/{code}/events. */
export const POSTABLE_EVENT_TYPES = EVENT_TYPES.filter((t) => t !== 'commissioning' && t !== 'filling') as Exclude<EventType, 'commissioning' | 'filling'>[];

export const EVENT_LABELS: Record<EventType, Label> = {
  commissioning: { zh: '建档赋码', en: 'Commissioned' },
  filling: { zh: '充装', en: 'Filled' },
  post_fill_check: { zh: '充装后复检', en: 'Post-fill re-check' },
  leave_station: { zh: '出站', en: 'Left the station' },
  load: { zh: '装车', en: 'Loaded on a vehicle' },
  deliver: { zh: '送达用户（随瓶安检）', en: 'Delivered to the user' },
  collect_empty: { zh: '回收空瓶', en: 'Empty collected' },
  send_to_inspection: { zh: '送检', en: 'Sent for periodic inspection' },
  inspection_result: { zh: '定期检验结论', en: 'Periodic inspection result' },
  scrap: { zh: '报废（去功能化）', en: 'Scrapped' },
  recall: { zh: '召回', en: 'Recalled' },
  seize: { zh: '查封扣押', en: 'Seized' },
  blacklist: { zh: '列入黑名单', en: 'Blacklisted' },
  release: { zh: '解除', en: 'Released' },
};

export const HOLDER_TYPES = ['enterprise', 'station', 'vehicle', 'user', 'inspection', 'none'] as const;
export type HolderType = (typeof HOLDER_TYPES)[number];

/** Venue kinds counted as restaurants for the two-phase rule (餐饮 incl. canteens). */
export const RESTAURANT_KINDS: readonly string[] = ['restaurant', 'government_canteen', 'company_canteen', 'elder_canteen'];
