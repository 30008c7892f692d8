/**
 * Reading and writing device state in batches (plain SQL over one pooled connection, inside the
 * caller's transaction). Rows are locked in device-id order, so two instances working on
 * overlapping batches wait for each other instead of deadlocking.
 */
import type pg from 'pg';
import type { BindingType, DeviceType } from './devices.types.js';
import type { DeviceState } from './device.rules.js';
import { numArray, uuidArray } from './sql.arrays.js';

export interface LockedDevice {
  id: string;
  code: string;
  type: DeviceType;
  binding: BindingType;
  status: string;
  regionId: string;
  enterpriseId: string | null;
  venueId: string | null;
  subjectName: string;
  state: DeviceState;
}

interface Row {
  id: string;
  code: string;
  type: string;
  subject_type: string;
  subject_name: string;
  status: string;
  region_id: string;
  enterprise_id: string | null;
  venue_id: string | null;
  last_ts: number | null;
  last_seq: number | null;
  seq_window: number;
  last_seen_at: number | null;
  online: string;
  ch4: number | null;
  co: number | null;
  valve: string | null;
  battery: number | null;
  fault: string | null;
  conditions: DeviceState['conditions'];
}

const SELECT_LOCKED = `
  SELECT d.id, d.code, d.type, d.subject_type, d.subject_name, d.status, d.region_id, d.enterprise_id, d.venue_id,
         (extract(epoch from s.last_ts) * 1000)::float8 AS last_ts, s.last_seq, s.seq_window,
         (extract(epoch from s.last_seen_at) * 1000)::float8 AS last_seen_at, s.online,
         s.ch4, s.co, s.valve, s.battery, s.fault, s.conditions
  FROM device_state s JOIN devices d ON d.id = s.device_id
  WHERE s.device_id = ANY($1::uuid[])
  ORDER BY s.device_id
  FOR UPDATE OF s`;

/** Lock the state rows of `ids` (sorted) and read them with what the rules need of each device. */
export async function lockDeviceStates(client: pg.PoolClient, ids: string[]): Promise<Map<string, LockedDevice>> {
  const res = await client.query<Row>({ name: 'gg_mon_lock_states', text: SELECT_LOCKED, values: [uuidArray([...ids].sort())] });
  const out = new Map<string, LockedDevice>();
  for (const r of res.rows) {
    out.set(r.id, {
      id: r.id,
      code: r.code,
      type: r.type as DeviceType,
      binding: r.subject_type as BindingType,
      status: r.status,
      regionId: r.region_id,
      enterpriseId: r.enterprise_id,
      venueId: r.venue_id,
      subjectName: r.subject_name,
      state: {
        lastTs: r.last_ts,
        lastSeq: r.last_seq,
        seqWindow: r.seq_window >>> 0,
        lastSeenAt: r.last_seen_at,
        online: r.online as DeviceState['online'],
        ch4: r.ch4,
        co: r.co,
        valve: r.valve as DeviceState['valve'],
        battery: r.battery,
        fault: r.fault,
        conditions: r.conditions,
      },
    });
  }
  return out;
}

const UPDATE_STATES = `
  UPDATE device_state s SET
    last_ts = to_timestamp(u.last_ts / 1000.0), last_seq = u.last_seq, seq_window = u.seq_window,
    last_seen_at = to_timestamp(u.last_seen / 1000.0), online = u.online, ch4 = u.ch4, co = u.co, valve = u.valve,
    battery = u.battery, fault = u.fault, conditions = u.conditions, updated_at = now()
  FROM unnest($1::uuid[], $2::float8[], $3::int[], $4::int[], $5::float8[], $6::text[], $7::real[], $8::real[], $9::text[], $10::real[], $11::text[], $12::jsonb[])
       AS u(id, last_ts, last_seq, seq_window, last_seen, online, ch4, co, valve, battery, fault, conditions)
  WHERE s.device_id = u.id`;

/** Write the new state of each device in one statement. */
export async function writeDeviceStates(client: pg.PoolClient, rows: { id: string; state: DeviceState }[]): Promise<void> {
  if (rows.length === 0) return;
  const s = rows.map((r) => r.state);
  await client.query({
    name: 'gg_mon_write_states',
    text: UPDATE_STATES,
    values: [
      uuidArray(rows.map((r) => r.id)),
      numArray(s.map((x) => x.lastTs)),
      numArray(s.map((x) => x.lastSeq)),
      numArray(s.map((x) => x.seqWindow | 0)), // int4 holds the 32-bit mask as a signed number
      numArray(s.map((x) => x.lastSeenAt)),
      s.map((x) => x.online),
      numArray(s.map((x) => x.ch4)),
      numArray(s.map((x) => x.co)),
      s.map((x) => x.valve),
      numArray(s.map((x) => x.battery)),
      s.map((x) => x.fault),
      s.map((x) => JSON.stringify(x.conditions)),
    ],
  });
}
