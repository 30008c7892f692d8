/**
 * From what an outbox row says (title, lines, link) to the payload of one robot: a single message,
 * or a digest of several (a burst merged so the robot's rate limit is kept). Pure.
 */
import type { RobotMessageData } from '../db/schema/notifications.js';
import { t } from '../shared/i18n.js';
import { dingtalkMarkdown, wecomMarkdown, wecomText, type RobotPayload } from './robot.payloads.js';

export type RobotKind = 'wecom' | 'dingtalk';
export type RobotFormat = 'markdown' | 'text';

/** Where the digest's "see everything" link points. */
export const NOTIFICATIONS_PATH = '/notifications';

/** Absolute link into the platform: the public base URL and a path. */
export function linkTo(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

/** Link labels must not break markdown: brackets become their full-width forms. */
const label = (s: string) => s.replace(/\[/g, '［').replace(/\]/g, '］').replace(/\n/g, ' ');
const line = (s: string) => s.replace(/\n/g, ' ');

function single(kind: RobotKind, format: RobotFormat, m: RobotMessageData, baseUrl: string): RobotPayload {
  const url = linkTo(baseUrl, m.link);
  const open = t('zh-CN', 'notify.robot.open');
  if (kind === 'dingtalk') {
    return dingtalkMarkdown(m.title, [`### ${label(m.title)}`, ...m.lines.map((l) => `> ${line(l)}`), `[${open}](${url})`].join('\n\n'));
  }
  if (format === 'text') return wecomText([m.title, ...m.lines, `${open}：${url}`].join('\n'));
  return wecomMarkdown([`### ${label(m.title)}`, ...m.lines.map((l) => `>${line(l)}`), `[${open}](${url})`].join('\n'));
}

function digest(kind: RobotKind, format: RobotFormat, items: RobotMessageData[], baseUrl: string): RobotPayload {
  const title = t('zh-CN', 'notify.digest.title', { count: items.length });
  const all = `[${t('zh-CN', 'notify.digest.openAll')}](${linkTo(baseUrl, NOTIFICATIONS_PATH)})`;
  if (kind === 'dingtalk') {
    return dingtalkMarkdown(title, [`### ${title}`, ...items.map((m, i) => `${i + 1}. [${label(m.title)}](${linkTo(baseUrl, m.link)})`), all].join('\n\n'));
  }
  if (format === 'text') {
    return wecomText([title, ...items.map((m, i) => `${i + 1}. ${line(m.title)} ${linkTo(baseUrl, m.link)}`), `${t('zh-CN', 'notify.digest.openAll')}：${linkTo(baseUrl, NOTIFICATIONS_PATH)}`].join('\n'));
  }
  return wecomMarkdown([`### ${title}`, ...items.map((m, i) => `${i + 1}. [${label(m.title)}](${linkTo(baseUrl, m.link)})`), all].join('\n'));
}

/** The payload for one message: a single item as itself, several as a digest. */
export function robotPayload(kind: RobotKind, format: RobotFormat, items: RobotMessageData[], baseUrl: string): RobotPayload {
  if (items.length === 1) return single(kind, format, items[0]!, baseUrl);
  return digest(kind, format, items, baseUrl);
}

function contentOf(p: RobotPayload): string {
  return p.msgtype === 'text' ? p.text.content : 'content' in p.markdown ? p.markdown.content : p.markdown.text;
}

/** Do these items fit in one digest of this robot? (The builders cut an over-long text with "…".) */
export function fitsInOneDigest(kind: RobotKind, format: RobotFormat, items: RobotMessageData[], baseUrl: string): boolean {
  return !contentOf(robotPayload(kind, format, items, baseUrl)).endsWith('…');
}
