/**
 * The one ingestion pipeline of MQTT and HTTP telemetry (R7.2). Parsed messages wait in a bounded
 * in-memory queue; one flusher at a time takes up to `maxBatch` of them (or whatever came within
 * `flushMs`), resolves device codes, and hands the batch to the store, which commits it in one
 * transaction. Only then is each message's `done` called — that is when MQTT sends its PUBACK and
 * HTTP answers — so a crash before the commit loses nothing: the broker or the gateway sends again,
 * and the sequence window drops what had been stored already (at-least-once + dedupe).
 *
 * Failures: a database that is unreachable is retried with back-off, holding the batch (the queue
 * fills, intake pauses). A batch the database refuses for its content is split in halves until the
 * one bad message is found; that one is rejected (`store_failed`) and its neighbours are stored.
 */
import type { RejectReason, Reading } from './telemetry.parse.js';

export type StoreStatus = 'applied' | 'late' | 'duplicate' | 'stale' | 'retired';
export type Outcome = { status: 'applied' | 'late' | 'duplicate' } | { status: 'rejected'; reason: RejectReason };

export interface DeviceRef {
  id: string;
  code: string;
  regionPath: string;
  enterpriseId: string | null;
  status: string;
}

export interface StoreItem {
  deviceId: string;
  reading: Reading;
  receivedAt: number;
}

/** The database side, as a port (tests use a fake). */
export interface BatchStore {
  resolve(codes: string[]): Promise<Map<string, DeviceRef>>;
  store(items: StoreItem[]): Promise<StoreStatus[]>;
}

export interface PipelineOptions {
  maxBatch: number;
  flushMs: number;
  /** Queue length at which intake should pause (MQTT stops reading; HTTP is refused). */
  maxQueue: number;
  log(level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>): void;
  sleep?: (ms: number) => Promise<void>;
}

interface Queued {
  code: string;
  reading: Reading;
  receivedAt: number;
  done: (o: Outcome) => void;
}

/** Counters of one instance since start (GET /api/v1/telemetry/stats). */
export interface IngestCounters {
  received: number;
  applied: number;
  late: number;
  duplicate: number;
  rejected: number;
  rejectedBy: Partial<Record<RejectReason, number>>;
  batches: number;
  retries: number;
  lastBatchSize: number;
  lastBatchMs: number;
}

/** Errors that say the database is unavailable (retry the same batch), not that the data is bad. */
export function isTransient(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string') return e instanceof Error && /terminat|timeout|ECONN|socket|Connection/i.test(e.message);
  return /^(08|53|57P|58|40001|40P01|55P03|ECONN|ETIMEDOUT|EPIPE|ENOTFOUND)/.test(code);
}

export class IngestPipeline {
  private queue: Queued[] = [];
  private flushing = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly pauseListeners = new Set<(paused: boolean) => void>();
  private paused = false;
  private idleWaiters: (() => void)[] = [];
  private draining = 0;
  readonly counters: IngestCounters = { received: 0, applied: 0, late: 0, duplicate: 0, rejected: 0, rejectedBy: {}, batches: 0, retries: 0, lastBatchSize: 0, lastBatchMs: 0 };
  private readonly logWindow = { start: 0, logged: 0, suppressed: 0 };

  constructor(
    private readonly store: BatchStore,
    private readonly o: PipelineOptions,
  ) {}

  get depth(): number {
    return this.queue.length;
  }

  /** Called with true when intake should pause and false when it may go on. */
  onPause(listener: (paused: boolean) => void): () => void {
    this.pauseListeners.add(listener);
    return () => this.pauseListeners.delete(listener);
  }

  /** Count and log a refused message (rate-limited log: at most 20 lines a minute, then a summary). */
  reject(reason: RejectReason, detail: Record<string, unknown>, done?: (o: Outcome) => void): void {
    this.counters.received++;
    this.countReject(reason, detail);
    done?.({ status: 'rejected', reason });
  }

  private countReject(reason: RejectReason, detail: Record<string, unknown>): void {
    this.counters.rejected++;
    this.counters.rejectedBy[reason] = (this.counters.rejectedBy[reason] ?? 0) + 1;
    const now = Date.now();
    const w = this.logWindow;
    if (now - w.start > 60_000) {
      if (w.suppressed) this.o.log('warn', `telemetry: ${w.suppressed} more refused messages in the last minute (see counters)`);
      w.start = now;
      w.logged = 0;
      w.suppressed = 0;
    }
    if (w.logged < 20) {
      w.logged++;
      this.o.log('warn', `telemetry refused: ${reason}`, { reason, ...detail });
    } else w.suppressed++;
  }

  /** Queue one valid message; `done` is called after its batch committed (or it was refused). */
  submit(code: string, reading: Reading, receivedAt: number, done: (o: Outcome) => void): void {
    this.counters.received++;
    if (this.closed) {
      this.countReject('store_failed', { code, why: 'shutting down' });
      done({ status: 'rejected', reason: 'store_failed' });
      return;
    }
    this.queue.push({ code, reading, receivedAt, done });
    if (!this.paused && this.queue.length >= this.o.maxQueue) this.setPaused(true);
    this.kick();
  }

  /** Queue many and wait for all of them (HTTP). */
  submitAll(items: { code: string; reading: Reading; receivedAt: number }[]): Promise<Outcome[]> {
    return Promise.all(items.map((i) => new Promise<Outcome>((resolve) => this.submit(i.code, i.reading, i.receivedAt, resolve))));
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private setPaused(p: boolean): void {
    this.paused = p;
    for (const l of this.pauseListeners) l(p);
  }

  private kick(): void {
    if (this.flushing) return;
    if (this.queue.length >= this.o.maxBatch) {
      void this.flush();
    } else if (!this.timer && this.queue.length > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, this.o.flushMs);
    }
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.o.maxBatch);
        if (this.paused && this.queue.length < this.o.maxQueue / 2) this.setPaused(false);
        await this.process(batch);
        if (this.queue.length < this.o.maxBatch && this.draining === 0) break;
      }
    } finally {
      this.flushing = false;
    }
    if (this.paused && this.queue.length < this.o.maxQueue / 2) this.setPaused(false);
    for (const w of this.idleWaiters.splice(0)) w();
    this.kick();
  }

  private async process(batch: Queued[]): Promise<void> {
    const t0 = performance.now();
    const refs = await this.retrying(() => this.store.resolve([...new Set(batch.map((q) => q.code))]));
    const known: { q: Queued; deviceId: string }[] = [];
    for (const q of batch) {
      const ref = refs.get(q.code);
      if (!ref) this.finish(q, { status: 'rejected', reason: 'unknown_device' });
      else if (ref.status !== 'active') this.finish(q, { status: 'rejected', reason: 'device_retired' });
      else known.push({ q, deviceId: ref.id });
    }
    await this.storeSplitting(known);
    this.counters.batches++;
    this.counters.lastBatchSize = batch.length;
    this.counters.lastBatchMs = Math.round(performance.now() - t0);
  }

  private async storeSplitting(items: { q: Queued; deviceId: string }[]): Promise<void> {
    if (items.length === 0) return;
    let statuses: StoreStatus[];
    try {
      statuses = await this.retrying(() => this.store.store(items.map((i) => ({ deviceId: i.deviceId, reading: i.q.reading, receivedAt: i.q.receivedAt }))));
    } catch (e) {
      if (items.length === 1) {
        this.o.log('error', `telemetry message could not be stored: ${e instanceof Error ? e.message : String(e)}`, { code: items[0]!.q.code });
        this.finish(items[0]!.q, { status: 'rejected', reason: 'store_failed' });
        return;
      }
      const half = Math.ceil(items.length / 2);
      await this.storeSplitting(items.slice(0, half));
      await this.storeSplitting(items.slice(half));
      return;
    }
    items.forEach((it, i) => {
      const s = statuses[i] ?? 'stale';
      this.finish(it.q, s === 'stale' ? { status: 'rejected', reason: 'stale' } : s === 'retired' ? { status: 'rejected', reason: 'device_retired' } : { status: s });
    });
  }

  /** Run `fn`; retry transient failures for as long as it takes (back-off to 5 s), others twice. */
  private async retrying<T>(fn: () => Promise<T>): Promise<T> {
    const sleep = this.o.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    let delay = 100;
    let hardFailures = 0;
    for (;;) {
      try {
        return await fn();
      } catch (e) {
        const transient = isTransient(e);
        if (!transient && ++hardFailures >= 2) throw e;
        if (transient && this.closed && delay >= 5000) throw e;
        this.counters.retries++;
        this.o.log('warn', `telemetry batch failed (${transient ? 'database unavailable' : 'refused'}), retrying: ${e instanceof Error ? e.message : String(e)}`);
        await sleep(delay);
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  private finish(q: Queued, o: Outcome): void {
    if (o.status === 'rejected') this.countReject(o.reason, { code: q.code });
    else this.counters[o.status]++;
    q.done(o);
  }

  /** Resolves when everything queued so far has been processed. */
  async drain(): Promise<void> {
    this.draining++;
    try {
      while (this.queue.length > 0 || this.flushing) {
        if (this.flushing) await new Promise<void>((r) => this.idleWaiters.push(r));
        else await this.flush();
      }
    } finally {
      this.draining--;
    }
  }

  /** Stop taking messages and finish what is queued. */
  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
