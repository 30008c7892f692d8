import { sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../db/db.js';

/**
 * Keeps the dashboard's summaries (dash_hazard_daily, dash_subject_counts) up to date. Statement
 * triggers on hazards append signed contributions of every change to dash_delta, and markers to
 * dash_dirty ('subjects' when a registry table changed, 'rebuild' when regions moved)
 * (0011_dashboard_feed.sql, 0018_dashboard_deltas.sql). This job, every 30 s on every instance,
 * takes a transaction-level advisory lock (one instance works, the others skip) and, in one
 * REPEATABLE READ transaction, deletes the deltas and markers it can see and applies them (or
 * rebuilds from the same snapshot). Entries committed meanwhile stay for the next round, so
 * nothing is lost or counted twice, and figures are never staler than one round plus its duration.
 */
const REFRESH_LOCK = 7303001;
const OPEN = sql.raw(`('reported','assigned','rectifying','awaiting_review')`);
/** Days recomputed per statement in a full rebuild (bounds memory on millions of hazards). */
const CHUNK_DAYS = 31;

/** Every region id on the path of each region in `regionIds` (itself included). */
const ancestorsOf = (leafRegions: SQL) => sql`
  SELECT r.id AS region_id, a.id::uuid AS ancestor_id
  FROM regions r CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from r.path), '/')) AS a(id)
  WHERE r.id IN (${leafRegions})`;

/**
 * Recompute dash_hazard_daily for `days` (ISO dates) from the hazards: delete their rows, insert them
 * anew (the full rebuild, a month at a time). The SQL twin of dash_contributions() in the migration.
 */
export async function recomputeHazardDays(tx: Executor, days: string[]): Promise<number> {
  if (days.length === 0) return 0;
  const dayArray = sql`${`{${days.join(',')}}`}::date[]`;
  await tx.execute(sql`DELETE FROM dash_hazard_daily WHERE day = ANY(${dayArray})`);
  const res = await tx.execute(sql`
    WITH d AS (SELECT DISTINCT unnest(${dayArray}) AS day),
    b AS (SELECT day, day::timestamp AT TIME ZONE 'Asia/Shanghai' AS lo, (day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS hi FROM d),
    ev AS (
      SELECT h.region_id, b.day, 1 AS found, (h.severity = 'major')::int AS found_major, (h.state = 'closed')::int AS found_closed,
             (h.rebound_of IS NOT NULL)::int AS rebounds, (h.source = 'public_report')::int AS found_public,
             0 AS closed, 0 AS closed_major, 0 AS closed_on_time, 0 AS due_open, 0 AS due_open_major
      FROM b JOIN hazards h ON h.found_at >= b.lo AND h.found_at < b.hi
      WHERE h.state <> 'voided'
      UNION ALL
      SELECT h.region_id, b.day, 0, 0, 0, 0, 0, 1, (h.severity = 'major')::int, (h.deadline IS NULL OR b.day <= h.deadline)::int, 0, 0
      FROM b JOIN hazards h ON h.closed_at >= b.lo AND h.closed_at < b.hi
      WHERE h.closed_at IS NOT NULL AND h.state = 'closed'
      UNION ALL
      SELECT h.region_id, d.day, 0, 0, 0, 0, 0, 0, 0, 0, 1, (h.severity = 'major')::int
      FROM d JOIN hazards h ON h.deadline = d.day
      WHERE h.state IN ${OPEN}
    ),
    leaf AS (
      SELECT region_id, day, sum(found) AS found, sum(found_major) AS found_major, sum(found_closed) AS found_closed, sum(rebounds) AS rebounds,
             sum(found_public) AS found_public, sum(closed) AS closed, sum(closed_major) AS closed_major, sum(closed_on_time) AS closed_on_time,
             sum(due_open) AS due_open, sum(due_open_major) AS due_open_major
      FROM ev GROUP BY region_id, day
    ),
    anc AS (${ancestorsOf(sql`SELECT DISTINCT region_id FROM leaf`)})
    INSERT INTO dash_hazard_daily (region_id, day, found, found_major, found_closed, rebounds, found_public, closed, closed_major, closed_on_time, due_open, due_open_major)
    SELECT anc.ancestor_id, leaf.day, sum(leaf.found), sum(leaf.found_major), sum(leaf.found_closed), sum(leaf.rebounds), sum(leaf.found_public),
           sum(leaf.closed), sum(leaf.closed_major), sum(leaf.closed_on_time), sum(leaf.due_open), sum(leaf.due_open_major)
    FROM leaf JOIN anc ON anc.region_id = leaf.region_id
    GROUP BY anc.ancestor_id, leaf.day`);
  return res.rowCount ?? 0;
}

/** Every day any hazard touches: from the first day found (or due) to the last day closed (or due). */
async function hazardDayRange(tx: Executor): Promise<{ lo: string; hi: string } | null> {
  const res = await tx.execute<{ lo: string | null; hi: string | null }>(sql`
    SELECT to_char(least((SELECT min(found_at) FROM hazards) AT TIME ZONE 'Asia/Shanghai', (SELECT min(deadline) FROM hazards WHERE state IN ${OPEN})), 'YYYY-MM-DD') AS lo,
           to_char(greatest((SELECT max(found_at) FROM hazards) AT TIME ZONE 'Asia/Shanghai', (SELECT max(closed_at) FROM hazards WHERE closed_at IS NOT NULL) AT TIME ZONE 'Asia/Shanghai',
                            (SELECT max(deadline) FROM hazards WHERE state IN ${OPEN})), 'YYYY-MM-DD') AS hi`);
  const r = res.rows[0];
  return r?.lo && r.hi ? { lo: r.lo, hi: r.hi } : null;
}

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Rebuild dash_hazard_daily from scratch, a month of days per statement. */
export async function rebuildHazardSummary(tx: Executor, log?: (m: string) => void): Promise<number> {
  await tx.execute(sql`DELETE FROM dash_hazard_daily`);
  const range = await hazardDayRange(tx);
  if (!range) return 0;
  let rows = 0;
  for (let start = range.lo; start <= range.hi; start = addDays(start, CHUNK_DAYS)) {
    const days: string[] = [];
    for (let i = 0; i < CHUNK_DAYS; i++) {
      const day = addDays(start, i);
      if (day > range.hi) break;
      days.push(day);
    }
    rows += await recomputeHazardDays(tx, days);
    log?.(`  dash_hazard_daily ${days[0]} … ${days[days.length - 1]}: ${rows.toLocaleString('en')} rows so far`);
  }
  return rows;
}

/** Recompute the active registry subjects per region, rolled up. */
export async function rebuildSubjectCounts(tx: Executor): Promise<number> {
  await tx.execute(sql`DELETE FROM dash_subject_counts`);
  const res = await tx.execute(sql`
    WITH s AS (
      SELECT region_id, 'venue' AS subject_type, count(*) AS n FROM venues WHERE status = 'active' GROUP BY region_id
      UNION ALL SELECT region_id, 'household', count(*) FROM households WHERE status = 'active' GROUP BY region_id
      UNION ALL SELECT region_id, 'enterprise', count(*) FROM enterprises WHERE status = 'active' GROUP BY region_id
      UNION ALL SELECT region_id, 'facility', count(*) FROM facilities WHERE status = 'active' GROUP BY region_id
    ),
    anc AS (${ancestorsOf(sql`SELECT DISTINCT region_id FROM s`)})
    INSERT INTO dash_subject_counts (region_id, subject_type, total)
    SELECT anc.ancestor_id, s.subject_type, sum(s.n) FROM s JOIN anc ON anc.region_id = s.region_id GROUP BY anc.ancestor_id, s.subject_type`);
  return res.rowCount ?? 0;
}

/** Sum the pending deltas per region and day, add them to every roll-up above, and delete them. */
export async function applyDeltas(tx: Executor): Promise<{ deltas: number; days: number }> {
  const cols = ['found', 'found_major', 'found_closed', 'rebounds', 'found_public', 'closed', 'closed_major', 'closed_on_time', 'due_open', 'due_open_major'];
  const sums = (prefix: string) => sql.raw(cols.map((c) => `sum(${prefix}${c})::int AS ${c}`).join(', '));
  const res = await tx.execute<{ deltas: number; days: number }>(sql`
    WITH d AS (DELETE FROM dash_delta RETURNING *),
    leaf AS (SELECT region_id, day, ${sums('')} FROM d GROUP BY region_id, day),
    anc AS (${ancestorsOf(sql`SELECT DISTINCT region_id FROM leaf`)}),
    ins AS (
      INSERT INTO dash_hazard_daily (region_id, day, ${sql.raw(cols.join(', '))})
      SELECT anc.ancestor_id, leaf.day, ${sums('leaf.')} FROM leaf JOIN anc ON anc.region_id = leaf.region_id GROUP BY anc.ancestor_id, leaf.day
      ON CONFLICT (region_id, day) DO UPDATE SET ${sql.raw(cols.map((c) => `${c} = dash_hazard_daily.${c} + excluded.${c}`).join(', '))}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM d)::int AS deltas, (SELECT count(DISTINCT day) FROM d)::int AS days, (SELECT count(*) FROM ins)::int AS rows`);
  return { deltas: Number(res.rows[0]?.deltas ?? 0), days: Number(res.rows[0]?.days ?? 0) };
}

export interface RefreshResult {
  ran: boolean;
  rebuilt: boolean;
  /** Delta rows applied, and the distinct days they touched. */
  deltas: number;
  days: number;
  subjects: boolean;
  ms: number;
}

/** One round of the dashboard job (see the file comment). `rebuild` forces a full rebuild. */
export async function refreshSummaries(db: Db, opts: { rebuild?: boolean; log?: (m: string) => void } = {}): Promise<RefreshResult> {
  const t0 = Date.now();
  const skipped = { ran: false, rebuilt: false, deltas: 0, days: 0, subjects: false };
  const result = await db.transaction(
    async (tx) => {
      const lock = await tx.execute<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${REFRESH_LOCK}) AS ok`);
      if (!lock.rows[0]?.ok) return skipped;
      // Day ranges are parameters, so row estimates are generic; JIT would compile for millions of rows.
      await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
      await tx.execute(sql`SET LOCAL jit = off`);
      const markers = await tx.execute<{ kind: string }>(sql`DELETE FROM dash_dirty RETURNING kind`);
      const rebuild = opts.rebuild === true || markers.rows.some((r) => r.kind === 'rebuild');
      const subjects = rebuild || markers.rows.some((r) => r.kind === 'subjects');
      let applied = { deltas: 0, days: 0 };
      if (rebuild) {
        // The same snapshot as the rebuild's reads: deltas it can see are in the rebuild; later ones stay.
        await tx.execute(sql`DELETE FROM dash_delta`);
        await rebuildHazardSummary(tx, opts.log);
      } else {
        applied = await applyDeltas(tx);
      }
      if (subjects) await rebuildSubjectCounts(tx);
      const info = { rebuilt: rebuild, ...applied, subjects };
      await tx.execute(sql`
        INSERT INTO dash_state (key, refreshed_at, info) VALUES ('dashboard', now(), ${JSON.stringify(info)}::jsonb)
        ON CONFLICT (key) DO UPDATE SET refreshed_at = excluded.refreshed_at, info = excluded.info`);
      return { ran: true, ...info };
    },
    { isolationLevel: 'repeatable read' },
  );
  return { ...result, ms: Date.now() - t0 };
}

/** When the summaries were last refreshed (null before the first round). */
export async function summariesRefreshedAt(db: Executor): Promise<string | null> {
  const res = await db.execute<{ at: string }>(sql`SELECT to_char(refreshed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at FROM dash_state WHERE key = 'dashboard'`);
  return res.rows[0]?.at ?? null;
}
