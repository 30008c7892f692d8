import { sql } from 'drizzle-orm';
import { programmeCoverage } from '../../monitoring/programme.service.js';
import { liveByRegion, periodEnd, periodStart } from './live.js';
import { count, q, rate, type FigureContext, type FigureProvider, type FigureValue, type Label } from './types.js';

/**
 * Monitoring figures (R7.4, R7.5, R11.1) over the alarms module's tables (src/monitoring/): open
 * alarms, alarms raised, response and arrival times, and the safety-device installation coverage.
 */
const alarmLink = (ctx: FigureContext, regionId: string, extra: Record<string, string> = {}) => ({
  href: `/api/v1/alarms?${q({ regionId, ...extra })}`,
  exact: true,
});
const periodParams = (ctx: FigureContext) => ({ from: `${ctx.from}T00:00:00+08:00`, to: `${ctx.to}T23:59:59+08:00` });

const alarmsOpen: FigureProvider = {
  key: 'alarms.open',
  group: 'alarms',
  label: { zh: '未关闭报警', en: 'Open alarms' },
  unit: 'count',
  kind: 'stock',
  explain: { zh: '当前尚未关闭的报警数', en: 'Alarms not closed now' },
  additive: true,
  source: 'live',
  async compute(ctx) {
    const v = await liveByRegion(ctx, 'alarms', 'region_id', sql`t.closed_at IS NULL`);
    return new Map([...v].map(([k, x]) => [k, count(x.n)]));
  },
  link: (ctx, regionId) => alarmLink(ctx, regionId, { state: 'open' }),
};

const alarmsRaised: FigureProvider = {
  key: 'alarms.raised',
  group: 'alarms',
  label: { zh: '报警', en: 'Alarms raised' },
  unit: 'count',
  kind: 'flow',
  explain: { zh: '期间内产生的报警数', en: 'Alarms raised in the period' },
  additive: true,
  source: 'live',
  async compute(ctx) {
    const v = await liveByRegion(ctx, 'alarms', 'region_id', sql`t.raised_at >= ${periodStart(ctx)} AND t.raised_at < ${periodEnd(ctx)}`);
    return new Map([...v].map(([k, x]) => [k, count(x.n)]));
  },
  link: (ctx, regionId) => alarmLink(ctx, regionId, periodParams(ctx)),
};

/** Mean minutes from raising an alarm to a step (acknowledged, arrived on site) over those that reached it. */
function alarmMinutes(key: string, column: 'acknowledged_at' | 'arrived_at', label: Label, explain: Label): FigureProvider {
  return {
    key,
    group: 'alarms',
    label,
    unit: 'minutes',
    kind: 'flow',
    explain,
    additive: false,
    source: 'live',
    async compute(ctx) {
      const col = sql.raw(`t.${column}`);
      const v = await liveByRegion(
        ctx,
        'alarms',
        'region_id',
        sql`t.raised_at >= ${periodStart(ctx)} AND t.raised_at < ${periodEnd(ctx)} AND ${col} IS NOT NULL`,
        sql`coalesce(sum(extract(epoch from (${col} - t.raised_at)) / 60), 0)`,
        sql`count(*)`,
      );
      return new Map<string, FigureValue>([...v].map(([k, x]) => [k, { value: x.d > 0 ? Math.round((x.n / x.d) * 10) / 10 : null, numerator: x.n, denominator: x.d }]));
    },
    link: (ctx, regionId) => alarmLink(ctx, regionId, periodParams(ctx)),
  };
}

/** Safety-device installation coverage (R7.5) from the monitoring module's own programme rules, per community. */
const installCoverage: FigureProvider = {
  key: 'devices.installCoverage',
  group: 'devices',
  label: { zh: '安全装置安装覆盖率', en: 'Safety-device installation coverage' },
  unit: 'rate',
  kind: 'stock',
  explain: {
    zh: '应装用户（单位用户报警器；老旧小区、困难群众、新建管道气居民自闭阀等）中已装正常设备的比例（当前）',
    en: 'Share of the users the installation programme requires a device of that have a working one (now)',
  },
  additive: false,
  source: 'live',
  async compute(ctx) {
    // The programme groups by community; asked once per region, each gets exactly its own subjects.
    const all = await Promise.all(ctx.regions.map((r) => programmeCoverage(ctx.db, ctx.principal, { regionId: r.id }, ctx.today)));
    return new Map<string, FigureValue>(ctx.regions.map((r, i) => [r.id, rate(all[i]!.covered, all[i]!.required)]));
  },
  link: (_ctx, regionId) => ({ href: `/api/v1/monitoring/programme/missing?${q({ regionId })}`, exact: true }),
};

export const monitoringFigures: FigureProvider[] = [
  alarmsOpen,
  alarmsRaised,
  alarmMinutes('alarms.ackMinutes', 'acknowledged_at', { zh: '平均响应时长（分钟）', en: 'Mean time to acknowledge (min)' }, { zh: '期间内报警从产生到确认的平均分钟数', en: 'Mean minutes from raising to acknowledging, alarms raised in the period' }),
  alarmMinutes('alarms.arriveMinutes', 'arrived_at', { zh: '平均到场时长（分钟）', en: 'Mean time to arrive on site (min)' }, { zh: '期间内报警从产生到处置人员到场的平均分钟数', en: 'Mean minutes from raising to arriving on site, alarms raised in the period' }),
  installCoverage,
];
