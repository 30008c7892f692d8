/**
 * The words users see for the hazard ledger's stored values, in one place: exports, the dossier
 * and notices print these, never the stored keys.
 */
import { HAZARD_CATEGORY_LABELS, type HazardCategory } from '../departments/taxonomy.js';
import type { Locale } from '../shared/i18n.js';
import { STATE_LABELS, type HazardState } from './hazard.rules.js';

export interface Label {
  zh: string;
  en: string;
}

export const SEVERITY_LABELS: Record<'major' | 'general', Label> = {
  major: { zh: '重大隐患', en: 'Major' },
  general: { zh: '一般隐患', en: 'General' },
};

export const SOURCE_LABELS: Record<string, Label> = {
  inspection: { zh: '检查发现', en: 'Inspection' },
  public_report: { zh: '群众举报', en: 'Public report' },
  alarm: { zh: '监测报警', en: 'Alarm' },
  self_check: { zh: '自查自改', en: 'Self-check' },
  enforcement: { zh: '执法检查', en: 'Enforcement' },
  manual: { zh: '手工登记', en: 'Manual entry' },
};

/** 督办 levels of hazard.rules.ts escalationLevel(). */
export const ESCALATION_LABELS: Record<number, Label> = {
  0: { zh: '未督办', en: 'None' },
  1: { zh: '一级督办（属地）', en: 'Level 1 (territorial)' },
  2: { zh: '二级督办（上一级）', en: 'Level 2 (level above)' },
  3: { zh: '三级督办（专班）', en: 'Level 3 (task force)' },
};

/** What each hazard event means, for trails and dossiers. */
export const EVENT_LABELS: Record<string, Label> = {
  create: { zh: '登记隐患', en: 'Reported' },
  create_fixed_on_spot: { zh: '立行立改', en: 'Fixed on the spot' },
  assign: { zh: '交办', en: 'Assigned' },
  start: { zh: '开始整改', en: 'Rectification started' },
  request_review: { zh: '申请复核', en: 'Review requested' },
  reject: { zh: '复核驳回', en: 'Review rejected' },
  close: { zh: '复核销号', en: 'Closed' },
  void: { zh: '作废', en: 'Voided' },
  escalate: { zh: '逾期督办', en: 'Escalated' },
  notice_issued: { zh: '下达整改通知书', en: 'Notice issued' },
  enforcement: { zh: '执法措施', en: 'Enforcement' },
  lookback: { zh: '回头看复查', en: 'Look-back re-inspection' },
};

export const SUBJECT_TYPE_LABELS: Record<string, Label> = {
  venue: { zh: '用气场所', en: 'Venue' },
  household: { zh: '居民用户', en: 'Household' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  facility: { zh: '燃气设施', en: 'Facility' },
  vehicle: { zh: '车辆', en: 'Vehicle' },
};

export const INSPECTION_KIND_LABELS: Record<string, Label> = {
  official: { zh: '监管检查', en: 'Official inspection' },
  self: { zh: '自查', en: 'Self-inspection' },
  company: { zh: '企业入户安检', en: 'Company inspection' },
  delivery: { zh: '随瓶安检', en: 'Delivery inspection' },
};

const pick = (l: Label | undefined, locale: Locale, fallback: string) => (l ? (locale === 'en' ? l.en : l.zh) : fallback);

export const stateLabel = (s: string, locale: Locale = 'zh-CN') => pick(STATE_LABELS[s as HazardState], locale, s);
export const categoryLabel = (c: string, locale: Locale = 'zh-CN') => pick(HAZARD_CATEGORY_LABELS[c as HazardCategory], locale, c);
export const severityLabel = (s: string, locale: Locale = 'zh-CN') => pick(SEVERITY_LABELS[s as 'major' | 'general'], locale, s);
export const sourceLabel = (s: string, locale: Locale = 'zh-CN') => pick(SOURCE_LABELS[s], locale, s);
export const escalationLabel = (n: number, locale: Locale = 'zh-CN') => pick(ESCALATION_LABELS[n], locale, String(n));
export const eventLabel = (a: string, locale: Locale = 'zh-CN') => pick(EVENT_LABELS[a], locale, a);
export const subjectTypeLabel = (t: string, locale: Locale = 'zh-CN') => pick(SUBJECT_TYPE_LABELS[t], locale, t);
export const inspectionKindLabel = (k: string, locale: Locale = 'zh-CN') => pick(INSPECTION_KIND_LABELS[k], locale, k);

/** A moment as users read it: China time, `2026-03-10 14:05` (with seconds: `14:05:09`). */
export function chinaTime(d: Date | string | null | undefined, seconds = false): string {
  if (!d) return '';
  const t = new Date(d);
  if (Number.isNaN(t.getTime())) return '';
  return new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, seconds ? 19 : 16).replace('T', ' ');
}

/** `2026-12-31` → `2026年12月31日`. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The instant a China-time calendar day starts (for "closed between from and to" periods). */
export function chinaDayStart(iso: string): Date {
  return new Date(`${iso}T00:00:00+08:00`);
}
