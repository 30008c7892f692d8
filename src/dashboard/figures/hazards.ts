import { sql, type SQL } from 'drizzle-orm';
import { byRegion, count, idArray, q, rate, type FigureContext, type FigureProvider, type FigureValue, type Granularity, type Label, type TrendPoint } from './types.js';

/**
 * Hazard figures (R4.3, R4.6, R11.1), answered from dash_hazard_daily (summary.refresh.ts): one
 * small query each over the rows of the target and its children.
 */

type Window = 'period' | 'upto' | 'overdue';

function windowSql(ctx: FigureContext, w: Window): SQL {
  switch (w) {
    case 'period':
      return sql`day BETWEEN ${ctx.from}::date AND ${ctx.to}::date`;
    case 'upto':
      return sql`day <= ${ctx.to}::date`;
    case 'overdue':
      return sql`day < ${ctx.today}::date`;
  }
}

async function sums(ctx: FigureContext, w: Window, num: string, den?: string) {
  const res = await ctx.db.execute<{ region_id: string; n: number; d: number }>(sql`
    SELECT region_id, sum(${sql.raw(num)})::bigint AS n, ${den ? sql.raw(`sum(${den})::bigint`) : sql`0`} AS d
    FROM dash_hazard_daily WHERE region_id = ANY(${idArray(ctx.regions)}) AND ${windowSql(ctx, w)}
    GROUP BY region_id`);
  return res.rows;
}

const hazardsLink = (extra: Record<string, string>, exact: (ctx: FigureContext) => boolean) => (ctx: FigureContext, regionId: string) => ({
  href: `/api/v1/hazards?${q({ regionId, ...extra })}`,
  exact: exact(ctx),
});
const never = () => false;
const always = () => true;
const whenCurrent = (ctx: FigureContext) => ctx.to >= ctx.today;

async function bucketSeries(ctx: FigureContext, g: Granularity, num: string, den?: string): Promise<TrendPoint[]> {
  const res = await ctx.db.execute<{ bucket: string; n: number; d: number }>(sql`
    WITH b AS (
      SELECT generate_series(date_trunc(${g}, ${ctx.from}::date::timestamp), ${ctx.to}::date::timestamp, ${`1 ${g}`}::interval)::date AS bucket
    )
    SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, coalesce(sum(${sql.raw(`x.${num}`)}), 0)::bigint AS n,
           ${den ? sql.raw(`coalesce(sum(x.${den}), 0)::bigint`) : sql`0`} AS d
    FROM b LEFT JOIN dash_hazard_daily x
      ON x.region_id = ${ctx.target.id} AND x.day BETWEEN ${ctx.from}::date AND ${ctx.to}::date AND date_trunc(${g}, x.day::timestamp)::date = b.bucket
    GROUP BY b.bucket ORDER BY b.bucket`);
  return res.rows.map((r) => (den ? { bucket: r.bucket, ...rate(Number(r.n), Number(r.d)) } : { bucket: r.bucket, value: Number(r.n) }));
}

/** Open at the end of each bucket: everything found minus everything closed up to that day. */
async function openSeries(ctx: FigureContext, g: Granularity, found: string, closed: string): Promise<TrendPoint[]> {
  const res = await ctx.db.execute<{ bucket: string; n: number }>(sql`
    WITH b AS (
      SELECT generate_series(date_trunc(${g}, ${ctx.from}::date::timestamp), ${ctx.to}::date::timestamp, ${`1 ${g}`}::interval)::date AS bucket
    ), e AS (
      SELECT bucket, least((bucket + ${`1 ${g}`}::interval)::date - 1, ${ctx.to}::date) AS last_day FROM b
    )
    SELECT to_char(e.bucket, 'YYYY-MM-DD') AS bucket,
           (SELECT coalesce(sum(${sql.raw(found)}) - sum(${sql.raw(closed)}), 0) FROM dash_hazard_daily x WHERE x.region_id = ${ctx.target.id} AND x.day <= e.last_day)::bigint AS n
    FROM e ORDER BY e.bucket`);
  return res.rows.map((r) => ({ bucket: r.bucket, value: Number(r.n) }));
}

interface Spec {
  key: string;
  label: Label;
  explain: Label;
  kind: 'flow' | 'stock';
  window: Window;
  num: string;
  /** Rates: the denominator column; counts: the column subtracted (open = found − closed). */
  den?: string;
  minus?: string;
  link: (ctx: FigureContext, regionId: string) => { href: string; exact: boolean };
  trend?: 'bucket' | 'open';
}

function dailyFigure(s: Spec): FigureProvider {
  const isRate = s.den !== undefined;
  return {
    key: s.key,
    group: 'hazards',
    label: s.label,
    unit: isRate ? 'rate' : 'count',
    kind: s.kind,
    explain: s.explain,
    additive: !isRate,
    source: 'summary',
    async compute(ctx) {
      const num = s.minus ? `${s.num}) - sum(${s.minus}` : s.num;
      const rows = await sums(ctx, s.window, num, s.den);
      return byRegion<FigureValue>(ctx.regions, rows, (r) => (isRate ? rate(Number(r?.n ?? 0), Number(r?.d ?? 0)) : count(Number(r?.n ?? 0))));
    },
    link: s.link,
    ...(s.trend
      ? { trend: (ctx: FigureContext, g: Granularity) => (s.trend === 'open' ? openSeries(ctx, g, s.num, s.minus!) : bucketSeries(ctx, g, s.num, s.den)) }
      : {}),
  };
}

export const hazardFigures: FigureProvider[] = [
  dailyFigure({
    key: 'hazards.found',
    label: { zh: '排查隐患', en: 'Hazards found' },
    explain: { zh: '期间内发现的隐患数（按发现日期，作废的不计）', en: 'Hazards found in the period (by date found; voided ones excluded)' },
    kind: 'flow',
    window: 'period',
    num: 'found',
    link: hazardsLink({}, never),
    trend: 'bucket',
  }),
  dailyFigure({
    key: 'hazards.closed',
    label: { zh: '已整改销号', en: 'Hazards closed' },
    explain: { zh: '期间内销号的隐患数（按销号日期）', en: 'Hazards closed in the period (by date closed)' },
    kind: 'flow',
    window: 'period',
    num: 'closed',
    link: hazardsLink({ state: 'closed' }, never),
    trend: 'bucket',
  }),
  dailyFigure({
    key: 'hazards.major',
    label: { zh: '重大隐患', en: 'Major hazards found' },
    explain: { zh: '期间内发现的重大隐患数', en: 'Major hazards found in the period' },
    kind: 'flow',
    window: 'period',
    num: 'found_major',
    link: hazardsLink({ severity: 'major' }, never),
    trend: 'bucket',
  }),
  dailyFigure({
    key: 'hazards.rectificationRate',
    label: { zh: '整改率', en: 'Rectification rate' },
    explain: { zh: '期间内发现的隐患中已销号的比例（已销号数 ÷ 发现数）', en: 'Share of the hazards found in the period that are closed (closed ÷ found)' },
    kind: 'flow',
    window: 'period',
    num: 'found_closed',
    den: 'found',
    link: hazardsLink({}, never),
    trend: 'bucket',
  }),
  dailyFigure({
    key: 'hazards.onTimeRate',
    label: { zh: '按期整改率', en: 'Closed on time' },
    explain: { zh: '期间内销号的隐患中在完成时限内销号的比例', en: 'Share of the hazards closed in the period that were closed by their deadline' },
    kind: 'flow',
    window: 'period',
    num: 'closed_on_time',
    den: 'closed',
    link: hazardsLink({ state: 'closed' }, never),
  }),
  dailyFigure({
    key: 'hazards.open',
    label: { zh: '未销号隐患（动态清零）', en: 'Open hazards (动态清零)' },
    explain: { zh: '截至期末尚未销号的隐患数；为 0 即动态清零', en: 'Hazards not closed at the end of the period; 0 means cleared (动态清零)' },
    kind: 'stock',
    window: 'upto',
    num: 'found',
    minus: 'closed',
    link: hazardsLink({ state: 'open' }, whenCurrent),
    trend: 'open',
  }),
  dailyFigure({
    key: 'hazards.openMajor',
    label: { zh: '未销号重大隐患', en: 'Open major hazards' },
    explain: { zh: '截至期末尚未销号的重大隐患数', en: 'Major hazards not closed at the end of the period' },
    kind: 'stock',
    window: 'upto',
    num: 'found_major',
    minus: 'closed_major',
    link: hazardsLink({ state: 'open', severity: 'major' }, whenCurrent),
    trend: 'open',
  }),
  dailyFigure({
    key: 'hazards.clearanceRate',
    label: { zh: '动态清零率', en: 'Clearance rate' },
    explain: { zh: '截至期末累计发现的隐患中已销号的比例', en: 'Share of all hazards found up to the end of the period that are closed' },
    kind: 'stock',
    window: 'upto',
    num: 'closed',
    den: 'found',
    link: hazardsLink({ state: 'open' }, never),
  }),
  dailyFigure({
    key: 'hazards.overdue',
    label: { zh: '逾期未整改', en: 'Overdue hazards' },
    explain: { zh: '当前未销号且已过完成时限的隐患数（督办）', en: 'Hazards open now past their deadline (督办)' },
    kind: 'stock',
    window: 'overdue',
    num: 'due_open',
    link: hazardsLink({ overdue: 'true' }, always),
  }),
  dailyFigure({
    key: 'hazards.overdueMajor',
    label: { zh: '逾期重大隐患', en: 'Overdue major hazards' },
    explain: { zh: '当前未销号且已过完成时限的重大隐患数', en: 'Major hazards open now past their deadline' },
    kind: 'stock',
    window: 'overdue',
    num: 'due_open_major',
    link: hazardsLink({ overdue: 'true', severity: 'major' }, always),
  }),
  dailyFigure({
    key: 'hazards.rebounds',
    label: { zh: '改后反弹', en: 'Rebounds' },
    explain: { zh: '期间内发现、与同一对象同一检查项已销号隐患重复的隐患数（回头看）', en: 'Hazards found in the period that repeat a closed hazard of the same item at the same subject' },
    kind: 'flow',
    window: 'period',
    num: 'rebounds',
    link: hazardsLink({}, never),
    trend: 'bucket',
  }),
];
