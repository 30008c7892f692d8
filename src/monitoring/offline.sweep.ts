/**
 * The device sweep (R7.3): devices silent for longer than their type's offline timeout become
 * offline (and raise an offline alarm), and conditions that stayed clear for the hold-off end their
 * episode (device-health alarms nobody took up close as "recovered"). The same pure rules as
 * telemetry decide (device.rules.ts, tick events) on the clock's time, so tests move a fake clock.
 * A session advisory lock makes one instance sweep at a time; the others skip the round.
 */
import type { Db } from '../db/db.js';
import type { Clock } from '../shared/clock.js';
import { applyAlarmActions, publishAlarmChanges } from './alarm.apply.js';
import { notifyAlarmsRaised } from './alarm.notify.js';
import { DEVICE_TYPES } from './devices.types.js';
import { evaluate, tickDue, type DeviceState, type RuleAction } from './device.rules.js';
import { lockDeviceStates, writeDeviceStates, type LockedDevice } from './device-state.repository.js';
import type { RuleCache } from './rules.repository.js';
import { numArray } from './sql.arrays.js';

const SWEEP_LOCK = 7307001;
const CHUNK = 500;

export interface SweepResult {
  ran: boolean;
  wentOffline: number;
  resolved: number;
  alarmsChanged: number;
}

export async function runDeviceSweep(db: Db, clock: Clock, rules: RuleCache, log: (m: string) => void = () => undefined): Promise<SweepResult> {
  const lockClient = await db.$client.connect();
  try {
    const lock = await lockClient.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [SWEEP_LOCK]);
    if (!lock.rows[0]?.ok) return { ran: false, wentOffline: 0, resolved: 0, alarmsChanged: 0 };
    try {
      const set = await rules.get();
      const now = clock.now();
      // Candidates: online devices silent past their type's timeout, and devices with conditions.
      const cand = await lockClient.query<{ device_id: string }>(
        `SELECT s.device_id FROM device_state s JOIN devices d ON d.id = s.device_id
         JOIN unnest($2::text[], $3::int[]) AS c(type, sec) ON c.type = d.type
         WHERE d.status = 'active'
           AND ((s.online = 'online' AND s.last_seen_at <= $1::timestamptz - make_interval(secs => c.sec)) OR s.conditions <> '{}'::jsonb)`,
        [now, [...DEVICE_TYPES], numArray(DEVICE_TYPES.map((t) => set[t].offlineAfterSec))],
      );
      const ids = cand.rows.map((r) => r.device_id);
      const total: SweepResult = { ran: true, wentOffline: 0, resolved: 0, alarmsChanged: 0 };
      for (let i = 0; i < ids.length; i += CHUNK) {
        const r = await sweepChunk(db, ids.slice(i, i + CHUNK), now, set, log);
        total.wentOffline += r.wentOffline;
        total.resolved += r.resolved;
        total.alarmsChanged += r.alarmsChanged;
      }
      return total;
    } finally {
      await lockClient.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
    }
  } finally {
    lockClient.release();
  }
}

async function sweepChunk(db: Db, ids: string[], now: Date, set: Awaited<ReturnType<RuleCache['get']>>, log: (m: string) => void) {
  const client = await db.$client.connect();
  try {
    await client.query('BEGIN');
    const devices = await lockDeviceStates(client, ids);
    const states: { id: string; state: DeviceState }[] = [];
    const work: { device: LockedDevice; actions: RuleAction[] }[] = [];
    let wentOffline = 0;
    let resolved = 0;
    for (const device of devices.values()) {
      const cfg = set[device.type];
      if (device.status !== 'active' || !tickDue(device.state, now.getTime(), cfg)) continue;
      const ev = evaluate(device.state, { type: device.type, binding: device.binding }, { kind: 'tick', now: now.getTime() }, cfg);
      if (ev.state.online === 'offline' && device.state.online !== 'offline') wentOffline++;
      resolved += ev.actions.filter((a) => a.kind === 'resolve').length;
      states.push({ id: device.id, state: ev.state });
      work.push({ device, actions: ev.actions });
    }
    await writeDeviceStates(client, states);
    const applied = await applyAlarmActions(client, work);
    await notifyAlarmsRaised(client, applied.raised, now, log);
    await publishAlarmChanges(client, applied.changed);
    await client.query('COMMIT');
    return { wentOffline, resolved, alarmsChanged: applied.changed.length };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
