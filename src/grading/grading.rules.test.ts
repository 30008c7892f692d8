import { describe, expect, it } from 'vitest';
import { configProblems, DEFAULT_GRADING, gradeEnterprise, gradeOfScore, type EnterpriseFacts } from './grading.rules.js';

/** A clean bottled-LPG operator: licences valid, one general hazard closed on time. */
const clean: EnterpriseFacts = {
  licences: { required: ['gas_business'], missing: [], expired: [], due: [], certificates: 4, certificatesExpired: 0 },
  hazards: { general: 1, major: 0, dueInWindow: 1, closedOnTime: 1, overdueOpen: 0, overdueMajorOpen: 0 },
  enforcement: { byKind: {} },
  fillings: null,
  alarms: null,
  selfInspection: { months: 12, of: 12 },
  householdInspection: { supplied: 200, inspected: 180 },
};

describe('R9.1 enterprise grading with the documented weights', () => {
  it('scores each dimension and normalises over the applicable 800 points (fillings and alarms have no data)', () => {
    const g = gradeEnterprise(clean);
    expect(g.dimensions.map((d) => [d.key, d.applicable, d.points])).toEqual([
      ['licences', true, 200],
      ['hazards', true, 285], // 150 × (1 − 1/10) + 150 × 1/1
      ['enforcement', true, 100],
      ['fillings', false, 0],
      ['alarms', false, 0],
      ['selfInspection', true, 100],
      ['householdInspection', true, 90],
    ]);
    expect(g.points).toBe(775);
    expect(g.applicableWeight).toBe(800);
    expect(g.score).toBe(969); // 775 ÷ 800 × 1000
    expect(g.grade).toBe('A');
    expect(g.vetoes).toEqual([]);
    expect(g.inspectionIntervalMonths).toBe(12);
    expect(g.dimensions[3]!.reasons[0]).toContain('不计分');
    expect(g.dimensions[1]!.reasons[0]).toContain('一般隐患 1 条');
  });

  it('a veto caps the grade whatever the score: expired licence → D, overdue major hazard → C', () => {
    const expired = gradeEnterprise({ ...clean, licences: { ...clean.licences, expired: ['gas_business'] } });
    expect(expired.scoreGrade).toBe('B'); // 675 ÷ 800 = 844
    expect(expired.score).toBe(844);
    expect(expired.grade).toBe('D');
    expect(expired.vetoes).toEqual([{ key: 'licence_expired', cap: 'D', reason: '证照已过期：gas_business' }]);
    expect(expired.inspectionIntervalMonths).toBe(1);

    const overdueMajor = gradeEnterprise({ ...clean, hazards: { general: 0, major: 1, dueInWindow: 0, closedOnTime: 0, overdueOpen: 1, overdueMajorOpen: 1 } });
    // hazards: 150 × (1 − 5/10) + 150 × 0/1 = 75 → (200 + 75 + 100 + 100 + 90) ÷ 800 = 706 → C, and the veto caps at C.
    expect(overdueMajor.dimensions[1]!.points).toBe(75);
    expect(overdueMajor.score).toBe(706);
    expect(overdueMajor.grade).toBe('C');
    expect(overdueMajor.vetoes.map((v) => v.key)).toEqual(['overdue_major']);
  });

  it('majors weigh five times; enforcement actions take their share; thresholds are configurable', () => {
    const g = gradeEnterprise({ ...clean, hazards: { ...clean.hazards, general: 2, major: 2 }, enforcement: { byKind: { fine: 1, stop_use: 1 } } });
    expect(g.dimensions[1]!.points).toBe(150); // burden 0 (2 + 10 ≥ 10), on time 150
    expect(g.dimensions[2]!.points).toBe(40); // 100 − 30 − 30
    expect(g.score).toBe(Math.round(((200 + 150 + 40 + 100 + 90) / 800) * 1000));
    expect(gradeOfScore(725, DEFAULT_GRADING.thresholds)).toBe('C');
    expect(gradeOfScore(725, { A: 950, B: 700, C: 500 })).toBe('B');
  });

  it('checks configurations: weights total 1,000, thresholds descending', () => {
    expect(configProblems(DEFAULT_GRADING)).toEqual([]);
    expect(configProblems({ ...DEFAULT_GRADING, weights: { ...DEFAULT_GRADING.weights, hazards: 400 }, thresholds: { A: 700, B: 800, C: 600 } })).toEqual(['weights', 'thresholds']);
  });
});
