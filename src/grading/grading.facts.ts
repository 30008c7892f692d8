import { sql } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { LICENCE_DUE_DAYS, REQUIRED_LICENCES } from '../registry/registry.rules.js';
import type { EnterpriseFacts, GradingConfig } from './grading.rules.js';

/**
 * The facts grading needs, for many enterprises at once (set-based: the job grades thousands).
 * Enforcement, fillings and alarm response come from the hazard-enforcement, cylinder and
 * monitoring modules' tables; where a table is absent (or an enterprise has no such records) the
 * dimension is not applicable (null) and the score is normalised without it.
 */

const uuids = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
const OPEN = sql.raw(`('reported','assigned','rectifying','awaiting_review')`);

function monthsBefore(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

async function tableExists(db: Executor, name: string): Promise<boolean> {
  const res = await db.execute<{ t: string | null }>(sql`SELECT to_regclass(${name})::text AS t`);
  return res.rows[0]?.t !== null && res.rows[0]?.t !== undefined;
}

export async function gatherFacts(db: Executor, enterprises: { id: string; kind: string }[], today: string, c: GradingConfig): Promise<Map<string, EnterpriseFacts>> {
  const ids = enterprises.map((e) => e.id);
  const since = monthsBefore(today, c.lookbackMonths);
  const sinceTs = sql`(${since}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
  const optional = async <T extends Record<string, unknown>>(table: string, query: ReturnType<typeof sql>) => ((await tableExists(db, table)) ? (await db.execute<T>(query)).rows : null);
  const [lic, haz, selfIns, households, enforcement, fills, alarms] = await Promise.all([
    db.execute<{ enterprise_id: string; kind: string; personal: boolean; n: number; n_expired: number; no_expiry: boolean; max_until: string | null }>(sql`
      SELECT enterprise_id, kind, person_id IS NOT NULL AS personal, count(*)::int AS n,
             count(*) FILTER (WHERE valid_until < ${today}::date)::int AS n_expired,
             bool_or(valid_until IS NULL) AS no_expiry, to_char(max(valid_until), 'YYYY-MM-DD') AS max_until
      FROM licences WHERE enterprise_id = ANY(${uuids(ids)}) AND status = 'active'
      GROUP BY enterprise_id, kind, person_id IS NOT NULL`),
    db.execute<{ enterprise_id: string; general: number; major: number; due_closed: number; on_time: number; overdue_open: number; overdue_major: number }>(sql`
      SELECT enterprise_id,
             count(*) FILTER (WHERE found_at >= ${sinceTs} AND severity = 'general')::int AS general,
             count(*) FILTER (WHERE found_at >= ${sinceTs} AND severity = 'major')::int AS major,
             count(*) FILTER (WHERE state = 'closed' AND deadline >= ${since}::date AND deadline < ${today}::date)::int AS due_closed,
             count(*) FILTER (WHERE state = 'closed' AND deadline >= ${since}::date AND deadline < ${today}::date
                                AND (closed_at AT TIME ZONE 'Asia/Shanghai')::date <= deadline)::int AS on_time,
             count(*) FILTER (WHERE state IN ${OPEN} AND deadline < ${today}::date)::int AS overdue_open,
             count(*) FILTER (WHERE state IN ${OPEN} AND deadline < ${today}::date AND severity = 'major')::int AS overdue_major
      FROM hazards WHERE enterprise_id = ANY(${uuids(ids)}) AND state <> 'voided'
      GROUP BY enterprise_id`),
    db.execute<{ subject_id: string; months: number }>(sql`
      SELECT subject_id, count(DISTINCT date_trunc('month', submitted_at AT TIME ZONE 'Asia/Shanghai'))::int AS months
      FROM inspections WHERE subject_type = 'enterprise' AND kind = 'self' AND subject_id = ANY(${uuids(ids)}) AND submitted_at >= ${sinceTs}
      GROUP BY subject_id`),
    db.execute<{ supplier_id: string; supplied: number; inspected: number }>(sql`
      SELECT h.supplier_id, count(*)::int AS supplied,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM inspections i WHERE i.subject_type = 'household' AND i.subject_id = h.id AND i.kind <> 'self' AND i.submitted_at >= ${sinceTs}))::int AS inspected
      FROM households h WHERE h.supplier_id = ANY(${uuids(ids)}) AND h.status = 'active'
      GROUP BY h.supplier_id`),
    optional<{ enterprise_id: string; kind: string; n: number }>(
      'enforcement_actions',
      sql`SELECT enterprise_id, kind, count(*)::int AS n FROM enforcement_actions
          WHERE enterprise_id = ANY(${uuids(ids)}) AND action_date >= ${since}::date GROUP BY enterprise_id, kind`,
    ),
    optional<{ station_id: string; total: number; denied: number }>(
      'cylinder_fill_checks',
      sql`SELECT station_id, count(*)::int AS total, count(*) FILTER (WHERE NOT allowed)::int AS denied FROM cylinder_fill_checks
          WHERE station_id = ANY(${uuids(ids)}) AND at >= ${sinceTs} GROUP BY station_id`,
    ),
    optional<{ enterprise_id: string; n: number; minutes: number | null }>(
      'alarms',
      sql`SELECT enterprise_id, count(*)::int AS n, avg(extract(epoch from (acknowledged_at - raised_at)) / 60)::float8 AS minutes FROM alarms
          WHERE enterprise_id = ANY(${uuids(ids)}) AND raised_at >= ${sinceTs} AND acknowledged_at IS NOT NULL GROUP BY enterprise_id`,
    ),
  ]);
  const dueLimit = new Date(Date.parse(`${today}T00:00:00Z`) + LICENCE_DUE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const out = new Map<string, EnterpriseFacts>();
  for (const e of enterprises) {
    const mine = lic.rows.filter((r) => r.enterprise_id === e.id);
    const own = mine.filter((r) => !r.personal);
    const valid = (r: (typeof own)[number]) => r.no_expiry || (r.max_until !== null && r.max_until >= today);
    const required = [...(REQUIRED_LICENCES[e.kind] ?? [])];
    const personal = mine.filter((r) => r.personal);
    const h = haz.rows.find((r) => r.enterprise_id === e.id);
    const hh = households.rows.find((r) => r.supplier_id === e.id);
    out.set(e.id, {
      licences: {
        required,
        missing: required.filter((k) => !own.some((r) => r.kind === k)),
        expired: own.filter((r) => !valid(r)).map((r) => r.kind),
        due: own.filter((r) => valid(r) && !r.no_expiry && r.max_until !== null && r.max_until <= dueLimit).map((r) => r.kind),
        certificates: personal.reduce((s, r) => s + r.n, 0),
        certificatesExpired: personal.reduce((s, r) => s + r.n_expired, 0),
      },
      hazards: {
        general: h?.general ?? 0,
        major: h?.major ?? 0,
        dueInWindow: h?.due_closed ?? 0,
        closedOnTime: h?.on_time ?? 0,
        overdueOpen: h?.overdue_open ?? 0,
        overdueMajorOpen: h?.overdue_major ?? 0,
      },
      enforcement: enforcement ? { byKind: Object.fromEntries(enforcement.filter((r) => r.enterprise_id === e.id).map((r) => [r.kind, r.n])) } : null,
      // 一扫一充 at this enterprise's filling station (src/cylinders/).
      fillings: fills ? { total: fills.find((r) => r.station_id === e.id)?.total ?? 0, denied: fills.find((r) => r.station_id === e.id)?.denied ?? 0 } : null,
      // Alarms at the sites this enterprise is responsible for, and how fast they were acknowledged (src/monitoring/).
      alarms: alarms ? { count: alarms.find((r) => r.enterprise_id === e.id)?.n ?? 0, meanResponseMinutes: alarms.find((r) => r.enterprise_id === e.id)?.minutes ?? 0 } : null,
      selfInspection: { months: selfIns.rows.find((r) => r.subject_id === e.id)?.months ?? 0, of: c.lookbackMonths },
      householdInspection: hh ? { supplied: hh.supplied, inspected: hh.inspected } : null,
    });
  }
  return out;
}
