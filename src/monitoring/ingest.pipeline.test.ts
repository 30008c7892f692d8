import { describe, expect, it } from 'vitest';
import { IngestPipeline, type BatchStore, type DeviceRef, type Outcome, type StoreItem, type StoreStatus } from './ingest.pipeline.js';
import type { Reading } from './telemetry.parse.js';

const reading = (seq: number, over: Partial<Reading> = {}): Reading => ({ ts: 1000 + seq, seq, ch4: 1, co: null, valve: null, battery: null, fault: null, ...over });
const ref = (code: string): DeviceRef => ({ id: `id-${code}`, code, regionPath: '/r/', enterpriseId: null, status: 'active' });

/** A store in memory: fails as told, records what it committed. */
function fakeStore(opts: { poison?: (i: StoreItem) => boolean; downFor?: number } = {}) {
  const committed: StoreItem[] = [];
  let calls = 0;
  const store: BatchStore = {
    resolve: async (codes) => new Map(codes.filter((c) => c !== 'unknown').map((c) => [c, ref(c)])),
    store: async (items) => {
      calls++;
      if (opts.downFor && calls <= opts.downFor) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
      if (opts.poison && items.some(opts.poison)) throw Object.assign(new Error('invalid input'), { code: '22P02' });
      committed.push(...items);
      return items.map((): StoreStatus => 'applied');
    },
  };
  return { store, committed, calls: () => calls };
}

const pipeline = (store: BatchStore, over: Partial<ConstructorParameters<typeof IngestPipeline>[1]> = {}) =>
  new IngestPipeline(store, { maxBatch: 100, flushMs: 5, maxQueue: 1000, log: () => undefined, sleep: async () => undefined, ...over });

function submitN(p: IngestPipeline, n: number, code = (i: number) => `D${i % 7}`): Promise<Outcome>[] {
  return Array.from({ length: n }, (_, i) => new Promise<Outcome>((r) => p.submit(code(i), reading(i), 0, r)));
}

describe('R7.2 ingestion pipeline', () => {
  it('batches by size and by time, and calls done only after the store committed', async () => {
    const f = fakeStore();
    const p = pipeline(f.store);
    const outcomes = await Promise.all(submitN(p, 250));
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(f.committed.length).toBe(250);
    expect(p.counters.batches).toBeGreaterThanOrEqual(3);
  });

  it('a message the database refuses is isolated by splitting the batch; its neighbours are stored', async () => {
    const f = fakeStore({ poison: (i) => i.reading.seq === 42 });
    const p = pipeline(f.store);
    const outcomes = await Promise.all(submitN(p, 100));
    expect(outcomes[42]).toEqual({ status: 'rejected', reason: 'store_failed' });
    expect(outcomes.filter((o) => o.status === 'applied').length).toBe(99);
    expect(f.committed.length).toBe(99);
    expect(p.counters.rejectedBy.store_failed).toBe(1);
  });

  it('an unavailable database is retried with the same batch: nothing is lost or refused', async () => {
    const f = fakeStore({ downFor: 5 });
    const p = pipeline(f.store);
    const outcomes = await Promise.all(submitN(p, 50));
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(f.committed.length).toBe(50);
    expect(p.counters.retries).toBe(5);
  });

  it('unknown devices are refused, known ones around them stored', async () => {
    const f = fakeStore();
    const p = pipeline(f.store);
    const outcomes = await Promise.all(submitN(p, 10, (i) => (i === 4 ? 'unknown' : 'D1')));
    expect(outcomes[4]).toEqual({ status: 'rejected', reason: 'unknown_device' });
    expect(f.committed.length).toBe(9);
  });

  it('malformed messages are counted by reason', () => {
    const p = pipeline(fakeStore().store);
    let got: Outcome | null = null;
    p.reject('ch4_invalid', { code: 'X' }, (o) => (got = o));
    p.reject('ch4_invalid', { code: 'Y' });
    expect(got).toEqual({ status: 'rejected', reason: 'ch4_invalid' });
    expect(p.counters).toMatchObject({ received: 2, rejected: 2, rejectedBy: { ch4_invalid: 2 } });
  });

  it('asks intake to pause when the queue is full and to resume once it drained below half', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const f = fakeStore();
    const slow: BatchStore = { resolve: f.store.resolve, store: async (items) => (await gate, f.store.store(items)) };
    const p = pipeline(slow, { maxQueue: 50, maxBatch: 10 });
    const events: boolean[] = [];
    p.onPause((x) => events.push(x));
    const all = submitN(p, 80);
    expect(events).toEqual([true]);
    release();
    await Promise.all(all);
    expect(events).toEqual([true, false]);
    expect(f.committed.length).toBe(80);
  });

  it('close() finishes what is queued', async () => {
    const f = fakeStore();
    const p = pipeline(f.store, { flushMs: 10_000 });
    const all = submitN(p, 30);
    await p.close();
    expect((await Promise.all(all)).length).toBe(30);
    expect(f.committed.length).toBe(30);
  });
});
