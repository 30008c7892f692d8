/**
 * The fill-check log (R6.2): every scan is appended to `cylinder_fill_checks`, batched so the
 * scales' hot path never waits for a write: entries are queued in memory and written every 100 ms
 * (or at 500 queued) as ONE multi-row INSERT … SELECT FROM unnest(…). The queue is flushed on
 * shutdown; a failed write is retried. Not the audit chain: no global lock on this path.
 *
 * After a write with denials, each station concerned is checked against the repeated-denial rule
 * (≥ threshold denials within the window, settings) and gets ONE hazard while that hazard is open.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import type { Db } from '../db/db.js';
import { hazards } from '../db/schema/index.js';
import { OPEN_STATES } from '../hazards/hazard.rules.js';
import { createHazard } from '../hazards/hazards.service.js';
import { loadSubject } from '../registry/subjects.js';
import type { Clock } from '../shared/clock.js';
import { t } from '../shared/i18n.js';
import type { CylinderSettings } from './settings.js';

export interface FillCheckEntry {
  at: Date;
  stationId: string;
  stationRegionId: string;
  cylinderId: string | null;
  code: string;
  allowed: boolean;
  reasons: readonly string[];
  accountId: string | null;
  tokenId: string | null;
  actorLabel: string;
}

/** The hazard's source reference: one open hazard per station from this rule. */
export const DENIAL_HAZARD_REF = 'cylinder-fill-denials';
const BATCH = 1_000;
const MAX_QUEUED = 200_000;
/** After a station got (or already had) its hazard, skip re-counting it for this long. */
const QUIET_MS = 10 * 60_000;

export class FillCheckLog {
  private queue: FillCheckEntry[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private readonly quiet = new Map<string, number>();
  dropped = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: () => Promise<CylinderSettings>,
    private readonly log: (msg: string, err?: unknown) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), 100);
    this.timer.unref();
  }

  add(e: FillCheckEntry): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.queue.shift();
      this.dropped++;
    }
    this.queue.push(e);
    if (this.queue.length >= 500) void this.flush();
  }

  /** Write everything queued so far (flushes run one after another). */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.drain()).catch((err: unknown) => this.log('fill-check log write failed', err));
    return this.chain;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, BATCH);
      try {
        await this.write(batch);
      } catch (err) {
        this.queue.unshift(...batch);
        throw err;
      }
      const denied = [...new Set(batch.filter((e) => !e.allowed).map((e) => e.stationId))];
      if (denied.length) await this.checkDenials(denied);
    }
  }

  private async write(batch: FillCheckEntry[]): Promise<void> {
    const col = <T>(f: (e: FillCheckEntry) => T) => sql.param(batch.map(f));
    await this.db.execute(sql`
      INSERT INTO cylinder_fill_checks (at, station_id, station_region_id, cylinder_id, code, allowed, reasons, account_id, token_id, actor_label)
      SELECT at, station_id, station_region_id, cylinder_id, code, allowed, string_to_array(reasons, ',')::text[], account_id, token_id, actor_label
      FROM unnest(${col((e) => e.at.toISOString())}::timestamptz[], ${col((e) => e.stationId)}::uuid[], ${col((e) => e.stationRegionId)}::uuid[],
                  ${col((e) => e.cylinderId)}::uuid[], ${col((e) => e.code)}::text[], ${col((e) => e.allowed)}::boolean[], ${col((e) => e.reasons.join(','))}::text[],
                  ${col((e) => e.accountId)}::uuid[], ${col((e) => e.tokenId)}::uuid[], ${col((e) => e.actorLabel)}::text[])
        AS x(at, station_id, station_region_id, cylinder_id, code, allowed, reasons, account_id, token_id, actor_label)`);
  }

  /** Raise the repeated-denial hazard for stations at or over the threshold (R6.2). */
  private async checkDenials(stationIds: string[]): Promise<void> {
    const nowMs = this.clock.now().getTime();
    const due = stationIds.filter((id) => (this.quiet.get(id) ?? 0) <= nowMs);
    if (!due.length) return;
    const s = await this.settings();
    const since = new Date(nowMs - s.denialHazardWindowHours * 3_600_000);
    const over = await this.db.execute<{ station_id: string; n: number }>(sql`
      SELECT station_id, count(*)::int AS n FROM cylinder_fill_checks
      WHERE station_id = ANY(${sql.param(due)}::uuid[]) AND at > ${since.toISOString()}::timestamptz AND NOT allowed
      GROUP BY station_id HAVING count(*) >= ${s.denialHazardThreshold}`);
    for (const row of over.rows) {
      await raiseDenialHazard(this.db, row.station_id, row.n, since, s, this.clock.now());
      this.quiet.set(row.station_id, nowMs + QUIET_MS);
    }
  }
}

/**
 * One hazard for a station with repeated denials, unless it already has an open one from this
 * rule. Category 问题瓶, task kind 充装 (the matrix routes it, e.g. to market supervision), source
 * `enforcement`: it is found by supervision data, not by a visit.
 */
export async function raiseDenialHazard(db: Db, stationId: string, count: number, since: Date, s: CylinderSettings, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`cyl-denials:${stationId}`}))`);
    const [open] = await tx
      .select({ id: hazards.id })
      .from(hazards)
      .where(and(eq(hazards.subjectType, 'enterprise'), eq(hazards.subjectId, stationId), eq(hazards.sourceRef, DENIAL_HAZARD_REF), inArray(hazards.state, [...OPEN_STATES])))
      .limit(1);
    if (open) return false;
    const top = await tx.execute<{ reason: string; n: number }>(sql`
      SELECT r AS reason, count(*)::int AS n FROM cylinder_fill_checks, unnest(reasons) r
      WHERE station_id = ${stationId} AND at > ${since.toISOString()}::timestamptz AND NOT allowed
      GROUP BY r ORDER BY n DESC, r LIMIT 5`);
    const subject = await loadSubject(tx, null, 'enterprise', stationId);
    const breakdown = top.rows.map((r) => `${t('zh-CN', `cylinder.reason.${r.reason}`)} ${r.n} 次`).join('、');
    await createHazard(tx, SYSTEM_ACTOR, {
      subject,
      category: 'problem_cylinder',
      taskKind: 'filling',
      severity: 'general',
      description: `充装单位“${subject.name}”${s.denialHazardWindowHours} 小时内扫码充装被拒 ${count} 次（${breakdown}），可能在收购、充装问题气瓶，请核查（一扫一充，R6.2）`,
      measure: 'refer_market_supervision',
      basis: `一瓶一码、一扫一充：${s.denialHazardWindowHours} 小时内被拒 ≥ ${s.denialHazardThreshold} 次`,
      source: 'enforcement',
      sourceRef: DENIAL_HAZARD_REF,
      photos: [],
      foundAt: now,
    });
    return true;
  });
}
