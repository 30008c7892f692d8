/**
 * The telemetry contract (R7.2), checked by hand for speed: one JSON.parse and a few typeof tests
 * per message. `{"ts": <epoch ms | ISO 8601>, "seq": int, "ch4": %LEL, "co": ppm,
 * "valve": "open"|"closed", "battery": %, "fault": string}`, every field but ts optional, unknown
 * fields ignored. A bad message yields a reason (counted and logged by the pipeline), never a throw.
 */

export interface Reading {
  /** Device time, epoch ms. */
  ts: number;
  seq: number | null;
  ch4: number | null;
  co: number | null;
  valve: 'open' | 'closed' | null;
  battery: number | null;
  fault: string | null;
}

export const REJECT_REASONS = [
  'too_large',
  'not_json',
  'not_object',
  'topic_invalid',
  'device_invalid',
  'ts_missing',
  'ts_invalid',
  'ts_out_of_range',
  'seq_invalid',
  'ch4_invalid',
  'co_invalid',
  'valve_invalid',
  'battery_invalid',
  'fault_invalid',
  'unknown_device',
  'device_retired',
  'out_of_scope',
  'stale',
  'store_failed',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: RejectReason };

export const MAX_PAYLOAD_BYTES = 4096;
/** Oldest device time accepted (a week back) and how far ahead a device clock may run. */
export const MAX_AGE_MS = 7 * 86_400_000;
export const MAX_AHEAD_MS = 5 * 60_000;
const DEVICE_CODE = /^[A-Za-z0-9._:-]{1,64}$/;
const TOPIC_PREFIX = 'gasguard/v1/devices/';
const TOPIC_SUFFIX = '/telemetry';

/** `gasguard/v1/devices/{deviceCode}/telemetry` → deviceCode, or null. */
export function deviceCodeOfTopic(topic: string): string | null {
  if (!topic.startsWith(TOPIC_PREFIX) || !topic.endsWith(TOPIC_SUFFIX)) return null;
  const code = topic.slice(TOPIC_PREFIX.length, topic.length - TOPIC_SUFFIX.length);
  return DEVICE_CODE.test(code) ? code : null;
}

export function isDeviceCode(v: unknown): v is string {
  return typeof v === 'string' && DEVICE_CODE.test(v);
}

const num = (v: unknown, min: number, max: number): number | null | undefined => {
  if (v === undefined || v === null) return null;
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : undefined;
};

function parseTs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v) : undefined;
  // ISO 8601 with a date and a time; a zone is required so that device time is unambiguous.
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Check the fields of an already-parsed object against the contract at server time `now`. */
export function readingOf(o: Record<string, unknown>, now: number): Parsed<Reading> {
  if (o.ts === undefined || o.ts === null) return { ok: false, reason: 'ts_missing' };
  const ts = parseTs(o.ts);
  if (ts === undefined) return { ok: false, reason: 'ts_invalid' };
  if (ts < now - MAX_AGE_MS || ts > now + MAX_AHEAD_MS) return { ok: false, reason: 'ts_out_of_range' };
  let seq: number | null = null;
  if (o.seq !== undefined && o.seq !== null) {
    if (typeof o.seq !== 'number' || !Number.isInteger(o.seq) || o.seq < 0 || o.seq > 2_147_483_647) return { ok: false, reason: 'seq_invalid' };
    seq = o.seq;
  }
  const ch4 = num(o.ch4, 0, 100);
  if (ch4 === undefined) return { ok: false, reason: 'ch4_invalid' };
  const co = num(o.co, 0, 10_000);
  if (co === undefined) return { ok: false, reason: 'co_invalid' };
  const battery = num(o.battery, 0, 100);
  if (battery === undefined) return { ok: false, reason: 'battery_invalid' };
  let valve: Reading['valve'] = null;
  if (o.valve !== undefined && o.valve !== null) {
    if (o.valve !== 'open' && o.valve !== 'closed') return { ok: false, reason: 'valve_invalid' };
    valve = o.valve;
  }
  let fault: string | null = null;
  if (o.fault !== undefined && o.fault !== null) {
    if (typeof o.fault !== 'string' || o.fault.length > 64) return { ok: false, reason: 'fault_invalid' };
    fault = o.fault;
  }
  return { ok: true, value: { ts, seq, ch4, co, valve, battery, fault } };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One MQTT payload (bytes) → a reading, or the reason it is refused. */
export function parsePayload(payload: Buffer | string, now: number): Parsed<Reading> {
  if (payload.length > MAX_PAYLOAD_BYTES) return { ok: false, reason: 'too_large' };
  let o: unknown;
  try {
    o = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  if (!isObject(o)) return { ok: false, reason: 'not_object' };
  return readingOf(o, now);
}

/** One item of an HTTP batch: `{"device": code, ...reading}`. */
export function parseHttpItem(item: unknown, now: number): Parsed<{ code: string; reading: Reading }> {
  if (!isObject(item)) return { ok: false, reason: 'not_object' };
  if (!isDeviceCode(item.device)) return { ok: false, reason: 'device_invalid' };
  const r = readingOf(item, now);
  return r.ok ? { ok: true, value: { code: item.device, reading: r.value } } : r;
}
