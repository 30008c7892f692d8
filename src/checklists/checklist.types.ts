/**
 * The checklist library's vocabulary (R3.1): what an item is, whom it applies to, how its result
 * is judged and how severe a failure is. The library itself is data (library/*.ts) seeded into the
 * database, where admins can correct wording and add local items; records keep the version used.
 */
import type { HazardCategory, TaskKind } from '../departments/taxonomy.js';

export type Label = { zh: string; en: string };

/** Who is inspected. Kinds are the registry's dictionaries (venue kinds, enterprise kinds, …). */
export type SubjectType = 'venue' | 'household' | 'enterprise' | 'facility' | 'vehicle';

export interface AppliesTo {
  subject: SubjectType;
  /** Registry kinds of that subject type; absent = all kinds. */
  kinds?: string[];
  /** Extra condition on the subject, e.g. only LPG users: { gasSource: ['bottled_lpg'] }. */
  where?: Record<string, (string | boolean)[]>;
}

/** The enforcement measure a failure calls for (R3.1). */
export const MEASURES = ['rectify_within_deadline', 'stop_use', 'seize', 'refer_market_supervision', 'refer_police'] as const;
export type Measure = (typeof MEASURES)[number];

export const MEASURE_LABELS: Record<Measure, Label> = {
  rectify_within_deadline: { zh: '责令限期改正', en: 'Order to rectify within a deadline' },
  stop_use: { zh: '责令停止使用', en: 'Order to stop use' },
  seize: { zh: '查封扣押', en: 'Seal up / seize' },
  refer_market_supervision: { zh: '移送市场监管溯源', en: 'Refer to market supervision for source tracing' },
  refer_police: { zh: '移送公安', en: 'Refer to the police' },
};

/**
 * A measured item: the inspector enters a value, the rule decides pass/fail. `failWhen` compares
 * the value with `limit`; `unlessFlag` names a yes/no fact asked alongside that excuses it
 * (e.g. total cylinder weight > 100 kg fails unless there is a dedicated cylinder room).
 */
export interface MeasuredRule {
  unit: 'm' | 'kg' | 'mm' | 'year' | 'month' | '%LEL' | 'ppm' | 'kPa' | 'count';
  /** `outside`: fails when the value is below `limit` or above `upper` (a permitted band, e.g. 0.5–1.0 m). */
  failWhen: '>' | '>=' | '<' | '<=' | 'outside';
  limit: number;
  /** Upper end of the permitted band; only (and always) with `failWhen: 'outside'`. */
  upper?: number;
  unlessFlag?: { key: string; label: Label };
  /** What the inspector measures and enters, e.g. 连接软管长度 (the item text states the violation). */
  quantity?: Label;
  /**
   * The deployment setting (library/limits.ts `DEFAULT_LIMITS`) the limit / upper end comes from,
   * so a deployment can change a default (e.g. regulator life 5 → 3 years) without editing items.
   */
  limitKey?: string;
  upperKey?: string;
}

/**
 * Severity (R3.1, R3.5): `major` (重大隐患) or `general` (一般隐患). Items of the national
 * standard are major for the gas operator. `operator_if_no_notice` is Art. 9: a finding at a user is
 * a general hazard of the user, and also a major hazard of the supplying operator unless the
 * operator has issued a written notice (书面告知) to the user.
 */
export type SeverityRule =
  | { kind: 'fixed'; severity: 'major' | 'general' }
  | {
      kind: 'operator_if_no_notice';
      /** Article of the national standard, '9.1' … '9.4'; the operator's item is `MHS-<article>`. */
      article: string;
      /** Severity of the user's own hazard; absent = general (Art. 9 makes only the operator's hazard major). */
      subjectSeverity?: 'major' | 'general';
    };

export interface ChecklistItemDef {
  /** Stable code, unique in the library, e.g. "RST-HOSE-LENGTH" or "MHS-9.1". */
  code: string;
  text: Label;
  category: HazardCategory;
  appliesTo: AppliesTo[];
  severity: SeverityRule;
  /** Where the rule comes from: seed paragraph ("000 二（四）2") or standard article. */
  basis: string;
  /** Field of work for the responsibility matrix (with `category` it selects the lead department). */
  taskKind: TaskKind;
  measure: Measure;
  measured?: MeasuredRule;
  /** For items of the national major-hazard standard: its article and confirmation status. */
  standardArticle?: { id: string; status: 'confirmed' | 'to confirm' };
  /**
   * Codes of items this one is drawn from or linked to (e.g. a 随瓶安检 item → the restaurant and
   * household items it repeats). Informational; the Art. 9 link to the operator is in `severity`.
   */
  relatedCodes?: string[];
}
