import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, rank, scoreUnit, weightProblems, type UnitFacts } from './evaluation.rules.js';

const town: UnitFacts = {
  coverage: { inspected: 80, total: 100 },
  rectification: { closed: 9, found: 10 },
  overdue: 3,
  rebounds: 1,
  reports: { due: 4, onTime: 3 },
};

describe('R5.3 unit evaluation with the documented weights', () => {
  it('scores a town line by line: 30×0.8 + 30×0.9 + (15−3) + (10−2) + 15×0.75 = 82.25', () => {
    const s = scoreUnit(town);
    expect(s.lines.map((l) => [l.indicator, l.points])).toEqual([
      ['coverage', 24],
      ['rectification', 27],
      ['overdue', 12],
      ['rebounds', 8],
      ['timeliness', 11.25],
    ]);
    expect(s.points).toBe(82.25);
    expect(s.maxPoints).toBe(100);
    expect(s.score).toBe(82.3);
    expect(s.lines[0]!.explain.zh).toBe('已排查 80/100（80.0%）× 30 分');
    expect(s.lines[2]!.explain.zh).toBe('逾期未整改隐患 3 条，每条扣 1 分（最低 0 分）');
  });

  it('a department has no coverage: the score is normalised over the other 70 points', () => {
    const s = scoreUnit({ ...town, coverage: null });
    expect(s.maxPoints).toBe(70);
    expect(s.points).toBe(58.25);
    expect(s.score).toBe(83.2);
    expect(s.lines[0]).toMatchObject({ indicator: 'coverage', applicable: false, points: 0 });
  });

  it('deductions stop at zero; no hazard found is full rectification marks; no report due is not applicable', () => {
    const s = scoreUnit({ coverage: { inspected: 0, total: 5 }, rectification: { closed: 0, found: 0 }, overdue: 40, rebounds: 9, reports: { due: 0, onTime: 0 } });
    expect(s.lines.map((l) => l.points)).toEqual([0, 30, 0, 0, 0]);
    expect(s.maxPoints).toBe(85);
    expect(s.score).toBe(35.3);
  });

  it('edited weights are used as given and must total 100', () => {
    const w = { ...DEFAULT_WEIGHTS, coverage: 40, timeliness: 5 };
    expect(weightProblems(w)).toEqual([]);
    expect(scoreUnit(town, w).points).toBe(32 + 27 + 12 + 8 + 3.75);
    expect(weightProblems({ ...DEFAULT_WEIGHTS, coverage: 50 })).toEqual(['total']);
  });

  it('ranks with ties sharing a place', () => {
    const r = rank([
      { name: '乙镇', score: 90 },
      { name: '甲镇', score: 95 },
      { name: '丙镇', score: 90 },
      { name: '丁镇', score: 70 },
    ]);
    expect(r.map((u) => [u.name, u.rank])).toEqual([
      ['甲镇', 1],
      ['丙镇', 2],
      ['乙镇', 2],
      ['丁镇', 4],
    ]);
  });
});
