/**
 * Unit evaluation (督导评估, R5.3) as pure functions: a town's or a department's score out of 100
 * from coverage, rectification rate, overdue hazards, rebounds and reporting timeliness, with
 * weights a region edits (stored as data). Each line says what it is worth, what it scored and why.
 *
 * Documented default weights (100 points):
 *   coverage       30 × share of subjects inspected in the period (towns; not applicable to departments)
 *   rectification  30 × share of the period's hazards closed (no hazard found: full marks)
 *   overdue        15 − 1 per hazard open past its deadline (not below 0)
 *   rebounds       10 − 2 per rebound (改后反弹) found in the period (not below 0)
 *   timeliness     15 × share of reports due in the period that were submitted on time (none due: n/a)
 * Indicators that do not apply are left out and the score is normalised over the rest.
 */

export interface EvaluationWeights {
  coverage: number;
  rectification: number;
  overdue: { weight: number; perItem: number };
  rebounds: { weight: number; perItem: number };
  timeliness: number;
}

export const DEFAULT_WEIGHTS: EvaluationWeights = {
  coverage: 30,
  rectification: 30,
  overdue: { weight: 15, perItem: 1 },
  rebounds: { weight: 10, perItem: 2 },
  timeliness: 15,
};

export const INDICATORS = ['coverage', 'rectification', 'overdue', 'rebounds', 'timeliness'] as const;
export type Indicator = (typeof INDICATORS)[number];

export const INDICATOR_LABELS: Record<Indicator, { zh: string; en: string }> = {
  coverage: { zh: '排查覆盖率', en: 'Coverage' },
  rectification: { zh: '整改率', en: 'Rectification rate' },
  overdue: { zh: '逾期未整改', en: 'Overdue hazards' },
  rebounds: { zh: '改后反弹', en: 'Rebounds' },
  timeliness: { zh: '报送及时率', en: 'Reporting timeliness' },
};

export interface UnitFacts {
  /** Subjects inspected / subjects; null where coverage does not apply (departments). */
  coverage: { inspected: number; total: number } | null;
  rectification: { closed: number; found: number };
  overdue: number;
  rebounds: number;
  reports: { due: number; onTime: number };
}

export interface ScoreLine {
  indicator: Indicator;
  weight: number;
  points: number;
  applicable: boolean;
  explain: { zh: string; en: string };
}

export interface UnitScore {
  /** Normalised to 100 over the applicable indicators, one decimal. */
  score: number;
  points: number;
  maxPoints: number;
  lines: ScoreLine[];
}

const weightOf = (w: EvaluationWeights, i: Indicator) => (i === 'overdue' || i === 'rebounds' ? w[i].weight : w[i]);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

export function weightProblems(w: EvaluationWeights): string[] {
  const total = INDICATORS.reduce((s, i) => s + weightOf(w, i), 0);
  const problems: string[] = [];
  if (Math.abs(total - 100) > 1e-6) problems.push('total');
  for (const i of INDICATORS) if (weightOf(w, i) < 0) problems.push(i);
  if (w.overdue.perItem < 0) problems.push('overdue.perItem');
  if (w.rebounds.perItem < 0) problems.push('rebounds.perItem');
  return problems;
}

function line(indicator: Indicator, w: EvaluationWeights, f: UnitFacts): ScoreLine {
  const weight = weightOf(w, indicator);
  switch (indicator) {
    case 'coverage': {
      const c = f.coverage;
      if (!c || c.total === 0) return { indicator, weight, points: 0, applicable: false, explain: { zh: '不适用（无排查对象）', en: 'Not applicable (no subjects)' } };
      const r = Math.min(1, c.inspected / c.total);
      return { indicator, weight, points: round2(weight * r), applicable: true, explain: { zh: `已排查 ${c.inspected}/${c.total}（${pct(r)}）× ${weight} 分`, en: `${c.inspected}/${c.total} inspected (${pct(r)}) × ${weight}` } };
    }
    case 'rectification': {
      const { closed, found } = f.rectification;
      if (found === 0) return { indicator, weight, points: weight, applicable: true, explain: { zh: '期间内未发现隐患，得满分', en: 'No hazard found in the period: full marks' } };
      const r = closed / found;
      return { indicator, weight, points: round2(weight * r), applicable: true, explain: { zh: `已销号 ${closed}/${found}（${pct(r)}）× ${weight} 分`, en: `${closed}/${found} closed (${pct(r)}) × ${weight}` } };
    }
    case 'overdue':
    case 'rebounds': {
      const n = f[indicator];
      const per = w[indicator].perItem;
      const points = round2(Math.max(0, weight - per * n));
      const what = indicator === 'overdue' ? { zh: '逾期未整改隐患', en: 'overdue hazards' } : { zh: '改后反弹隐患', en: 'rebounds' };
      return { indicator, weight, points, applicable: true, explain: { zh: `${what.zh} ${n} 条，每条扣 ${per} 分（最低 0 分）`, en: `${n} ${what.en}, −${per} each (not below 0)` } };
    }
    case 'timeliness': {
      const { due, onTime } = f.reports;
      if (due === 0) return { indicator, weight, points: 0, applicable: false, explain: { zh: '不适用（期间内无应报进展）', en: 'Not applicable (no report due in the period)' } };
      const r = onTime / due;
      return { indicator, weight, points: round2(weight * r), applicable: true, explain: { zh: `按时报送 ${onTime}/${due}（${pct(r)}）× ${weight} 分`, en: `${onTime}/${due} on time (${pct(r)}) × ${weight}` } };
    }
  }
}

/** A unit's score: the points of each applicable indicator, normalised to 100. */
export function scoreUnit(f: UnitFacts, w: EvaluationWeights = DEFAULT_WEIGHTS): UnitScore {
  const lines = INDICATORS.map((i) => line(i, w, f));
  const applicable = lines.filter((l) => l.applicable);
  const points = round2(applicable.reduce((s, l) => s + l.points, 0));
  const maxPoints = applicable.reduce((s, l) => s + l.weight, 0);
  return { score: maxPoints > 0 ? round1((points / maxPoints) * 100) : 0, points, maxPoints, lines };
}

/** Competition ranking by score (1, 2, 2, 4), ties in name order. */
export function rank<T extends { name: string; score: number }>(units: T[]): (T & { rank: number })[] {
  const sorted = [...units].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'));
  return sorted.map((u, i) => ({ ...u, rank: i > 0 && sorted[i - 1]!.score === u.score ? sorted.findIndex((x) => x.score === u.score) + 1 : i + 1 }));
}
