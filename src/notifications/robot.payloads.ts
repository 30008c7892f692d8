/**
 * Payloads of the two group robots, exactly as conventions.md ("Notifications") describes them,
 * and the 钉钉 signature. Pure functions: no clock, no network.
 *
 * 企业微信: POST …/cgi-bin/webhook/send?key=KEY, text (≤ 2048 bytes) or markdown (≤ 4096 bytes).
 * 钉钉: POST …/robot/send?access_token=TOKEN[&timestamp=…&sign=…], markdown {title, text}.
 */
import { createHmac } from 'node:crypto';

export const WECOM_TEXT_MAX_BYTES = 2048;
export const WECOM_MARKDOWN_MAX_BYTES = 4096;
/** 钉钉 documents no exact limit for markdown; we keep to the same budget as 企业微信. */
export const DINGTALK_MARKDOWN_MAX_BYTES = 4096;

export interface WecomTextPayload {
  msgtype: 'text';
  text: { content: string };
}
export interface WecomMarkdownPayload {
  msgtype: 'markdown';
  markdown: { content: string };
}
export interface DingtalkMarkdownPayload {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
  at: { atMobiles: string[]; isAtAll: boolean };
}
export type RobotPayload = WecomTextPayload | WecomMarkdownPayload | DingtalkMarkdownPayload;

/** Cut `s` to at most `maxBytes` of UTF-8 without splitting a character, marking the cut with "…". */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  const budget = maxBytes - Buffer.byteLength('…', 'utf8');
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (used + n > budget) break;
    out += ch;
    used += n;
  }
  return `${out}…`;
}

/**
 * 企业微信 text message. Nobody is mentioned: mentions need people's mobile numbers, which never go
 * to a group robot.
 */
export function wecomText(content: string): WecomTextPayload {
  return { msgtype: 'text', text: { content: truncateUtf8(content, WECOM_TEXT_MAX_BYTES) } };
}

/** 企业微信 markdown message (`### title`, `>` quotes, `<font color="comment">`, links). */
export function wecomMarkdown(content: string): WecomMarkdownPayload {
  return { msgtype: 'markdown', markdown: { content: truncateUtf8(content, WECOM_MARKDOWN_MAX_BYTES) } };
}

/** 钉钉 markdown message; `title` is what the conversation list shows. Nobody is @-mentioned. */
export function dingtalkMarkdown(title: string, text: string): DingtalkMarkdownPayload {
  return { msgtype: 'markdown', markdown: { title, text: truncateUtf8(text, DINGTALK_MARKDOWN_MAX_BYTES) }, at: { atMobiles: [], isAtAll: false } };
}

/** 钉钉 signature: Base64 of HMAC-SHA256 over `timestamp + "\n" + secret`, keyed with the secret. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The robot URL with `&timestamp=…&sign=…` appended (sign URL-encoded); 钉钉 accepts it within an hour. */
export function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): string {
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}timestamp=${timestampMs}&sign=${encodeURIComponent(dingtalkSign(secret, timestampMs))}`;
}

/** Show a robot URL without its key/token: `…?key=****3f2a`. */
export function maskRobotUrl(raw: string): string {
  try {
    const u = new URL(raw);
    for (const [k, v] of [...u.searchParams.entries()]) u.searchParams.set(k, v.length > 4 ? `****${v.slice(-4)}` : '****');
    return u.toString();
  } catch {
    return '****';
  }
}
