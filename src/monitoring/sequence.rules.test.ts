import { describe, expect, it } from 'vitest';
import { SEQ_WINDOW, sequence, type SeqState } from './sequence.rules.js';

const s0: SeqState = { lastTs: null, lastSeq: null, window: 0 };

/** Feed (ts, seq) pairs in order; return the dispositions. */
function run(msgs: [number, number | null][], start: SeqState = s0) {
  let s = start;
  return msgs.map(([ts, seq]) => {
    const d = sequence(s, ts, seq);
    s = d.next;
    return d.disposition;
  });
}

describe('R7.2 message order and duplicates (sequence window)', () => {
  it('applies the first message and every newer one', () => {
    expect(run([[1000, 1], [2000, 2], [3000, 3]])).toEqual(['applied', 'applied', 'applied']);
  });

  it('drops an exact redelivery (same seq) as a duplicate, right after and later within the window', () => {
    expect(run([[1000, 1], [1000, 1]])).toEqual(['applied', 'duplicate']);
    expect(run([[1000, 1], [2000, 2], [3000, 3], [2000, 2], [1000, 1]])).toEqual(['applied', 'applied', 'applied', 'duplicate', 'duplicate']);
  });

  it('keeps an older message not seen before as late (stored, state unchanged), and its redelivery as duplicate', () => {
    expect(run([[1000, 1], [3000, 3], [2000, 2], [2000, 2]])).toEqual(['applied', 'applied', 'late', 'duplicate']);
  });

  it('refuses a message older than the window can tell as stale', () => {
    const msgs: [number, number][] = Array.from({ length: SEQ_WINDOW + 3 }, (_, i) => [1000 + i, i + 1]);
    expect(run([...msgs, [500, 1]]).at(-1)).toBe('stale');
    expect(run([...msgs, [500, 3]]).at(-1)).toBe('duplicate'); // exactly at the window's edge: still known
  });

  it('treats a lower seq with a newer time as a restarted counter (device reboot)', () => {
    expect(run([[1000, 500], [2000, 1], [3000, 2], [2000, 1]])).toEqual(['applied', 'applied', 'applied', 'duplicate']);
  });

  it('orders by seq when two messages share a millisecond', () => {
    expect(run([[1000, 1], [1000, 2], [1000, 2]])).toEqual(['applied', 'applied', 'duplicate']);
  });

  it('without seq: the same ts is a duplicate, an older ts is late', () => {
    expect(run([[1000, null], [1000, null], [900, null], [1100, null]])).toEqual(['applied', 'duplicate', 'late', 'applied']);
  });

  it('a jump beyond the window forgets the old bits; exactly 32 keeps the previous last seq', () => {
    const far = sequence({ lastTs: 1, lastSeq: 1, window: 0xffffffff }, 2, 100);
    expect(far.next).toEqual({ lastTs: 2, lastSeq: 100, window: 0 });
    const edge = sequence({ lastTs: 1, lastSeq: 1, window: 0 }, 2, 33);
    expect(edge.next.window).toBe(0x80000000);
    expect(sequence(edge.next, 1, 1).disposition).toBe('duplicate');
  });

  it('a higher seq with an older time is kept but changes nothing', () => {
    const d = sequence({ lastTs: 5000, lastSeq: 5, window: 0 }, 4000, 9);
    expect(d.disposition).toBe('late');
    expect(d.next).toEqual({ lastTs: 5000, lastSeq: 5, window: 0 });
  });
});
