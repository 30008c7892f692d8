import { sql } from 'drizzle-orm';
import { byRegion, count, idArray, q, type FigureProvider, type Label } from './types.js';

/** Registry subjects (底数清, R2) from dash_subject_counts: active records per region subtree. */
function subjectFigure(key: string, subjectType: string, registryKind: string, label: Label): FigureProvider {
  return {
    key,
    group: 'registry',
    label,
    unit: 'count',
    kind: 'stock',
    explain: { zh: `台账中在用的${label.zh}数（当前）`, en: `Active ${label.en.toLowerCase()} in the registry (now)` },
    additive: true,
    source: 'summary',
    async compute(ctx) {
      const res = await ctx.db.execute<{ region_id: string; total: number }>(
        sql`SELECT region_id, total FROM dash_subject_counts WHERE region_id = ANY(${idArray(ctx.regions)}) AND subject_type = ${subjectType}`,
      );
      return byRegion(ctx.regions, res.rows, (r) => count(Number(r?.total ?? 0)));
    },
    link: (_ctx, regionId) => ({ href: `/api/v1/registry/${registryKind}?${q({ regionId, status: 'active' })}`, exact: true }),
  };
}

export const subjectFigures: FigureProvider[] = [
  subjectFigure('subjects.venues', 'venue', 'venue', { zh: '用气场所', en: 'Gas-using venues' }),
  subjectFigure('subjects.households', 'household', 'household', { zh: '居民用户', en: 'Households' }),
  subjectFigure('subjects.enterprises', 'enterprise', 'enterprise', { zh: '燃气相关企业', en: 'Enterprises' }),
  subjectFigure('subjects.facilities', 'facility', 'facility', { zh: '管网场站设施', en: 'Pipelines and stations' }),
];
