/**
 * Anomaly scan (R6.4): incremental from the last processed event id, set-based, under an advisory
 * lock so one instance works at a time. Small increments read only the cylinders the new events
 * touch; a large increment (over 500,000 events, e.g. the first scan of a city) walks all cylinders
 * in 16 id ranges, two at a time, each straight
 * along the timeline index. Events younger than `scanSettleSeconds` wait for the next run, so a
 * transaction still committing a lower id is not skipped. Also: lists per region with an explanation.
 */
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { recordAudit } from '../audit/audit.js';
import { schema, type Db, type Executor } from '../db/db.js';
import { cylinderAnomalies, cylinders, regions, settings } from '../db/schema/index.js';
import { AppError, forbidden, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { t, type Locale } from '../shared/i18n.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, recordScope } from '../shared/scope.js';
import { maskPersonName } from '../shared/validation.js';
import { chinaIso } from './dates.js';
import { scanStatement, type AnomalyKind, type Selection } from './anomalies.sql.js';
import { readSettings } from './settings.js';

export const CURSOR_KEY = 'cylinders.anomalies.cursor';
const SCAN_LOCK = 7301010;
/** More new events than this: walk all cylinders by id range instead of collecting the touched ones. */
const RANGE_MODE_THRESHOLD = 500_000;
const SLICES = 16;

export interface ScanReport {
  ran: boolean;
  mode: 'none' | 'touched' | 'range';
  fromEventId: number;
  toEventId: number;
  anomalies: number;
  seconds: number;
}

const sliceBounds = (): Selection[] =>
  Array.from({ length: SLICES }, (_, i) => ({
    kind: 'range' as const,
    from: `${i.toString(16)}0000000-0000-0000-0000-000000000000`,
    to: i + 1 < SLICES ? `${(i + 1).toString(16)}0000000-0000-0000-0000-000000000000` : null,
  }));

/**
 * Run the scan once. Returns `ran: false` when another instance holds the lock. `full` starts
 * again from the first event (idempotent: nothing is stored twice).
 */
export async function runAnomalyScan(db: Db, now: Date, opts: { full?: boolean; concurrency?: number; forceRange?: boolean } = {}): Promise<ScanReport> {
  const started = Date.now();
  const client = await db.$client.connect();
  const ldb = drizzle(client, { schema });
  try {
    const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [SCAN_LOCK]);
    if (!got.rows[0]?.ok) return { ran: false, mode: 'none', fromEventId: 0, toEventId: 0, anomalies: 0, seconds: 0 };
    try {
      const s = await readSettings(ldb);
      const [cur] = await ldb.select({ value: settings.value }).from(settings).where(eq(settings.key, CURSOR_KEY));
      const after = opts.full ? 0 : Number((cur?.value as { lastEventId?: number } | undefined)?.lastEventId ?? 0);
      // recorded_at is the database's clock: compare with its own now().
      const top = await client.query<{ id: string }>(
        'SELECT id FROM cylinder_events WHERE id > $1 AND recorded_at <= now() - make_interval(secs => $2) ORDER BY id DESC LIMIT 1',
        [after, s.scanSettleSeconds],
      );
      const upTo = top.rows[0] ? Number(top.rows[0].id) : after;
      if (upTo <= after) return { ran: true, mode: 'none', fromEventId: after, toEventId: after, anomalies: 0, seconds: (Date.now() - started) / 1000 };
      const params = { after, upTo, maxSpeedKmh: s.maxSpeedKmh, minJumpKm: s.minJumpKm, now };
      const mode = opts.forceRange || upTo - after > RANGE_MODE_THRESHOLD ? 'range' : 'touched';
      let anomalies = 0;
      if (mode === 'touched') {
        anomalies = await ldb.transaction((tx) => runSlice(tx, { kind: 'touched' }, params));
      } else {
        // Slices on their own pooled connections, a few at a time; the lock stays on this one.
        const queue = sliceBounds();
        const workers = Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, async () => {
          for (let sel = queue.shift(); sel; sel = queue.shift()) anomalies += await db.transaction((tx) => runSlice(tx, sel, params));
        });
        await Promise.all(workers);
      }
      await ldb
        .insert(settings)
        .values({ key: CURSOR_KEY, value: { lastEventId: upTo, at: now.toISOString() } })
        .onConflictDoUpdate({ target: settings.key, set: { value: { lastEventId: upTo, at: now.toISOString() }, updatedAt: sql`now()` } });
      return { ran: true, mode, fromEventId: after, toEventId: upTo, anomalies, seconds: (Date.now() - started) / 1000 };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SCAN_LOCK]);
    }
  } finally {
    client.release();
  }
}

async function runSlice(tx: Executor, sel: Selection, params: Parameters<typeof scanStatement>[1]): Promise<number> {
  await tx.execute(sql`SET LOCAL work_mem = '128MB'`);
  // A range of cylinders read along the timeline index comes out in window order: no sort.
  if (sel.kind === 'range') await tx.execute(sql.raw('SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off'));
  const res = await tx.execute(scanStatement(sel, params));
  return res.rowCount ?? 0;
}

/** On demand (task force, platform admin): run the scan now; `full` re-scans everything (platform admin). */
export async function scanOnDemand(db: Db, p: Principal, now: Date, full: boolean): Promise<ScanReport> {
  if (p.role !== 'platform_admin' && p.role !== 'task_force') throw forbidden();
  if (full && p.role !== 'platform_admin') throw forbidden();
  const report = await runAnomalyScan(db, now, { full });
  if (!report.ran) throw new AppError('CONFLICT', 'cylinder.anomaly.scanBusy');
  await db.transaction((tx) => recordAudit(tx, actorOf(p), { action: 'cylinder.anomaly.scan', entityType: 'cylinder_anomalies', entityId: String(report.toEventId), after: report }));
  return report;
}

export function anomalyScope(p: Principal): SQL {
  return recordScope(p, { regionId: cylinderAnomalies.regionId, enterpriseId: cylinderAnomalies.enterpriseId });
}

/** The explanation of an anomaly in the reader's language, from its kind and details. */
export function explain(locale: Locale, kind: string, d: Record<string, unknown>, code: string): string {
  const when = (v: unknown) => (typeof v === 'string' ? chinaIso(new Date(v)).slice(0, 16).replace('T', ' ') : '—');
  const params: Record<string, unknown> = { ...d, code, prevDeliveryAt: when(d.prevDeliveryAt), workerName: typeof d.workerName === 'string' ? maskPersonName(d.workerName) : '—' };
  const key = kind === 'NO_LICENSED_FILLING' && !d.prevDeliveryAt ? 'NO_LICENSED_FILLING_FIRST' : kind === 'DELIVERY_UNBOUND_WORKER' && d.noVehicle ? 'DELIVERY_NO_VEHICLE' : kind;
  for (const [k, v] of Object.entries(params)) if (v === null || v === undefined) params[k] = '—';
  return t(locale, `cylinder.anomaly.${key}`, params);
}

export interface AnomalyListQuery {
  regionId?: string | undefined;
  kind?: AnomalyKind | undefined;
  status?: 'open' | 'confirmed' | 'dismissed' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  code?: string | undefined;
  page: number;
  pageSize: number;
}

async function anomalyWhere(db: Executor, p: Principal, q: Omit<AnomalyListQuery, 'page' | 'pageSize'>): Promise<SQL> {
  const conds: (SQL | undefined)[] = [anomalyScope(p)];
  if (q.regionId) {
    const r = await loadRegionInScope(db, p, q.regionId);
    conds.push(sql`${cylinderAnomalies.regionId} IN (SELECT id FROM regions WHERE path LIKE ${r.path + '%'})`);
  }
  if (q.kind) conds.push(eq(cylinderAnomalies.kind, q.kind));
  if (q.status) conds.push(eq(cylinderAnomalies.status, q.status));
  if (q.from) conds.push(gte(cylinderAnomalies.at, new Date(`${q.from}T00:00:00+08:00`)));
  if (q.to) conds.push(lt(cylinderAnomalies.at, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000)));
  if (q.code) conds.push(eq(cylinders.code, q.code.toUpperCase()));
  return and(...conds)!;
}

export async function listAnomalies(db: Executor, p: Principal, q: AnomalyListQuery, locale: Locale) {
  const where = await anomalyWhere(db, p, q);
  const [rows, count] = await Promise.all([
    db
      .select({ a: cylinderAnomalies, code: cylinders.code, regionName: regions.name })
      .from(cylinderAnomalies)
      .innerJoin(cylinders, eq(cylinders.id, cylinderAnomalies.cylinderId))
      .innerJoin(regions, eq(regions.id, cylinderAnomalies.regionId))
      .where(where)
      .orderBy(desc(cylinderAnomalies.at), desc(cylinderAnomalies.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: sql<number>`count(*)::int` }).from(cylinderAnomalies).innerJoin(cylinders, eq(cylinders.id, cylinderAnomalies.cylinderId)).where(where),
  ]);
  return {
    items: rows.map((r) => ({ ...r.a, details: maskDetails(r.a.details), code: r.code, regionName: r.regionName, explanation: explain(locale, r.a.kind, r.a.details, r.code) })),
    total: count[0]?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function maskDetails(d: Record<string, unknown>) {
  return typeof d.workerName === 'string' ? { ...d, workerName: maskPersonName(d.workerName) } : d;
}

/** Counts per kind for each direct child of a region (drill-down, R6.4 "per region"). */
export async function anomalySummary(db: Executor, p: Principal, q: { regionId?: string | undefined; from?: string | undefined; to?: string | undefined; status?: AnomalyListQuery['status'] }) {
  const region = await loadRegionInScope(db, p, q.regionId ?? p.regionId);
  const where = await anomalyWhere(db, p, { ...q, regionId: region.id });
  const res = await db.execute<{ region_id: string; region_name: string; region_code: string; kind: string; n: number }>(sql`
    SELECT ch.id AS region_id, ch.name AS region_name, ch.code AS region_code, ${cylinderAnomalies.kind} AS kind, count(*)::int AS n
    FROM ${cylinderAnomalies}
    JOIN ${cylinders} ON ${cylinders.id} = ${cylinderAnomalies.cylinderId}
    JOIN regions ar ON ar.id = ${cylinderAnomalies.regionId}
    JOIN regions ch ON ch.parent_id = ${region.id} AND left(ar.path, length(ch.path)) = ch.path
    WHERE ${where}
    GROUP BY ch.id, ch.name, ch.code, ${cylinderAnomalies.kind}
    ORDER BY ch.code, kind`);
  const byRegion = new Map<string, { regionId: string; regionName: string; regionCode: string; total: number; byKind: Record<string, number> }>();
  for (const r of res.rows) {
    const e = byRegion.get(r.region_id) ?? { regionId: r.region_id, regionName: r.region_name, regionCode: r.region_code, total: 0, byKind: {} };
    e.byKind[r.kind] = r.n;
    e.total += r.n;
    byRegion.set(r.region_id, e);
  }
  return { region: { id: region.id, name: region.name, code: region.code }, items: [...byRegion.values()] };
}

/** Confirm or dismiss an anomaly after checking it (government roles). */
export async function setAnomalyStatus(db: Db, p: Principal, id: number, status: 'open' | 'confirmed' | 'dismissed', note: string | undefined) {
  if (p.role === 'machine' || !['platform_admin', 'task_force', 'dept_officer', 'town_officer'].includes(p.role)) throw forbidden();
  return db.transaction(async (tx) => {
    const [a] = await tx.select().from(cylinderAnomalies).where(and(eq(cylinderAnomalies.id, id), anomalyScope(p))).for('update');
    if (!a) throw notFound('entity.anomaly');
    const [after] = await tx.update(cylinderAnomalies).set({ status, details: { ...a.details, statusNote: note ?? null } }).where(eq(cylinderAnomalies.id, id)).returning();
    await recordAudit(tx, actorOf(p), { action: 'cylinder.anomaly.status', entityType: 'cylinder_anomaly', entityId: String(id), regionId: a.regionId, before: { status: a.status }, after: { status, note } });
    return after!;
  });
}
