import { describe, expect, it } from 'vitest';
import { resolveRule, selfAndAncestors, type MatrixRule } from './matrix.rules.js';

const rule = (category: MatrixRule['category'], taskKind: MatrixRule['taskKind'], leadKey: string): MatrixRule => ({ category, taskKind, leadKey, cooperatingKeys: [] });

describe('R1.3 resolveRule: the most specific row wins', () => {
  const ALL = [
    rule('*', '*', 'fallback'),
    rule('*', 'catering', 'any-category-catering'),
    rule('problem_hose', '*', 'hose-any-task'),
    rule('problem_hose', 'catering', 'hose-catering'),
  ];

  it('exact category and task kind first', () => {
    expect(resolveRule(ALL, 'problem_hose', 'catering')?.leadKey).toBe('hose-catering');
  });
  it('then the category for any task kind', () => {
    expect(resolveRule(ALL, 'problem_hose', 'household')?.leadKey).toBe('hose-any-task');
  });
  it('then the task kind for any category', () => {
    expect(resolveRule(ALL, 'problem_gas', 'catering')?.leadKey).toBe('any-category-catering');
  });
  it('then the catch-all', () => {
    expect(resolveRule(ALL, 'problem_gas', 'household')?.leadKey).toBe('fallback');
  });
  it('category before task kind when both wildcards match', () => {
    const two = [rule('*', 'catering', 'by-task'), rule('problem_hose', '*', 'by-category')];
    expect(resolveRule(two, 'problem_hose', 'catering')?.leadKey).toBe('by-category');
  });
  it('does not depend on the order of the rows', () => {
    for (let i = 0; i < ALL.length; i++) {
      const rotated = [...ALL.slice(i), ...ALL.slice(0, i)].reverse();
      expect(resolveRule(rotated, 'problem_hose', 'catering')?.leadKey).toBe('hose-catering');
      expect(resolveRule(rotated, 'problem_gas', 'household')?.leadKey).toBe('fallback');
    }
  });
  it('null when nothing matches, and for an empty matrix', () => {
    expect(resolveRule([rule('problem_hose', 'catering', 'x')], 'problem_gas', 'catering')).toBeNull();
    expect(resolveRule([], 'problem_gas', 'catering')).toBeNull();
  });
  it('a row for another category or task kind never matches', () => {
    const rows = [rule('problem_valve', 'catering', 'valve'), rule('problem_hose', 'household', 'household')];
    expect(resolveRule(rows, 'problem_hose', 'catering')).toBeNull();
  });
  it('returns the row itself, with its cooperating departments', () => {
    const row = { ...rule('problem_hose', 'catering', 'market_supervision'), cooperatingKeys: ['commerce'], basis: '000 二（四）3' };
    expect(resolveRule([row], 'problem_hose', 'catering')).toBe(row);
  });
});

describe('selfAndAncestors', () => {
  it('reads a materialised path from the region up to the root', () => {
    expect(selfAndAncestors('/root/cq/dazu/longgang/')).toEqual(['longgang', 'dazu', 'cq', 'root']);
    expect(selfAndAncestors('/root/')).toEqual(['root']);
    expect(selfAndAncestors('/')).toEqual([]);
  });
});
