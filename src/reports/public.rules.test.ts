import { describe, expect, it } from 'vitest';
import { slidingCount } from '../shared/rate-limit.js';
import { classifyReport, newChallenge, newTrackingCode, normaliseTrackingCode, TRACKING_CODE } from './public.rules.js';

describe('R8.1 public report rules', () => {
  it('routes by the picked topic, else by keywords, else to venue use (问题环境 / 餐饮)', () => {
    expect(classifyReport('pipeline', '随便写')).toEqual({ topic: 'pipeline', category: 'problem_pipeline', taskKind: 'pipeline' });
    expect(classifyReport(undefined, '小区门口有人私灌液化气，疑似黑气')).toMatchObject({ topic: 'illegal_gas', category: 'problem_gas', taskKind: 'illegal_gas' });
    expect(classifyReport(null, '路口施工把燃气管道挖断了')).toMatchObject({ topic: 'pipeline' });
    expect(classifyReport(undefined, '火锅店后厨软管很长')).toMatchObject({ topic: 'appliance' });
    expect(classifyReport(undefined, '楼下那家店有点危险')).toEqual({ topic: 'venue_use', category: 'problem_environment', taskKind: 'catering' });
  });

  it('tracking codes are 80 random bits in an unambiguous alphabet and survive retyping', () => {
    const a = newTrackingCode();
    expect(a).toMatch(TRACKING_CODE);
    expect(new Set(Array.from({ length: 200 }, () => newTrackingCode())).size).toBe(200);
    expect(newTrackingCode(Buffer.alloc(10, 0))).toBe('JB0000000000000000');
    expect(normaliseTrackingCode(' jb-o1il ')).toBe('JB0111');
  });

  it('challenges are small arithmetic with the right answer', () => {
    const seq = [0, 3, 4];
    let i = 0;
    expect(newChallenge(() => seq[i++]!)).toEqual({ question: '5 + 6 = ?', answer: 11 });
    for (let k = 0; k < 100; k++) {
      const c = newChallenge();
      const m = /^(\d+) ([+−×]) (\d+) = \?$/.exec(c.question)!;
      const [a, b] = [Number(m[1]), Number(m[3])];
      expect(c.answer).toBe(m[2] === '+' ? a + b : m[2] === '−' ? a - b : a * b);
      expect(c.answer).toBeGreaterThan(0);
    }
  });

  it('the rate limiter weighs the previous window by what still overlaps', () => {
    expect(slidingCount(2, 10, 0.25)).toBe(9.5);
    expect(slidingCount(2, 10, 1)).toBe(2);
  });
});
