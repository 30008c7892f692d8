/**
 * Field definitions of registry records and the validation of one value. Shared by the API
 * (JSON bodies), the Excel import and the Excel template, so a rule is written once.
 */
import { isValidCreditCode, isValidIdNumber, normalizeIdNumber } from '../shared/codes.js';
import { isLandline, isMobile, normalizeMobile } from '../shared/validation.js';

export type Label = { zh: string; en: string };

export type FieldType =
  | 'text'
  | 'enum'
  | 'bool'
  | 'int'
  | 'number'
  | 'date'
  | 'creditCode'
  | 'idNumber'
  | 'mobile' // a mobile number
  | 'phone' // mobile or landline
  | 'plate';

export interface FieldDef {
  key: string;
  label: Label;
  type: FieldType;
  required?: boolean;
  options?: readonly string[];
  optionLabels?: Record<string, Label>;
  min?: number;
  max?: number;
  /** Personal data: masked in lists and exports unless revealed (audited). */
  personal?: 'phone' | 'idNumber' | 'name';
  /** Offered as a list filter (enums and booleans). */
  filter?: boolean;
  /** Shown as a column in lists and exports. */
  list?: boolean;
  /** Value taken when the field is left empty (the column's default). */
  default?: string | number | boolean;
}

export type Checked = { ok: true; value: unknown } | { ok: false; key: string; params?: Record<string, unknown> };

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '有']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '无', '']);

/** Excel and JSON give dates as Date objects, ISO strings or 2024/1/5 style text. */
function toIsoDate(raw: unknown): string | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  const s = String(raw).trim().replace(/[./年月]/g, '-').replace(/日$/, '');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

const PLATE = /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]$/;

/**
 * Check and normalise one value. Empty means null (refused when required). Enum values may be
 * given by key or by their Chinese/English label, as users type them in Excel.
 */
export function checkValue(f: FieldDef, raw: unknown): Checked {
  const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  if (empty) {
    if (f.required) return { ok: false, key: 'field.required' };
    return { ok: true, value: f.default ?? (f.type === 'bool' ? false : null) };
  }
  const s = typeof raw === 'string' ? raw.trim() : raw;
  switch (f.type) {
    case 'text': {
      const v = String(s);
      if (f.max !== undefined && [...v].length > f.max) return { ok: false, key: 'field.tooLong', params: { maximum: f.max } };
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)) return { ok: false, key: 'field.invalidFormat' };
      return { ok: true, value: v };
    }
    case 'enum': {
      const v = String(s);
      const opts = f.options ?? [];
      if (opts.includes(v)) return { ok: true, value: v };
      const byLabel = opts.find((o) => f.optionLabels?.[o]?.zh === v || f.optionLabels?.[o]?.en.toLowerCase() === v.toLowerCase());
      return byLabel ? { ok: true, value: byLabel } : { ok: false, key: 'field.invalidValue' };
    }
    case 'bool': {
      if (typeof s === 'boolean') return { ok: true, value: s };
      const v = String(s).trim().toLowerCase();
      if (YES.has(v)) return { ok: true, value: true };
      if (NO.has(v)) return { ok: true, value: false };
      return { ok: false, key: 'registry.bool' };
    }
    case 'int':
    case 'number': {
      const n = typeof s === 'number' ? s : Number(String(s).replace(/,/g, ''));
      if (!Number.isFinite(n) || (f.type === 'int' && !Number.isInteger(n))) return { ok: false, key: 'field.invalidType', params: { expected: f.type === 'int' ? '整数' : '数字' } };
      if (f.min !== undefined && n < f.min) return { ok: false, key: 'field.tooSmall', params: { minimum: f.min } };
      if (f.max !== undefined && n > f.max) return { ok: false, key: 'field.tooBig', params: { maximum: f.max } };
      return { ok: true, value: n };
    }
    case 'date': {
      const v = toIsoDate(s);
      return v ? { ok: true, value: v } : { ok: false, key: 'registry.date' };
    }
    case 'creditCode': {
      const v = String(s).toUpperCase().replace(/\s/g, '');
      return isValidCreditCode(v) ? { ok: true, value: v } : { ok: false, key: 'registry.creditCode' };
    }
    case 'idNumber': {
      const v = normalizeIdNumber(String(s));
      return isValidIdNumber(v) ? { ok: true, value: v } : { ok: false, key: 'registry.idNumber' };
    }
    case 'mobile': {
      const v = String(s);
      return isMobile(v) ? { ok: true, value: normalizeMobile(v) } : { ok: false, key: 'registry.mobile' };
    }
    case 'phone': {
      const v = String(s);
      if (isMobile(v)) return { ok: true, value: normalizeMobile(v) };
      return isLandline(v) ? { ok: true, value: v.replace(/\s/g, '') } : { ok: false, key: 'registry.phone' };
    }
    case 'plate': {
      const v = String(s).toUpperCase().replace(/[\s·-]/g, '');
      return PLATE.test(v) ? { ok: true, value: v } : { ok: false, key: 'registry.plate' };
    }
  }
}

export function optionLabel(f: FieldDef, value: string, locale: 'zh-CN' | 'en'): string {
  const l = f.optionLabels?.[value];
  return l ? (locale === 'en' ? l.en : l.zh) : value;
}
