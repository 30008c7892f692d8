/**
 * Alarm changes to live boards (R7.4) across instances: whoever changes alarms runs
 * `pg_notify('gasguard_alarms', '<id>,<id>…')` in its transaction (delivered at commit); every
 * instance LISTENs on one dedicated connection, loads the changed alarms once, and hands each to
 * its SSE clients that may see it (region subtree, own enterprise or venue). The connection is
 * opened with the first client and re-opened after a drop; clients are told to `resync` then.
 */
import pg from 'pg';
import type { Db } from '../db/db.js';
import type { Principal } from '../shared/principal.js';
import { loadAlarmsForBoard, type BoardAlarm } from './alarms.repository.js';

export const ALARM_CHANNEL = 'gasguard_alarms';

export interface BoardClient {
  principal: Principal;
  send(event: 'alarm' | 'resync', data: unknown): void;
  end(): void;
}

/** May this caller see an alarm at `regionPath` of `enterpriseId`/`venueId`? (same rule as scope.ts) */
export function canSee(p: Principal, a: { regionPath: string; enterpriseId: string | null; venueId: string | null }): boolean {
  if (!a.regionPath.startsWith(p.regionPath)) return false;
  if (p.enterpriseId && a.enterpriseId !== p.enterpriseId) return false;
  if (p.venueId && a.venueId !== p.venueId) return false;
  return true;
}

export class AlarmBus {
  private clients = new Set<BoardClient>();
  private conn: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  /** Alarms delivered (for tests and the stats endpoint). */
  delivered = 0;

  constructor(
    private readonly db: Db,
    private readonly log: (m: string) => void,
  ) {}

  /** Add a board client; resolves once this instance listens, so no change after it is missed. */
  async subscribe(client: BoardClient): Promise<() => void> {
    this.clients.add(client);
    await this.ensureListening();
    return () => this.clients.delete(client);
  }

  get size(): number {
    return this.clients.size;
  }

  private ensureListening(): Promise<void> {
    if (this.conn || this.closed) return Promise.resolve();
    this.connecting ??= this.listen().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async listen(): Promise<void> {
    const conn = new pg.Client(this.db.$client.options);
    conn.on('notification', (n) => {
      if (n.channel === ALARM_CHANNEL && n.payload) void this.deliver(n.payload.split(','));
    });
    const dropped = () => {
      if (this.conn !== conn) return;
      this.conn = null;
      if (this.closed) return;
      this.log('alarm board: LISTEN connection lost; reconnecting');
      for (const c of this.clients) c.send('resync', {});
      this.retry = setTimeout(() => void this.ensureListening().catch(() => undefined), 1000);
      this.retry.unref();
    };
    conn.on('error', dropped);
    conn.on('end', dropped);
    try {
      await conn.connect();
      await conn.query(`LISTEN ${ALARM_CHANNEL}`);
      this.conn = conn;
    } catch (e) {
      await conn.end().catch(() => undefined);
      this.log(`alarm board: cannot LISTEN: ${e instanceof Error ? e.message : String(e)}`);
      if (!this.closed) {
        this.retry = setTimeout(() => void this.ensureListening().catch(() => undefined), 2000);
        this.retry.unref();
      }
    }
  }

  private async deliver(ids: string[]): Promise<void> {
    if (this.clients.size === 0) return;
    let alarms: BoardAlarm[];
    try {
      alarms = await loadAlarmsForBoard(this.db, ids);
    } catch (e) {
      this.log(`alarm board: cannot load changed alarms: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    for (const a of alarms) {
      for (const c of this.clients) {
        if (!canSee(c.principal, a.scope)) continue;
        c.send('alarm', a.present(c.principal));
        this.delivered++;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    for (const c of this.clients) c.end();
    this.clients.clear();
    await this.connecting?.catch(() => undefined);
    const conn = this.conn;
    this.conn = null;
    await conn?.end().catch(() => undefined);
  }
}
