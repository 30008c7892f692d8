import { coverage } from '../../inspections/coverage.service.js';
import type { SubjectType } from '../../registry/subjects.js';
import { q, rate, type FigureProvider, type FigureValue, type Label } from './types.js';

/**
 * Coverage (全覆盖, R3.9) from the inspections module's own definition (coverage.service.ts):
 * subjects inspected in the period (official and company inspections) ÷ active subjects.
 */
function coverageFigure(subjectType: SubjectType, label: Label): FigureProvider {
  return {
    key: `coverage.${subjectType}`,
    group: 'coverage',
    label,
    unit: 'rate',
    kind: 'flow',
    explain: {
      zh: `期间内至少检查过一次的${label.zh.replace('排查覆盖率', '')}数 ÷ 在用总数（不含自查）`,
      en: `Subjects inspected at least once in the period ÷ active subjects (self-checks excluded)`,
    },
    additive: false,
    source: 'live',
    async compute(ctx) {
      const c = await coverage(ctx.db, ctx.principal, { regionId: ctx.target.id, subjectType, from: ctx.from, to: ctx.to });
      const out = new Map<string, FigureValue>(ctx.regions.map((r) => [r.id, rate(0, 0)]));
      out.set(ctx.target.id, rate(c.inspected, c.total));
      for (const child of c.children) if (child.regionId !== ctx.target.id && out.has(child.regionId)) out.set(child.regionId, rate(child.inspected, child.total));
      return out;
    },
    link: (ctx, regionId) => ({ href: `/api/v1/coverage/uninspected?${q({ regionId, subjectType, from: ctx.from, to: ctx.to })}`, exact: true }),
  };
}

export const coverageFigures: FigureProvider[] = [
  coverageFigure('venue', { zh: '用气场所排查覆盖率', en: 'Venue coverage' }),
  coverageFigure('household', { zh: '居民用户排查覆盖率', en: 'Household coverage' }),
  coverageFigure('enterprise', { zh: '燃气企业检查覆盖率', en: 'Enterprise coverage' }),
];
