/**
 * Alarm figures (R7.4 response times, R11.1): per child region of a region, or per gas company,
 * over a period — counts by severity, state and result, and the times to acknowledge, to arrive on
 * site and to close (mean, median, 90th percentile, in seconds).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope } from '../shared/scope.js';
import { alarmScope } from './alarms.repository.js';

export interface StatsQuery {
  regionId?: string | undefined;
  groupBy: 'region' | 'enterprise';
  from?: string | undefined;
  to?: string | undefined;
}

type Row = {
  key: string | null;
  name: string | null;
  total: number;
  open: number;
  critical: number;
  major: number;
  minor: number;
  real_leak: number;
  false_alarm: number;
  device_fault: number;
  recovered: number;
  ack_avg: number | null;
  ack_p50: number | null;
  ack_p90: number | null;
  arrive_avg: number | null;
  arrive_p50: number | null;
  arrive_p90: number | null;
  close_avg: number | null;
  close_p50: number | null;
  close_p90: number | null;
};

const secs = (col: SQL) => sql`extract(epoch from (${col} - a.raised_at))`;
const metric = (name: string, col: SQL) => sql`
  round(avg(${secs(col)}))::int AS ${sql.raw(`${name}_avg`)},
  round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${secs(col)}))::int AS ${sql.raw(`${name}_p50`)},
  round(percentile_cont(0.9) WITHIN GROUP (ORDER BY ${secs(col)}))::int AS ${sql.raw(`${name}_p90`)}`;

function present(r: Row) {
  const t = (avg: number | null, p50: number | null, p90: number | null) => ({ meanSec: avg, p50Sec: p50, p90Sec: p90 });
  return {
    key: r.key,
    name: r.name,
    total: r.total,
    open: r.open,
    bySeverity: { critical: r.critical, major: r.major, minor: r.minor },
    byResult: { real_leak: r.real_leak, false_alarm: r.false_alarm, device_fault: r.device_fault, recovered: r.recovered },
    toAcknowledge: t(r.ack_avg, r.ack_p50, r.ack_p90),
    toArrive: t(r.arrive_avg, r.arrive_p50, r.arrive_p90),
    toClose: t(r.close_avg, r.close_p50, r.close_p90),
  };
}

export async function alarmStats(db: Executor, p: Principal, q: StatsQuery) {
  const region = await loadRegionInScope(db, p, q.regionId ?? p.regionId);
  const conds: SQL[] = [sql`ar.path LIKE ${region.path + '%'}`, sql`a.id IN (SELECT id FROM alarms WHERE ${alarmScope(p)})`];
  if (q.from) conds.push(sql`a.raised_at >= ${new Date(q.from)}`);
  if (q.to) conds.push(sql`a.raised_at < ${new Date(q.to)}`);
  const where = sql.join(conds, sql` AND `);
  const group =
    q.groupBy === 'enterprise'
      ? { key: sql`a.enterprise_id::text`, name: sql`e.name`, join: sql`LEFT JOIN enterprises e ON e.id = a.enterprise_id`}
      : {
          // The child region of the chosen one that contains the alarm (the region itself when none).
          key: sql`COALESCE(c.id, ${region.id}::uuid)::text`,
          name: sql`COALESCE(c.name, ${region.name})`,
          join: sql`LEFT JOIN regions c ON c.parent_id = ${region.id}::uuid AND ar.path LIKE c.path || '%'`,
        };
  const aggregates = sql`
    count(*)::int AS total,
    count(*) FILTER (WHERE a.closed_at IS NULL)::int AS open,
    count(*) FILTER (WHERE a.severity = 'critical')::int AS critical,
    count(*) FILTER (WHERE a.severity = 'major')::int AS major,
    count(*) FILTER (WHERE a.severity = 'minor')::int AS minor,
    count(*) FILTER (WHERE a.result = 'real_leak')::int AS real_leak,
    count(*) FILTER (WHERE a.result = 'false_alarm')::int AS false_alarm,
    count(*) FILTER (WHERE a.result = 'device_fault')::int AS device_fault,
    count(*) FILTER (WHERE a.result = 'recovered')::int AS recovered,
    ${metric('ack', sql`a.acknowledged_at`)}, ${metric('arrive', sql`a.arrived_at`)}, ${metric('close', sql`a.closed_at`)}`;
  const rows = await db.execute<Row>(sql`
    SELECT ${group.key} AS key, ${group.name} AS name, ${aggregates}
    FROM alarms a JOIN regions ar ON ar.id = a.region_id ${group.join}
    WHERE ${where} GROUP BY 1, 2 ORDER BY total DESC`);
  const total = await db.execute<Row>(sql`
    SELECT NULL AS key, ${region.name} AS name, ${aggregates}
    FROM alarms a JOIN regions ar ON ar.id = a.region_id WHERE ${where}`);
  return {
    region: { id: region.id, name: region.name },
    groupBy: q.groupBy,
    from: q.from ?? null,
    to: q.to ?? null,
    total: present(total.rows[0]!),
    groups: rows.rows.map(present),
  };
}
