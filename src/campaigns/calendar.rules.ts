/**
 * Campaign phases (R5.4) and reporting calendars (R5.2) as pure data and functions, from the seeds:
 *  - 000 大足 (大足安办〔2023〕61号 六(三)): 集中攻坚阶段每月10日、24日前，全面巩固提升和建立长效机制阶段每月21日前;
 *  - 001 江苏 (六 末段): 自2023年9月起，每月22日前报送工作进展情况;
 *  - 002 南昌 (洪安字〔2023〕12号): 自方案印发之日起每月18日前报送工作进展情况.
 * Phases: 集中攻坚 2023年8月至11月, 巩固提升 2023年12月至2024年6月, 长效机制 2024年7月起 (000: to 2025年底).
 */
import type { CalendarRule, CampaignCalendar, CampaignPhase } from '../db/schema/oversight.js';

export type { CalendarRule, CampaignCalendar, CampaignPhase };
export type PhaseKey = CampaignPhase['key'];
export const PHASE_KEYS: readonly PhaseKey[] = ['focused', 'consolidation', 'long_term'];
export const PHASE_LABELS: Record<PhaseKey, { zh: string; en: string }> = {
  focused: { zh: '集中攻坚', en: 'Focused tackling' },
  consolidation: { zh: '巩固提升', en: 'Consolidation' },
  long_term: { zh: '长效机制', en: 'Long-term mechanism' },
};

const ALL: PhaseKey[] = ['focused', 'consolidation', 'long_term'];

export interface CalendarPreset extends CampaignCalendar {
  name: string;
  source: string;
}

export const CALENDAR_PRESETS: readonly CalendarPreset[] = [
  {
    key: 'dazu_000',
    name: '集中攻坚每月10日、24日，其后每月21日',
    source: '大足安办〔2023〕61号 六（三）',
    rules: [
      { phases: ['focused'], days: [10, 24] },
      { phases: ['consolidation', 'long_term'], days: [21] },
    ],
    startsOn: null,
  },
  { key: 'jiangsu_001', name: '每月22日', source: '江苏省燃气安全专项整治实施方案 六', rules: [{ phases: ALL, days: [22] }], startsOn: '2023-09-01' },
  { key: 'nanchang_002', name: '每月18日', source: '洪安字〔2023〕12号 五', rules: [{ phases: ALL, days: [18] }], startsOn: null },
];

export interface CampaignPreset {
  key: string;
  name: string;
  source: string;
  calendarKey: string;
  phases: CampaignPhase[];
}

export const CAMPAIGN_PRESETS: readonly CampaignPreset[] = [
  {
    key: 'dazu_000',
    name: '城镇燃气安全专项整治（大足方案）',
    source: '大足安办〔2023〕61号（2023年8月23日）',
    calendarKey: 'dazu_000',
    phases: [
      { key: 'focused', name: '集中攻坚', start: '2023-08-23', end: '2023-11-30' },
      { key: 'consolidation', name: '全面巩固提升', start: '2023-12-01', end: '2024-06-30' },
      { key: 'long_term', name: '建立长效机制', start: '2024-07-01', end: '2025-12-31' },
    ],
  },
  {
    key: 'jiangsu_001',
    name: '燃气安全专项整治（江苏方案）',
    source: '江苏省燃气安全专项整治实施方案',
    calendarKey: 'jiangsu_001',
    phases: [
      { key: 'focused', name: '集中攻坚', start: '2023-08-01', end: '2023-11-30' },
      { key: 'consolidation', name: '全面巩固提升', start: '2023-12-01', end: '2024-06-30' },
      { key: 'long_term', name: '建立长效机制', start: '2024-07-01', end: null },
    ],
  },
  {
    key: 'nanchang_002',
    name: '城镇燃气安全专项整治（南昌方案）',
    source: '洪安字〔2023〕12号（2023年8月24日）',
    calendarKey: 'nanchang_002',
    phases: [
      { key: 'focused', name: '集中攻坚', start: '2023-08-24', end: '2023-11-30' },
      { key: 'consolidation', name: '全面巩固提升', start: '2023-12-01', end: '2024-06-30' },
      { key: 'long_term', name: '建立长效机制', start: '2024-07-01', end: null },
    ],
  },
];

export const findCalendarPreset = (key: string) => CALENDAR_PRESETS.find((p) => p.key === key);
export const findCampaignPreset = (key: string) => CAMPAIGN_PRESETS.find((p) => p.key === key);

/** What dueDates needs of a campaign. */
export interface CampaignDates {
  startDate: string;
  endDate: string | null;
  phases: CampaignPhase[];
}

export interface DueDate {
  date: string;
  phase: PhaseKey;
}

/** The phase a day falls in, if any. */
export function phaseAt(phases: readonly CampaignPhase[], day: string): CampaignPhase | null {
  return phases.find((p) => p.start <= day && (p.end === null || day <= p.end)) ?? null;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The report due dates of a campaign between `from` and `to` (inclusive): each rule's days of
 * every month, kept when the day lies in one of the rule's phases, inside the campaign and not
 * before the calendar's start. A day past a month's end (e.g. 31) falls on its last day.
 */
export function dueDates(calendar: Pick<CampaignCalendar, 'rules' | 'startsOn'>, campaign: CampaignDates, from: string, to: string): DueDate[] {
  const lo = [from, campaign.startDate, calendar.startsOn ?? campaign.startDate].reduce((a, b) => (a > b ? a : b));
  const hi = campaign.endDate && campaign.endDate < to ? campaign.endDate : to;
  if (lo > hi) return [];
  const out = new Map<string, DueDate>();
  let y = Number(lo.slice(0, 4));
  let m = Number(lo.slice(5, 7));
  const endY = Number(hi.slice(0, 4));
  const endM = Number(hi.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    for (const rule of calendar.rules) {
      for (const d of rule.days) {
        const date = iso(y, m, Math.min(d, daysInMonth(y, m)));
        if (date < lo || date > hi) continue;
        const phase = phaseAt(campaign.phases, date);
        if (phase && rule.phases.includes(phase.key) && !out.has(date)) out.set(date, { date, phase: phase.key });
      }
    }
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return [...out.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

function addDays(isoDate: string, n: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * The period a report due on `due` covers: from the previous due date (or the campaign start) to
 * the day before `due`, so consecutive reports tile the campaign without overlap.
 */
export function reportPeriod(calendar: Pick<CampaignCalendar, 'rules' | 'startsOn'>, campaign: CampaignDates, due: string): { from: string; to: string } {
  const earlier = dueDates(calendar, campaign, campaign.startDate, addDays(due, -1));
  const prev = earlier[earlier.length - 1];
  const to = addDays(due, -1);
  const from = prev ? prev.date : campaign.startDate;
  return { from: from > to ? to : from, to };
}

/** Late: submitted after its due day, or not submitted once the due day has passed (China dates). */
export function isLate(due: string, submittedOn: string | null, today: string): boolean {
  return submittedOn ? submittedOn > due : today > due;
}

/** Phases must be in order, not overlap, and each end on or after its start. */
export function phaseProblems(phases: readonly CampaignPhase[]): string[] {
  const problems: string[] = [];
  phases.forEach((p, i) => {
    if (p.end !== null && p.end < p.start) problems.push(`phases.${i}.end`);
    const next = phases[i + 1];
    if (next && (p.end === null || next.start <= p.end)) problems.push(`phases.${i + 1}.start`);
  });
  return problems;
}
