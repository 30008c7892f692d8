import { z } from 'zod';

/** Query-string boolean: only true/false/1/0 (z.coerce.boolean would read "false" as true). */
export const queryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Mobile number after stripping spaces, dashes and a +86/0086/86 prefix (conventions.md). */
export function normalizeMobile(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
}

export function isMobile(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalizeMobile(raw));
}

export function isLandline(raw: string): boolean {
  return /^0\d{2,3}-?\d{7,8}$/.test(raw.replace(/\s/g, ''));
}

/** `138****1234`; landlines keep the area code and the last 2 digits. */
export function maskPhone(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  const v = normalizeMobile(value);
  if (/^1\d{10}$/.test(v)) return `${v.slice(0, 3)}****${v.slice(7)}`;
  if (v.length <= 4) return '*'.repeat(v.length);
  return `${v.slice(0, Math.min(4, v.length - 4))}${'*'.repeat(Math.max(0, v.length - 6))}${v.slice(-2)}`;
}

/** First 6 and last 4 characters of an ID number: `110105********002X`. */
export function maskIdNumber(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  if (value.length <= 10) return `${value.slice(0, 2)}${'*'.repeat(Math.max(0, value.length - 2))}`;
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 端木 独孤 南宫 西门 轩辕 呼延 申屠 澹台 公冶 太史 闻人 钟离 万俟 赫连 濮阳 淳于 单于 宗政 百里 东郭 拓跋 左丘'.split(' '),
);

/** Private person's name: `张*`, `欧阳**` (compound surnames keep both characters). */
export function maskPersonName(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  const chars = [...value];
  if (chars.length <= 1) return value;
  const keep = chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}
