/**
 * Pure rules of the checklist library (R3.1, R3.5): judging an answer, deciding which hazards a
 * failure creates (incl. Art. 9 of 建城规〔2023〕4号), and validating the library data. No I/O.
 */
import { HAZARD_CATEGORIES, TASK_KINDS } from '../departments/taxonomy.js';
import {
  ENTERPRISE_KINDS,
  FACILITY_KINDS,
  GAS_SOURCES,
  HARDSHIP,
  PIPE_MATERIALS,
  PRESSURE_CLASSES,
  VEHICLE_KINDS,
  VENUE_KINDS,
} from '../registry/dictionaries.js';
import { MEASURES, type ChecklistItemDef, type MeasuredRule, type SubjectType } from './checklist.types.js';
import { CHECKLIST_LIBRARY } from './library/index.js';
import { isLimitKey } from './library/limits.js';

// ── Judging answers ──────────────────────────────────────────────────────────────────────────

export type ItemResult = 'pass' | 'fail' | 'na';

/**
 * An inspector's answer. Plain items: a result. Measured items: the measured value (and the yes/no
 * facts asked alongside, e.g. { hasCylinderRoom: true }); a result may accompany it but must agree.
 * A measured item that does not apply is answered { result: 'na' } without a value.
 */
export type Answer =
  | { result: ItemResult; value?: undefined; flags?: undefined }
  | { value: number; flags?: Record<string, boolean>; result?: ItemResult };

export interface Judgement {
  result: ItemResult;
  /** Why, in the users' words (Chinese), for measured items and excused failures. */
  reason?: string;
}

export type JudgeErrorCode =
  | 'measurement_required' // measured item answered pass/fail without a value
  | 'not_a_measured_item' // a value given for an item that is not measured
  | 'invalid_value' // NaN, infinite or negative
  | 'unknown_flag' // a flag the item does not ask
  | 'contradicts_measurement'; // explicit result disagrees with what the value decides

export interface JudgeError {
  error: JudgeErrorCode;
  message: string;
}

export function isJudgeError(x: Judgement | JudgeError): x is JudgeError {
  return 'error' in x;
}

const UNIT_ZH: Record<MeasuredRule['unit'], string> = {
  m: 'm',
  kg: 'kg',
  mm: 'mm',
  year: '年',
  month: '个月',
  '%LEL': '%LEL',
  ppm: 'ppm',
  kPa: 'kPa',
  count: '个',
};

/** Does the measured value break the rule (before any excusing flag)? Exhaustive over `failWhen`. */
export function violates(rule: MeasuredRule, value: number): boolean {
  switch (rule.failWhen) {
    case '>':
      return value > rule.limit;
    case '>=':
      return value >= rule.limit;
    case '<':
      return value < rule.limit;
    case '<=':
      return value <= rule.limit;
    case 'outside':
      return value < rule.limit || value > (rule.upper ?? Number.POSITIVE_INFINITY);
    default: {
      const never: never = rule.failWhen;
      throw new Error(`unknown failWhen ${String(never)}`);
    }
  }
}

function describe(rule: MeasuredRule, value: number, failed: boolean): string {
  const u = UNIT_ZH[rule.unit];
  const v = `实测 ${value}${u}`;
  if (rule.failWhen === 'outside') {
    const band = `${rule.limit}～${rule.upper ?? '∞'}${u}`;
    return failed ? `${v}，不在允许范围 ${band} 内` : `${v}，在允许范围 ${band} 内`;
  }
  const words: Record<Exclude<MeasuredRule['failWhen'], 'outside'>, [string, string]> = {
    '>': ['超过', '未超过'],
    '>=': ['达到或超过', '低于'],
    '<': ['低于', '不低于'],
    '<=': ['不高于', '高于'],
  };
  const [bad, ok] = words[rule.failWhen];
  return `${v}，${failed ? bad : ok}限值 ${rule.limit}${u}`;
}

/**
 * Judge one answer against its item. For measured items the value decides; an explicit result
 * that disagrees is an error (the record would otherwise contradict itself).
 */
export function judgeAnswer(item: ChecklistItemDef, answer: Answer): Judgement | JudgeError {
  const rule = item.measured;
  if (answer.value === undefined) {
    const result = answer.result;
    if (rule && result !== 'na') {
      return { error: 'measurement_required', message: `${item.code} 为测量项，请填写实测值（${UNIT_ZH[rule.unit]}）` };
    }
    return { result };
  }

  if (!rule) return { error: 'not_a_measured_item', message: `${item.code} 不是测量项，请直接选择合格/不合格/不适用` };
  const { value } = answer;
  if (!Number.isFinite(value) || value < 0) {
    return { error: 'invalid_value', message: `${item.code} 的实测值无效：${String(value)}` };
  }
  const flags = answer.flags ?? {};
  for (const key of Object.keys(flags)) {
    if (key !== rule.unlessFlag?.key) return { error: 'unknown_flag', message: `${item.code} 没有名为 ${key} 的附加问题` };
  }

  const broken = violates(rule, value);
  let judged: Judgement;
  if (broken && rule.unlessFlag && flags[rule.unlessFlag.key] === true) {
    judged = { result: 'pass', reason: `${describe(rule, value, true)}，但${rule.unlessFlag.label.zh}` };
  } else {
    judged = { result: broken ? 'fail' : 'pass', reason: describe(rule, value, broken) };
  }

  if (answer.result !== undefined && answer.result !== judged.result) {
    return {
      error: 'contradicts_measurement',
      message: `${item.code}：所选结果「${answer.result}」与实测值判定「${judged.result}」不一致（${judged.reason ?? ''}）`,
    };
  }
  return judged;
}

// ── Severity (R3.5, Art. 9) ──────────────────────────────────────────────────────────────────

/** Subject types that are gas users in the sense of Art. 9 (the operator inspects them). */
export const USER_SUBJECT_TYPES: readonly SubjectType[] = ['household', 'venue'];

export interface SeverityContext {
  subjectType: SubjectType;
  /** The supplying operator has issued a written notice (书面告知) to rectify this finding. */
  operatorNoticeIssued: boolean;
}

/** One hazard a failed item creates. */
export interface HazardSeverity {
  /** `subject`: the inspected subject itself; `operator`: the gas operator supplying that user. */
  against: 'subject' | 'operator';
  severity: 'major' | 'general';
  reason: string;
  /** For hazards against the operator: the MHS item it is recorded under, e.g. "MHS-9.1". */
  itemCode?: string;
}

/**
 * The hazards a failure of `item` creates. Art. 9 (reference/major-hazard-standard.md): a 9.x
 * situation found at a user is always a hazard of the user — general, unless the item says
 * otherwise — and, only when the supplying operator has issued no written notice, also a major
 * hazard of that operator under MHS-9.x. Once the notice is issued it no longer counts against the
 * operator. Findings of 9.x items at non-users (should not happen; validateLibrary forbids it) give
 * the subject's hazard only.
 */
export function severityOf(item: ChecklistItemDef, context: SeverityContext): HazardSeverity[] {
  const rule = item.severity;
  switch (rule.kind) {
    case 'fixed':
      return [
        {
          against: 'subject',
          severity: rule.severity,
          reason: item.standardArticle
            ? `城镇燃气经营安全重大隐患判定标准 第${item.standardArticle.id}条（${item.basis}）`
            : `${rule.severity === 'major' ? '重大隐患' : '一般隐患'}（${item.basis}）`,
        },
      ];
    case 'operator_if_no_notice': {
      const subjectSeverity = rule.subjectSeverity ?? 'general';
      const own: HazardSeverity = {
        against: 'subject',
        severity: subjectSeverity,
        reason: `用户${subjectSeverity === 'major' ? '重大' : '一般'}隐患，须限期整改（${item.basis}）`,
      };
      if (!USER_SUBJECT_TYPES.includes(context.subjectType) || context.operatorNoticeIssued) return [own];
      return [
        own,
        {
          against: 'operator',
          severity: 'major',
          reason: `建城规〔2023〕4号 第9条第${rule.article.split('.')[1] ?? rule.article}项：燃气经营者在用户检查中发现该情形，未书面告知用户整改`,
          itemCode: `MHS-${rule.article}`,
        },
      ];
    }
    default: {
      const never: never = rule;
      throw new Error(`unknown severity rule ${JSON.stringify(never)}`);
    }
  }
}

// ── Library validation ───────────────────────────────────────────────────────────────────────

export type LibraryProblemKind =
  | 'duplicate_code'
  | 'bad_code'
  | 'missing_text'
  | 'unknown_category'
  | 'unknown_task_kind'
  | 'unknown_measure'
  | 'no_applies_to'
  | 'unknown_subject'
  | 'unknown_kind'
  | 'unknown_where_key'
  | 'unknown_where_value'
  | 'missing_basis'
  | 'bad_measured'
  | 'bad_severity'
  | 'bad_standard_article'
  | 'unknown_related_code';

export interface LibraryProblem {
  code: string;
  kind: LibraryProblemKind;
  message: string;
}

/**
 * Upper-case codes with a list prefix (LOC- for a region's own items); MHS codes are the article id
 * ("MHS-4.1", "MHS-6.x", "MHS-8").
 */
const CODE_PATTERN = /^(?:(?:RST|HH|ENT|FIL|PIPE|TRN|AGY|DLV|LOC)-[A-Z0-9]+(?:-[A-Z0-9]+)*|MHS-\d+(?:\.(?:\d+|x))?)$/;
const SUBJECTS: readonly SubjectType[] = ['venue', 'household', 'enterprise', 'facility', 'vehicle'];
const UNITS: readonly MeasuredRule['unit'][] = ['m', 'kg', 'mm', 'year', 'month', '%LEL', 'ppm', 'kPa', 'count'];
const FAIL_WHEN: readonly MeasuredRule['failWhen'][] = ['>', '>=', '<', '<=', 'outside'];
const ART9 = ['9.1', '9.2', '9.3', '9.4'];
const BOOL = [true, false];
const keys = (d: Record<string, unknown>) => Object.keys(d);

/** Registry kinds per subject type (households have none). */
const KINDS_BY_SUBJECT: Record<SubjectType, readonly string[]> = {
  venue: keys(VENUE_KINDS),
  household: [],
  enterprise: keys(ENTERPRISE_KINDS),
  facility: keys(FACILITY_KINDS),
  vehicle: keys(VEHICLE_KINDS),
};

/** Registry attributes a `where` may test, with their allowed values (registry/kinds.ts fields). */
const WHERE_KEYS: Record<SubjectType, Record<string, readonly (string | boolean)[]>> = {
  venue: { gasSource: keys(GAS_SOURCES), crowded: BOOL, basementUse: BOOL, nineSmall: BOOL },
  household: { gasSource: keys(GAS_SOURCES), oldCommunity: BOOL, highRise100m: BOOL, hardship: keys(HARDSHIP) },
  enterprise: {},
  facility: { pressureClass: keys(PRESSURE_CLASSES), material: keys(PIPE_MATERIALS), occupied: BOOL, crossesEnclosedSpace: BOOL },
  vehicle: { registered: BOOL },
};

function checkMeasured(m: MeasuredRule): string | null {
  if (!UNITS.includes(m.unit)) return `unknown unit ${String(m.unit)}`;
  if (!FAIL_WHEN.includes(m.failWhen)) return `unknown failWhen ${String(m.failWhen)}`;
  if (typeof m.limit !== 'number' || !Number.isFinite(m.limit)) return 'measured item without a finite limit';
  if (m.failWhen === 'outside') {
    if (typeof m.upper !== 'number' || !Number.isFinite(m.upper)) return "failWhen 'outside' needs a finite upper";
    if (m.upper <= m.limit) return 'upper must be above limit';
  } else if (m.upper !== undefined) {
    return "upper is only for failWhen 'outside'";
  }
  if (m.unlessFlag && (!m.unlessFlag.key || !m.unlessFlag.label.zh)) return 'unlessFlag needs a key and a label';
  if (m.limitKey !== undefined && !isLimitKey(m.limitKey)) return `unknown limitKey ${m.limitKey}`;
  if (m.upperKey !== undefined && !isLimitKey(m.upperKey)) return `unknown upperKey ${m.upperKey}`;
  return null;
}

export interface ValidateOptions {
  /**
   * Codes that exist outside `items` and may be referenced (Art. 9 → MHS-9.x, `relatedCodes`).
   * Default: the shipped library's codes, so one edited or local item can be validated alone.
   * Pass `[]` to validate `items` as a closed set.
   */
  knownCodes?: readonly string[];
}

/**
 * Problems of a library or of items an admin edits or adds: an empty list means they may be seeded.
 * Checks codes, vocabulary (categories, task kinds, measures, subject kinds, where keys/values),
 * measured rules, severity rules (Art. 9 items must point at an existing MHS-9.x item and apply only
 * to users), the standard-article marks of MHS items, and related codes.
 */
export function validateLibrary(items: readonly ChecklistItemDef[], options: ValidateOptions = {}): LibraryProblem[] {
  const problems: LibraryProblem[] = [];
  const add = (code: string, kind: LibraryProblemKind, message: string) => problems.push({ code, kind, message });
  const codes = new Set<string>();
  const known = options.knownCodes ?? CHECKLIST_LIBRARY.map((i) => i.code);
  const allCodes = new Set([...items.map((i) => i.code), ...known]);

  for (const item of items) {
    const c = item.code;
    if (codes.has(c)) add(c, 'duplicate_code', `duplicate code ${c}`);
    codes.add(c);
    if (!CODE_PATTERN.test(c)) add(c, 'bad_code', `code ${c} does not match ${CODE_PATTERN.source}`);
    if (!item.text?.zh?.trim() || !item.text?.en?.trim()) add(c, 'missing_text', 'text needs zh and en');
    if (!(HAZARD_CATEGORIES as readonly string[]).includes(item.category)) add(c, 'unknown_category', `unknown category ${String(item.category)}`);
    if (!(TASK_KINDS as readonly string[]).includes(item.taskKind)) add(c, 'unknown_task_kind', `unknown task kind ${String(item.taskKind)}`);
    if (!(MEASURES as readonly string[]).includes(item.measure)) add(c, 'unknown_measure', `unknown measure ${String(item.measure)}`);
    if (!item.basis?.trim()) add(c, 'missing_basis', 'basis is empty');

    if (!item.appliesTo?.length) add(c, 'no_applies_to', 'appliesTo is empty');
    for (const entry of item.appliesTo ?? []) {
      if (!SUBJECTS.includes(entry.subject)) {
        add(c, 'unknown_subject', `unknown subject ${String(entry.subject)}`);
        continue;
      }
      const known = KINDS_BY_SUBJECT[entry.subject];
      if (entry.kinds !== undefined) {
        if (entry.kinds.length === 0) add(c, 'unknown_kind', `${entry.subject}: empty kinds (omit for all kinds)`);
        for (const k of entry.kinds) if (!known.includes(k)) add(c, 'unknown_kind', `${entry.subject}: unknown kind ${k}`);
      }
      for (const [key, values] of Object.entries(entry.where ?? {})) {
        const allowed = WHERE_KEYS[entry.subject][key];
        if (!allowed) {
          add(c, 'unknown_where_key', `${entry.subject}: unknown where key ${key}`);
          continue;
        }
        if (values.length === 0) add(c, 'unknown_where_value', `${entry.subject}.${key}: empty value list`);
        for (const v of values) if (!allowed.includes(v)) add(c, 'unknown_where_value', `${entry.subject}.${key}: unknown value ${String(v)}`);
      }
    }

    if (item.measured) {
      const bad = checkMeasured(item.measured);
      if (bad) add(c, 'bad_measured', bad);
    }

    const sev = item.severity;
    if (sev?.kind === 'fixed') {
      if (sev.severity !== 'major' && sev.severity !== 'general') add(c, 'bad_severity', `unknown severity ${String(sev.severity)}`);
    } else if (sev?.kind === 'operator_if_no_notice') {
      if (!ART9.includes(sev.article)) add(c, 'bad_severity', `Art. 9 rule with article ${sev.article} (expected 9.1–9.4)`);
      else if (!allCodes.has(`MHS-${sev.article}`)) add(c, 'bad_severity', `Art. 9 rule points at missing item MHS-${sev.article}`);
      const nonUser = (item.appliesTo ?? []).filter((e) => !USER_SUBJECT_TYPES.includes(e.subject));
      if (nonUser.length) add(c, 'bad_severity', 'Art. 9 rule on an item that applies to non-users');
    } else {
      add(c, 'bad_severity', 'missing or unknown severity rule');
    }

    const isMhs = c.startsWith('MHS-');
    if (isMhs) {
      const art = item.standardArticle;
      if (!art) add(c, 'bad_standard_article', 'MHS item without standardArticle');
      else {
        if (`MHS-${art.id}` !== c) add(c, 'bad_standard_article', `article ${art.id} does not match code`);
        if (art.status !== 'confirmed' && art.status !== 'to confirm') add(c, 'bad_standard_article', `unknown status ${String(art.status)}`);
      }
      if (sev?.kind !== 'fixed' || sev.severity !== 'major') add(c, 'bad_severity', 'items of the national standard are fixed major');
      if ((item.appliesTo ?? []).some((e) => e.subject !== 'enterprise' && e.subject !== 'facility')) {
        add(c, 'bad_standard_article', 'the national standard judges gas operators only (enterprise or facility subjects)');
      }
    } else if (item.standardArticle) {
      add(c, 'bad_standard_article', 'standardArticle on a non-MHS item');
    }

    for (const r of item.relatedCodes ?? []) {
      if (!allCodes.has(r)) add(c, 'unknown_related_code', `related code ${r} is not in the library`);
    }
  }
  return problems;
}
