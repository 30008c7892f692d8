import { sql, type SQL } from 'drizzle-orm';
import { byRegion, idArray, type FigureContext } from './types.js';

/** The period as a timestamptz range over China days. */
export const periodStart = (ctx: FigureContext) => sql`(${ctx.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
export const periodEnd = (ctx: FigureContext) => sql`(${ctx.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;

/**
 * A live figure over another module's table: rows whose region lies under the target, counted
 * (or summed) for the target and each child. `num` and `den` are SQL aggregates over alias `t`.
 */
export async function liveByRegion(ctx: FigureContext, table: string, regionColumn: string, where: SQL, num: SQL = sql`count(*)`, den: SQL = sql`0`) {
  const res = await ctx.db.execute<{ region_id: string; n: number; d: number }>(sql`
    SELECT x.id AS region_id, (${num})::float8 AS n, (${den})::float8 AS d
    FROM ${sql.identifier(table)} t
    JOIN regions r ON r.id = t.${sql.identifier(regionColumn)}
    JOIN regions x ON x.id = ANY(${idArray(ctx.regions)}) AND r.path LIKE x.path || '%'
    WHERE r.path LIKE ${ctx.target.path + '%'} AND ${where}
    GROUP BY x.id`);
  return byRegion(ctx.regions, res.rows, (r) => ({ n: Number(r?.n ?? 0), d: Number(r?.d ?? 0) }));
}
