import { describe, expect, it } from 'vitest';
import { addMonths, planWindows, proposeJointVisits } from './plans.rules.js';

describe('R3.6 plan windows', () => {
  it('a campaign plan is one window over its dates', () => {
    expect(planWindows('campaign', '2026-09-01', '2026-12-31', null)).toEqual([{ from: '2026-09-01', to: '2026-12-31' }]);
  });
  it('a monthly patrol has one window a month, the last cut at the end', () => {
    expect(planWindows('recurring', '2026-01-15', '2026-04-10', 1)).toEqual([
      { from: '2026-01-15', to: '2026-02-14' },
      { from: '2026-02-15', to: '2026-03-14' },
      { from: '2026-03-15', to: '2026-04-10' },
    ]);
  });
  it('household inspection every 24 months over four years gives two windows', () => {
    expect(planWindows('recurring', '2026-01-01', '2029-12-31', 24)).toEqual([
      { from: '2026-01-01', to: '2027-12-31' },
      { from: '2028-01-01', to: '2029-12-31' },
    ]);
  });
  it('adds months at month ends', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 2)).toBe('2027-02-15');
  });
});

describe('R3.6 joint visits', () => {
  const v = (taskId: string, dept: string | null, from: string, to: string, subject = 'venue:1') => ({ taskId, departmentId: dept, subjectKey: subject, from, to });
  it('merges overlapping visits of two departments to one subject into one visit in the overlap', () => {
    expect(proposeJointVisits([v('a', 'fire', '2026-03-01', '2026-03-31'), v('b', 'market', '2026-03-20', '2026-04-20')])).toEqual([
      { subjectKey: 'venue:1', window: { from: '2026-03-20', to: '2026-03-31' }, taskIds: ['a', 'b'], departmentIds: ['fire', 'market'] },
    ]);
  });
  it('does not merge visits that do not overlap, visits of one department, or different subjects', () => {
    expect(proposeJointVisits([v('a', 'fire', '2026-03-01', '2026-03-10'), v('b', 'market', '2026-03-11', '2026-03-31')])).toEqual([]);
    expect(proposeJointVisits([v('a', 'fire', '2026-03-01', '2026-03-31'), v('b', 'fire', '2026-03-05', '2026-03-20')])).toEqual([]);
    expect(proposeJointVisits([v('a', 'fire', '2026-03-01', '2026-03-31', 'venue:1'), v('b', 'market', '2026-03-01', '2026-03-31', 'venue:2')])).toEqual([]);
  });
  it('three departments with a common overlap make one joint visit', () => {
    const out = proposeJointVisits([v('a', 'fire', '2026-03-01', '2026-03-31'), v('b', 'market', '2026-03-10', '2026-04-10'), v('c', 'commerce', '2026-03-15', '2026-03-20')]);
    expect(out).toHaveLength(1);
    expect(out[0]!.window).toEqual({ from: '2026-03-15', to: '2026-03-20' });
    expect(out[0]!.departmentIds).toEqual(['fire', 'market', 'commerce']);
  });
});
