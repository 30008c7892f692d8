/**
 * Order and duplicates of one device's messages (R7.2), pure. A message is newer than the state
 * when its (ts, seq) is later; only newer messages change the device state (never backwards).
 * Duplicates are recognised by sequence number: `window` has bit i set when seq `lastSeq-1-i` was
 * seen, for the 32 numbers below `lastSeq` (an MQTT redelivery or an HTTP retry comes back within
 * a few messages). A counter that restarts (device reboot) shows as a lower seq with a newer ts.
 */
export const SEQ_WINDOW = 32;

export interface SeqState {
  lastTs: number | null;
  lastSeq: number | null;
  window: number;
}

/**
 * applied: newer than the state (stored, applied); late: older but not seen before (stored, not
 * applied); duplicate: seen before (dropped); stale: older than the window can tell (refused).
 */
export type Disposition = 'applied' | 'late' | 'duplicate' | 'stale';

export interface SeqDecision {
  disposition: Disposition;
  next: SeqState;
}

function advance(s: SeqState, ts: number, seq: number | null): SeqState {
  if (seq === null) return { lastTs: ts, lastSeq: s.lastSeq, window: s.window };
  if (s.lastSeq === null || seq <= s.lastSeq) return { lastTs: ts, lastSeq: seq, window: 0 }; // first seq, or counter restarted
  const shift = seq - s.lastSeq;
  const window = shift > SEQ_WINDOW ? 0 : shift === SEQ_WINDOW ? 0x80000000 : ((s.window << shift) | (1 << (shift - 1))) >>> 0;
  return { lastTs: ts, lastSeq: seq, window };
}

export function sequence(s: SeqState, ts: number, seq: number | null): SeqDecision {
  if (s.lastTs === null) return { disposition: 'applied', next: advance(s, ts, seq) };
  const newer = ts > s.lastTs || (ts === s.lastTs && seq !== null && s.lastSeq !== null && seq > s.lastSeq);
  if (newer) return { disposition: 'applied', next: advance(s, ts, seq) };
  if (seq === null || s.lastSeq === null) return { disposition: ts === s.lastTs ? 'duplicate' : 'late', next: s };
  if (seq === s.lastSeq) return { disposition: 'duplicate', next: s };
  if (seq > s.lastSeq) return { disposition: 'late', next: s }; // higher number, older time: keep it, change nothing
  const d = s.lastSeq - seq;
  if (d > SEQ_WINDOW) return { disposition: 'stale', next: s };
  const bit = (1 << (d - 1)) >>> 0;
  if ((s.window & bit) !== 0) return { disposition: 'duplicate', next: s };
  return { disposition: 'late', next: { ...s, window: (s.window | bit) >>> 0 } };
}
