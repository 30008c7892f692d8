/** Small formatters of monitoring values, times and durations, in the user's language. */
import type { TFunction } from '../../i18n/index.js';

/**
 * The reading behind an alarm, with its unit: 60 %LEL, 320 ppm, battery 15 %, silent for 15 min;
 * nothing for conditions without one (valve closed, tamper, fault).
 */
export function readingText(condition: string, value: number | null | undefined, t?: TFunction): string {
  if (value === null || value === undefined) return '';
  if (condition === 'ch4') return `${value} %LEL`;
  if (condition === 'co') return `${value} ppm`;
  if (condition === 'low_battery') return `${value}%`;
  if (condition === 'offline') return t ? t('mon.alarm.silentFor', { duration: durationText(t, value) }) : '';
  return String(value);
}

/** 1 分 20 秒 / 1 min 20 s; '—' when not reached. */
export function durationText(t: TFunction, sec: number | null | undefined): string {
  if (sec === null || sec === undefined) return '—';
  const s = Math.max(0, Math.round(sec));
  if (s < 60) return t('mon.dur.s', { s });
  if (s < 3600) return s % 60 ? t('mon.dur.ms', { m: Math.floor(s / 60), s: s % 60 }) : t('mon.dur.m', { m: s / 60 });
  if (s < 86_400) return t('mon.dur.hm', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  return t('mon.dur.dh', { d: Math.floor(s / 86_400), h: Math.floor((s % 86_400) / 3600) });
}

/** 刚刚 / 3 分钟前 / 2 小时前 / 5 天前, against `now`. */
export function agoText(t: TFunction, iso: string | null | undefined, now: number): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return t('mon.ago.now');
  if (s < 3600) return t('mon.ago.min', { n: Math.floor(s / 60) });
  if (s < 86_400) return t('mon.ago.hour', { n: Math.floor(s / 3600) });
  return t('mon.ago.day', { n: Math.floor(s / 86_400) });
}

/** Minutes with one decimal, for charts. */
export const minutes = (sec: number | null | undefined) => (sec === null || sec === undefined ? null : Math.round(sec / 6) / 10);
