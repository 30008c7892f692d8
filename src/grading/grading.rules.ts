/**
 * Enterprise safety grading (分级分类, R9.1; reference/grading.md) as one pure function:
 *  - veto items cap the grade: a required licence missing or expired; an open 重大隐患 past its deadline;
 *  - a 1,000-point score from weighted dimensions; a dimension without data (no such records in this
 *    deployment, e.g. cylinder fillings before that module exists) is not applicable and the score is
 *    normalised: points ÷ (1,000 − inapplicable weight) × 1,000 (the safety-standardisation formula);
 *  - thresholds, weights, caps and the inspection interval of each grade are configuration;
 *  - every dimension says which facts moved it.
 */

export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const DIMENSIONS = ['licences', 'hazards', 'enforcement', 'fillings', 'alarms', 'selfInspection', 'householdInspection'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const VETOES = ['licence_missing', 'licence_expired', 'overdue_major'] as const;
export type Veto = (typeof VETOES)[number];

export interface GradingConfig {
  /** Points of each dimension; they total 1,000. */
  weights: Record<Dimension, number>;
  /** Lowest normalised score of A, B and C; below C is D (< 600 fails, as in the standardisation scoring). */
  thresholds: { A: number; B: number; C: number };
  /** The best grade an enterprise can have while a veto item holds. */
  vetoCaps: Record<Veto, Grade>;
  /** A major hazard weighs as this many general ones. */
  majorWeight: number;
  /** Months between routine inspections by grade (recurring plans read this). */
  inspectionIntervalMonths: Record<Grade, number>;
  /** How far back facts are counted. */
  lookbackMonths: number;
}

export const DEFAULT_GRADING: GradingConfig = {
  weights: { licences: 200, hazards: 300, enforcement: 100, fillings: 100, alarms: 100, selfInspection: 100, householdInspection: 100 },
  thresholds: { A: 900, B: 750, C: 600 },
  vetoCaps: { licence_missing: 'D', licence_expired: 'D', overdue_major: 'C' },
  majorWeight: 5,
  inspectionIntervalMonths: { A: 12, B: 6, C: 3, D: 1 },
  lookbackMonths: 12,
};

export const DIMENSION_LABELS: Record<Dimension, string> = {
  licences: '证照与持证上岗',
  hazards: '隐患发现与按期整改',
  enforcement: '执法处罚记录',
  fillings: '充装拒充记录',
  alarms: '报警处置时效',
  selfInspection: '自查自改',
  householdInspection: '入户安检覆盖',
};

/** What is known of an enterprise; null: the dimension has no data here (not applicable). */
export interface EnterpriseFacts {
  licences: { required: string[]; missing: string[]; expired: string[]; due: string[]; certificates: number; certificatesExpired: number };
  hazards: { general: number; major: number; dueInWindow: number; closedOnTime: number; overdueOpen: number; overdueMajorOpen: number };
  enforcement: { byKind: Record<string, number> } | null;
  fillings: { total: number; denied: number } | null;
  alarms: { count: number; meanResponseMinutes: number } | null;
  selfInspection: { months: number; of: number } | null;
  householdInspection: { supplied: number; inspected: number } | null;
}

export interface DimensionResult {
  key: Dimension;
  label: string;
  weight: number;
  applicable: boolean;
  points: number;
  /** The facts that moved the score, one sentence each. */
  reasons: string[];
}

export interface GradeResult {
  grade: Grade;
  /** The grade the score alone gives, before vetoes. */
  scoreGrade: Grade;
  /** Normalised, out of 1,000. */
  score: number;
  points: number;
  applicableWeight: number;
  vetoes: { key: Veto; cap: Grade; reason: string }[];
  dimensions: DimensionResult[];
  inspectionIntervalMonths: number;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, w: number) => Math.max(0, Math.min(w, x));
const worse = (a: Grade, b: Grade): Grade => (GRADES.indexOf(a) >= GRADES.indexOf(b) ? a : b);

/** Enforcement kinds by how much of the dimension one action takes away. */
export const ENFORCEMENT_SEVERITY: Record<string, number> = {
  licence_revocation: 1,
  referral_police: 1,
  seizure: 0.3,
  stop_use: 0.3,
  fine: 0.3,
  referral_market: 0.1,
  supply_suspension: 0.1,
  supply_restoration: 0,
};

function dimension(key: Dimension, w: number, f: EnterpriseFacts, c: GradingConfig): DimensionResult {
  const base = { key, label: DIMENSION_LABELS[key], weight: w };
  const na = (why: string): DimensionResult => ({ ...base, applicable: false, points: 0, reasons: [why] });
  switch (key) {
    case 'licences': {
      const l = f.licences;
      const reasons: string[] = [];
      let lost = 0;
      if (l.missing.length) (lost += 0.5 * w * l.missing.length), reasons.push(`缺少必需证照 ${l.missing.join('、')}，每项扣 ${r1(0.5 * w)} 分`);
      if (l.expired.length) (lost += 0.5 * w * l.expired.length), reasons.push(`证照已过期 ${l.expired.join('、')}，每项扣 ${r1(0.5 * w)} 分`);
      if (l.due.length) (lost += 0.1 * w * l.due.length), reasons.push(`证照 90 天内到期未延续 ${l.due.join('、')}，每项扣 ${r1(0.1 * w)} 分`);
      if (l.certificatesExpired) {
        const cut = Math.min(0.3 * w, 0.05 * w * l.certificatesExpired);
        lost += cut;
        reasons.push(`人员证书过期 ${l.certificatesExpired}/${l.certificates} 本，扣 ${r1(cut)} 分（最多扣 ${r1(0.3 * w)} 分）`);
      }
      if (!reasons.length) reasons.push(`必需证照 ${l.required.length} 项齐全有效，人员证书 ${l.certificates} 本均有效`);
      return { ...base, applicable: true, points: r1(clamp(w - lost, w)), reasons };
    }
    case 'hazards': {
      const h = f.hazards;
      const weighted = h.general + c.majorWeight * h.major;
      const burden = (w / 2) * Math.max(0, 1 - weighted / 10);
      const due = h.dueInWindow + h.overdueOpen;
      const onTime = due === 0 ? w / 2 : (w / 2) * (h.closedOnTime / due);
      const reasons = [
        `近 ${c.lookbackMonths} 个月发现一般隐患 ${h.general} 条、重大隐患 ${h.major} 条（重大按 ${c.majorWeight} 条计，合计 ${weighted}，满 10 条扣完 ${r1(w / 2)} 分），得 ${r1(burden)} 分`,
        due === 0 ? `期间无到期应整改隐患，得 ${r1(w / 2)} 分` : `到期应整改 ${due} 条，按期整改 ${h.closedOnTime} 条，得 ${r1(onTime)} 分`,
      ];
      if (h.overdueOpen) reasons.push(`仍有 ${h.overdueOpen} 条逾期未整改`);
      return { ...base, applicable: true, points: r1(burden + onTime), reasons };
    }
    case 'enforcement': {
      if (!f.enforcement) return na('本平台暂无执法记录数据，不计分');
      const entries = Object.entries(f.enforcement.byKind).filter(([, n]) => n > 0);
      const lost = entries.reduce((s, [k, n]) => s + (ENFORCEMENT_SEVERITY[k] ?? 0.1) * w * n, 0);
      const reasons = entries.length ? entries.map(([k, n]) => `执法记录 ${k} ${n} 次，每次扣 ${r1((ENFORCEMENT_SEVERITY[k] ?? 0.1) * w)} 分`) : [`近 ${c.lookbackMonths} 个月无执法处罚记录`];
      return { ...base, applicable: true, points: r1(clamp(w - lost, w)), reasons };
    }
    case 'fillings': {
      if (!f.fillings || f.fillings.total === 0) return na('无充装数据（非充装单位或气瓶追溯模块未接入），不计分');
      const rate = f.fillings.denied / f.fillings.total;
      return { ...base, applicable: true, points: r1(clamp(w * (1 - rate * 5), w)), reasons: [`扫码充装 ${f.fillings.total} 次，拒充 ${f.fillings.denied} 次（${r1(rate * 100)}%，每 1% 扣 ${r1(w / 20)} 分）`] };
    }
    case 'alarms': {
      if (!f.alarms || f.alarms.count === 0) return na('无报警数据（监测模块未接入或期间无报警），不计分');
      const m = f.alarms.meanResponseMinutes;
      return { ...base, applicable: true, points: r1(clamp(w * (1 - Math.max(0, m - 15) / 45), w)), reasons: [`报警 ${f.alarms.count} 次，平均响应 ${r1(m)} 分钟（15 分钟内满分，60 分钟及以上 0 分）`] };
    }
    case 'selfInspection': {
      if (!f.selfInspection) return na('不适用');
      const s = f.selfInspection;
      return { ...base, applicable: true, points: r1(w * Math.min(1, s.months / s.of)), reasons: [`近 ${s.of} 个月中有 ${s.months} 个月开展了自查`] };
    }
    case 'householdInspection': {
      if (!f.householdInspection || f.householdInspection.supplied === 0) return na('无供气居民用户，不计分');
      const h = f.householdInspection;
      return { ...base, applicable: true, points: r1(w * Math.min(1, h.inspected / h.supplied)), reasons: [`供气居民用户 ${h.supplied} 户，期间入户安检 ${h.inspected} 户`] };
    }
  }
}

export function gradeOfScore(score: number, t: GradingConfig['thresholds']): Grade {
  return score >= t.A ? 'A' : score >= t.B ? 'B' : score >= t.C ? 'C' : 'D';
}

/** Grade an enterprise from its facts under a configuration. */
export function gradeEnterprise(f: EnterpriseFacts, c: GradingConfig = DEFAULT_GRADING): GradeResult {
  const dimensions = DIMENSIONS.map((k) => dimension(k, c.weights[k], f, c));
  const applicable = dimensions.filter((d) => d.applicable);
  const points = r1(applicable.reduce((s, d) => s + d.points, 0));
  const applicableWeight = applicable.reduce((s, d) => s + d.weight, 0);
  const score = applicableWeight > 0 ? Math.round((points / applicableWeight) * 1000) : 0;
  const vetoes: GradeResult['vetoes'] = [];
  if (f.licences.missing.length) vetoes.push({ key: 'licence_missing', cap: c.vetoCaps.licence_missing, reason: `缺少必需证照：${f.licences.missing.join('、')}` });
  if (f.licences.expired.length) vetoes.push({ key: 'licence_expired', cap: c.vetoCaps.licence_expired, reason: `证照已过期：${f.licences.expired.join('、')}` });
  if (f.hazards.overdueMajorOpen) vetoes.push({ key: 'overdue_major', cap: c.vetoCaps.overdue_major, reason: `重大隐患 ${f.hazards.overdueMajorOpen} 条逾期未整改` });
  const scoreGrade = gradeOfScore(score, c.thresholds);
  const grade = vetoes.reduce<Grade>((g, v) => worse(g, v.cap), scoreGrade);
  return { grade, scoreGrade, score, points, applicableWeight, vetoes, dimensions, inspectionIntervalMonths: c.inspectionIntervalMonths[grade] };
}

/** What is wrong with a configuration (paths of the bad fields). */
export function configProblems(c: GradingConfig): string[] {
  const p: string[] = [];
  const total = DIMENSIONS.reduce((s, d) => s + c.weights[d], 0);
  if (Math.abs(total - 1000) > 1e-6) p.push('weights');
  for (const d of DIMENSIONS) if (c.weights[d] < 0) p.push(`weights.${d}`);
  if (!(c.thresholds.A > c.thresholds.B && c.thresholds.B > c.thresholds.C && c.thresholds.C >= 0 && c.thresholds.A <= 1000)) p.push('thresholds');
  for (const g of GRADES) if (!(c.inspectionIntervalMonths[g] >= 1)) p.push(`inspectionIntervalMonths.${g}`);
  if (c.majorWeight < 1) p.push('majorWeight');
  if (c.lookbackMonths < 1 || c.lookbackMonths > 60) p.push('lookbackMonths');
  return p;
}
