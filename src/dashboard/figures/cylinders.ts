import { sql } from 'drizzle-orm';
import { liveByRegion, periodEnd, periodStart } from './live.js';
import { count, q, type FigureContext, type FigureProvider, type Label } from './types.js';

/**
 * Cylinder figures (R6.2, R6.4, R11.1) over the cylinder module's tables (src/cylinders/): fill
 * checks allowed and denied (一扫一充) at the stations of the region, and open anomalies (黑气线索).
 */
function fillFigure(key: string, allowed: boolean, label: Label, explain: Label): FigureProvider {
  return {
    key,
    group: 'cylinders',
    label,
    unit: 'count',
    kind: 'flow',
    explain,
    additive: true,
    source: 'live',
    async compute(ctx) {
      const v = await liveByRegion(ctx, 'cylinder_fill_checks', 'station_region_id', sql`t.allowed = ${allowed} AND t.at >= ${periodStart(ctx)} AND t.at < ${periodEnd(ctx)}`);
      return new Map([...v].map(([k, x]) => [k, count(x.n)]));
    },
    link: (ctx: FigureContext, regionId: string) => ({ href: `/api/v1/cylinders/fill-checks/denials?${q({ regionId, from: ctx.from, to: ctx.to })}`, exact: !allowed }),
  };
}

const anomaliesOpen: FigureProvider = {
  key: 'cylinders.anomaliesOpen',
  group: 'cylinders',
  label: { zh: '黑气异常线索（待核查）', en: 'Open cylinder anomalies' },
  unit: 'count',
  kind: 'stock',
  explain: { zh: '当前待核查的气瓶异常线索数（疑似黑气）', en: 'Cylinder anomalies pointing to illegal gas, not yet checked (now)' },
  additive: true,
  source: 'live',
  async compute(ctx) {
    const v = await liveByRegion(ctx, 'cylinder_anomalies', 'region_id', sql`t.status = 'open'`);
    return new Map([...v].map(([k, x]) => [k, count(x.n)]));
  },
  link: (_ctx, regionId) => ({ href: `/api/v1/cylinders/anomalies?${q({ regionId, status: 'open' })}`, exact: true }),
};

export const cylinderFigures: FigureProvider[] = [
  fillFigure('cylinders.fillsAllowed', true, { zh: '扫码充装（允许）', en: 'Fill checks allowed' }, { zh: '期间内辖区充装单位扫码允许充装的次数', en: 'Fill checks allowed at the stations of the region in the period' }),
  fillFigure('cylinders.fillsDenied', false, { zh: '扫码拒充', en: 'Fill checks denied' }, { zh: '期间内辖区充装单位扫码被拒充的次数（过期、非自有、报废等）', en: 'Fill checks denied at the stations of the region in the period' }),
  anomaliesOpen,
];
