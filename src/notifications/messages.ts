/**
 * What a notification says, in the reader's language (keys `notify.*` in shared/i18n.ts). Pure.
 * Robot messages go to a whole group: they carry no personal data (no names or phones of people,
 * no free-text descriptions or reasons, no household addresses), only unit and subject names,
 * codes, categories and dates, and a link back into the platform (which requires login).
 */
import type { RobotMessageData } from '../db/schema/notifications.js';
import { HAZARD_CATEGORY_LABELS, type HazardCategory } from '../departments/taxonomy.js';
import { t, type Locale } from '../shared/i18n.js';
import type { MessageKind } from './events.js';

export type Params = Record<string, string | number>;

export interface RenderedMessage {
  title: string;
  body: string;
}

export function renderMessage(kind: MessageKind, params: Params, locale: Locale): RenderedMessage {
  return { title: t(locale, `notify.${kind}.title`, params), body: t(locale, `notify.${kind}.body`, params) };
}

/** A household's subject name is its address, which points at a private home: never shown to groups. */
export function safeSubjectName(subjectType: string, subjectName: string, locale: Locale): string {
  return subjectType === 'household' ? t(locale, 'notify.household') : subjectName;
}

export interface HazardMessageFacts {
  id: string;
  code: string;
  subjectType: string;
  subjectName: string;
  category: string;
  severity: string;
  deadline: string | null;
  townName: string | null;
  departmentName: string | null;
  /** Escalation level (督办), for hazard.escalated. */
  level?: number;
  /** Days left until the deadline, for hazard.deadline_approaching. */
  days?: number;
  /** Rejection reason: shown in the bell of the people concerned, never to a group. */
  reason?: string | null;
}

export const hazardLink = (id: string) => `/hazards/${id}`;

function hazardParams(f: HazardMessageFacts, locale: Locale, forGroup: boolean): Params {
  const zh = locale === 'zh-CN';
  const label = HAZARD_CATEGORY_LABELS[f.category as HazardCategory];
  return {
    code: f.code,
    subject: forGroup ? safeSubjectName(f.subjectType, f.subjectName, locale) : f.subjectName,
    category: label ? (zh ? label.zh : label.en) : f.category,
    severity: t(locale, f.severity === 'major' ? 'notify.severity.major' : 'notify.severity.general'),
    deadline: f.deadline ?? '—',
    town: f.townName ?? '—',
    department: f.departmentName ?? '—',
    level: f.level ?? 0,
    days: f.days ?? 0,
    reason: !forGroup && f.reason ? t(locale, 'notify.reason', { reason: f.reason }) : '',
  };
}

/** The bell's text of a hazard event, for one reader's language. */
export function hazardNotification(kind: MessageKind, f: HazardMessageFacts, locale: Locale): RenderedMessage {
  return renderMessage(kind, hazardParams(f, locale, false), locale);
}

/** A group robot's message of a hazard event (Chinese: the groups are Chinese-speaking). */
export function hazardRobotMessage(kind: MessageKind, f: HazardMessageFacts): RobotMessageData {
  const locale: Locale = 'zh-CN';
  const m = renderMessage(kind, hazardParams(f, locale, true), locale);
  const lines = [m.body];
  if (f.townName) lines.push(t(locale, 'notify.robot.town', { town: f.townName }));
  if (f.departmentName) lines.push(t(locale, 'notify.robot.department', { department: f.departmentName }));
  return { title: robotTitle(m.title), lines, link: hazardLink(f.id) };
}

/** A robot message from already group-safe parameters (supervision events, test messages). */
export function robotMessage(kind: MessageKind, params: Params, link: string): RobotMessageData {
  const m = renderMessage(kind, params, 'zh-CN');
  return { title: robotTitle(m.title), lines: [m.body], link };
}

/** Robot titles carry 【燃气安全】: a 钉钉 robot secured by a custom keyword needs one, and groups see the source. */
function robotTitle(title: string): string {
  return `${t('zh-CN', 'notify.robot.prefix')}${title}`;
}
