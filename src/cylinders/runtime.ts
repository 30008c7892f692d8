/**
 * Per-instance state of cylinder traceability: cached settings and filling-station facts for the
 * fill check's hot path, the batched fill-check log, and a LISTEN connection on which database
 * triggers announce licence, station, entrustment and settings changes (see the migration), so
 * every instance drops a stale entry at once; the short TTL covers a lost connection.
 */
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Db, Executor } from '../db/db.js';
import type { Clock } from '../shared/clock.js';
import type { FillStationFacts } from './fill-check.rules.js';
import { FillCheckLog } from './fill-check.log.js';
import { DEFAULT_SETTINGS, readSettings, type CylinderSettings } from './settings.js';

export const NOTIFY_CHANNEL = 'gasguard_cylinders';

export interface StationFacts extends FillStationFacts {
  name: string;
  regionId: string;
  regionPath: string;
  kind: string;
}

/** Everything the fill check needs to know about a station, in one statement. */
export async function loadStation(db: Executor, stationId: string): Promise<StationFacts | null> {
  const res = await db.execute<{
    id: string;
    name: string;
    kind: string;
    status: string;
    region_id: string;
    path: string;
    licences: { status: string; validUntil: string | null }[] | null;
    entrustments: { ownerEnterpriseId: string; validFrom: string; validUntil: string | null; status: string }[] | null;
  }>(sql`
    SELECT e.id, e.name, e.kind, e.status, e.region_id, r.path,
      (SELECT json_agg(json_build_object('status', l.status, 'validUntil', l.valid_until))
         FROM licences l WHERE l.enterprise_id = e.id AND l.kind = 'cylinder_filling' AND l.person_id IS NULL) AS licences,
      (SELECT json_agg(json_build_object('ownerEnterpriseId', c.owner_enterprise_id, 'validFrom', c.valid_from, 'validUntil', c.valid_until, 'status', c.status))
         FROM cylinder_entrustments c WHERE c.station_id = e.id) AS entrustments
    FROM enterprises e JOIN regions r ON r.id = e.region_id
    WHERE e.id = ${stationId}`);
  const row = res.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: row.status,
    regionId: row.region_id,
    regionPath: row.path,
    licences: row.licences ?? [],
    entrustments: row.entrustments ?? [],
  };
}

interface Cached<T> {
  value: T;
  until: number;
}

export class CylinderRuntime {
  private settingsCache: Cached<CylinderSettings> | null = null;
  private readonly stations = new Map<string, Cached<StationFacts | null>>();
  private listener: pg.PoolClient | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  readonly fillLog: FillCheckLog;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    log: (msg: string, err?: unknown) => void,
  ) {
    this.fillLog = new FillCheckLog(db, clock, () => this.settings(), log);
  }

  /** Settings, cached for the station cache's TTL (a change is announced and drops the cache). */
  async settings(): Promise<CylinderSettings> {
    const now = Date.now();
    if (this.settingsCache && this.settingsCache.until > now) return this.settingsCache.value;
    const value = await readSettings(this.db);
    this.settingsCache = { value, until: now + value.stationCacheSeconds * 1000 };
    return value;
  }

  /** A station's facts from the cache (TTL `stationCacheSeconds`), or one query. */
  async station(stationId: string): Promise<StationFacts | null> {
    const now = Date.now();
    const hit = this.stations.get(stationId);
    if (hit && hit.until > now) return hit.value;
    const value = await loadStation(this.db, stationId);
    const ttl = (this.settingsCache?.value ?? DEFAULT_SETTINGS).stationCacheSeconds * 1000;
    if (this.stations.size > 50_000) this.stations.clear();
    this.stations.set(stationId, { value, until: now + ttl });
    return value;
  }

  /** Drop cached facts: `station:<id>`, `settings`, or anything else (everything). */
  invalidate(what: string): void {
    if (what.startsWith('station:')) this.stations.delete(what.slice(8));
    else if (what === 'settings') this.settingsCache = null;
    else {
      this.stations.clear();
      this.settingsCache = null;
    }
  }

  /** Listen for change announcements; reconnects after a lost connection. */
  async start(): Promise<void> {
    this.fillLog.start();
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    try {
      const client = await this.db.$client.connect();
      client.on('notification', (m) => this.invalidate(m.payload ?? ''));
      client.on('error', () => {
        if (this.listener === client) this.listener = null;
        client.release(true);
        this.invalidate('all');
        this.scheduleRetry();
      });
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      this.listener = client;
    } catch {
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen();
    }, 5_000);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.fillLog.close();
    const l = this.listener;
    this.listener = null;
    if (l) {
      await l.query(`UNLISTEN ${NOTIFY_CHANNEL}`).catch(() => undefined);
      l.release();
    }
  }
}

const runtimes = new WeakMap<object, CylinderRuntime>();

/** The runtime of an app (keyed by its deps object), e.g. for tests to flush the fill-check log. */
export function runtimeOf(deps: object): CylinderRuntime {
  const rt = runtimes.get(deps);
  if (!rt) throw new Error('cylinder routes are not registered on this app');
  return rt;
}

export function attachRuntime(deps: object, rt: CylinderRuntime): void {
  runtimes.set(deps, rt);
}
