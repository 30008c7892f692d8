/**
 * Delivery rules of the robot outbox. Pure: the sender job (outbox.sender.ts) applies them.
 */

/** Messages a robot accepts per minute (企业微信 and 钉钉 alike; 钉钉 throttles 10 minutes beyond). */
export const ROBOT_MESSAGES_PER_MINUTE = 20;
/** After this many failed attempts a row is given up (failed). About 2 hours of trying. */
export const MAX_ATTEMPTS = 8;
/** At most this many items are merged into one digest, however short they are. */
export const MAX_DIGEST_ITEMS = 30;

/** Wait before the next attempt after `attempts` failed ones: 30 s, 1 min, 2 min, … at most 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface PlannedMessage<T> {
  items: T[];
  digest: boolean;
}

/**
 * What to send now to one robot: every due item alone when they all fit in what the rate limit
 * still allows this minute (`available`); otherwise the burst is merged into digests (each as
 * full as `fits` allows, at most MAX_DIGEST_ITEMS) and at most `available` of them are sent. Items
 * left over stay pending for the next minute. Order is kept.
 */
export function planDeliveries<T>(due: readonly T[], available: number, fits: (items: T[]) => boolean): PlannedMessage<T>[] {
  if (available <= 0 || due.length === 0) return [];
  if (due.length <= available) return due.map((d) => ({ items: [d], digest: false }));
  const out: PlannedMessage<T>[] = [];
  let current: T[] = [];
  for (const item of due) {
    if (current.length > 0 && (current.length >= MAX_DIGEST_ITEMS || !fits([...current, item]))) {
      out.push({ items: current, digest: current.length > 1 });
      if (out.length === available) return out;
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) out.push({ items: current, digest: current.length > 1 });
  return out;
}

/** A robot's answer: success is HTTP 2xx with `{"errcode":0}`; anything else is retried. */
export function robotOutcome(status: number, body: string): { ok: true } | { ok: false; error: string } {
  if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}: ${body.slice(0, 200)}` };
  try {
    const parsed = JSON.parse(body) as { errcode?: unknown; errmsg?: unknown };
    if (parsed.errcode === 0) return { ok: true };
    return { ok: false, error: `errcode ${String(parsed.errcode)}: ${String(parsed.errmsg ?? '')}`.slice(0, 300) };
  } catch {
    return { ok: false, error: `HTTP ${status}: not JSON: ${body.slice(0, 200)}` };
  }
}
