import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.js';
import type { Label } from './labels.js';
import { zh, type MsgKey } from './zh.js';

export type Locale = 'zh-CN' | 'en';
export type { MsgKey };
export type TFunction = (key: MsgKey, params?: Record<string, string | number | null | undefined>) => string;

const STORAGE_KEY = 'gg_locale';
/** The cookie the server reads to answer in the same language (src/shared/cookies.ts). */
const LANG_COOKIE = 'gg_lang';

const dicts: Record<Locale, Record<MsgKey, string>> = { 'zh-CN': zh, en };

export function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en';
}

function readCookie(name: string): string | undefined {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : undefined;
}

/** The language this browser last chose, if it chose one. */
export function storedLocale(): Locale | null {
  const v = localStorage.getItem(STORAGE_KEY) ?? readCookie(LANG_COOKIE);
  return isLocale(v) ? v : null;
}

/** Remember the choice here and tell the server through its cookie (works before login too). */
function persistLocale(locale: Locale) {
  localStorage.setItem(STORAGE_KEY, locale);
  document.cookie = `${LANG_COOKIE}=${encodeURIComponent(locale)}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = locale;
}

export function translate(locale: Locale, key: MsgKey, params: Record<string, string | number | null | undefined> = {}): string {
  const template = dicts[locale][key] ?? zh[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? `{${name}}` : String(v);
  });
}

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: TFunction;
  /** Pick the right half of a `{ zh, en }` label from the server's vocabularies. */
  label(l: Label | undefined, fallback?: string): string;
  /** Date and time in the user's language, 24-hour clock. */
  formatTime(iso: string | null | undefined): string;
  /** `main（extra）` in Chinese, `main (extra)` in English. */
  paren(main: string, extra: string | number): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const l = storedLocale() ?? 'zh-CN';
    document.documentElement.lang = l;
    return l;
  });
  const setLocale = useCallback((l: Locale) => {
    persistLocale(l);
    setLocaleState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const fmt = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    return {
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      label: (l, fallback = '') => (l ? (locale === 'en' ? l.en : l.zh) : fallback),
      formatTime: (iso) => (iso ? fmt.format(new Date(iso)) : ''),
      paren: (main, extra) => (locale === 'en' ? `${main} (${extra})` : `${main}（${extra}）`),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
