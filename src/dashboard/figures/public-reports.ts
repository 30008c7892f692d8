import { sql } from 'drizzle-orm';
import { byRegion, count, idArray, q, type FigureProvider, type Label } from './types.js';

/** Public reports (举报, R8.1) received in the period, and those found true (查实). */
function publicFigure(key: string, label: Label, explain: Label, onlySubstantiated: boolean): FigureProvider {
  return {
    key,
    group: 'public',
    label,
    unit: 'count',
    kind: 'flow',
    explain,
    additive: true,
    source: 'live',
    async compute(ctx) {
      const res = await ctx.db.execute<{ region_id: string; n: number }>(sql`
        SELECT x.id AS region_id, count(*)::int AS n
        FROM public_reports p JOIN regions r ON r.id = p.region_id
        JOIN regions x ON x.id = ANY(${idArray(ctx.regions)}) AND r.path LIKE x.path || '%'
        WHERE r.path LIKE ${ctx.target.path + '%'}
          AND p.submitted_at >= (${ctx.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
          AND p.submitted_at < (${ctx.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
          ${onlySubstantiated ? sql`AND p.status = 'substantiated'` : sql``}
        GROUP BY x.id`);
      return byRegion(ctx.regions, res.rows, (r) => count(Number(r?.n ?? 0)));
    },
    link: (ctx, regionId) => ({
      href: `/api/v1/reports?${q({ regionId, from: ctx.from, to: ctx.to, status: onlySubstantiated ? 'substantiated' : undefined })}`,
      exact: true,
    }),
  };
}

export const publicReportFigures: FigureProvider[] = [
  publicFigure('public.reports', { zh: '群众举报', en: 'Public reports' }, { zh: '期间内收到的群众举报数', en: 'Public reports received in the period' }, false),
  publicFigure('public.substantiated', { zh: '举报查实', en: 'Reports substantiated' }, { zh: '期间内收到并已查实的举报数', en: 'Reports received in the period and found true' }, true),
];
