/**
 * Rule actions → alarms (R7.3/R7.4), inside the caller's transaction. One open alarm per device
 * and condition: a new episode while one is open adds to it (count, episodes, last time, worst
 * severity); `repeat` adds to it; `clear` marks it recovered-for-now (cleared_at); `resolve` of a
 * device-health condition closes it as "recovered" if nobody took it up yet. New alarms are
 * numbered, recorded (alarm_events) and handed to the notification hook.
 */
import type pg from 'pg';
import { AUTO_RESOLVABLE, type AlarmState } from './alarm.rules.js';
import { maxSeverity, type Condition, type Severity } from './devices.types.js';
import type { RuleAction } from './device.rules.js';
import type { LockedDevice } from './device-state.repository.js';
import { uuidArray } from './sql.arrays.js';

interface OpenRow {
  id: string;
  device_id: string;
  condition: string;
  state: AlarmState;
  severity: Severity;
}

interface Pending {
  device: LockedDevice;
  condition: Condition;
  open: OpenRow | null;
  insert: { severity: Severity; value: number | null; at: number } | null;
  count: number;
  episodes: number;
  lastAt: number | null;
  severity: Severity | null;
  peak: number | null;
  cleared: number | null | undefined;
  resolveAt: number | null;
}

export interface ApplyResult {
  /** Every alarm that changed (for the live board). */
  changed: string[];
  /** Alarms opened by this batch (to notify). */
  raised: string[];
}

const ACTOR = 'system';

function aggregate(device: LockedDevice, condition: Condition, open: OpenRow | null, actions: RuleAction[]): Pending {
  const p: Pending = { device, condition, open, insert: null, count: 0, episodes: 0, lastAt: null, severity: null, peak: null, cleared: undefined, resolveAt: null };
  for (const a of actions) {
    const exists = p.open !== null || p.insert !== null;
    switch (a.kind) {
      case 'raise':
      case 'escalate':
      case 'repeat':
        if (!exists) {
          if (a.kind === 'repeat') break; // the episode's alarm was closed by a person: no new one
          p.insert = { severity: a.severity, value: a.value, at: a.at };
          break;
        }
        p.count++;
        if (a.kind === 'raise') p.episodes++;
        p.lastAt = a.at;
        p.severity = maxSeverity(p.severity ?? a.severity, a.severity);
        if (a.value !== null) p.peak = Math.max(p.peak ?? a.value, a.value);
        p.cleared = null;
        break;
      case 'clear':
        if (exists) p.cleared = a.at;
        break;
      case 'resolve':
        if (a.autoClose && (p.insert !== null || (p.open !== null && AUTO_RESOLVABLE.includes(p.open.state)))) p.resolveAt = a.at;
        break;
    }
  }
  return p;
}

const ts = (ms: number) => new Date(ms);

async function insertAlarm(client: pg.PoolClient, p: Pending): Promise<string> {
  const i = p.insert!;
  const d = p.device;
  const peak = i.value === null ? p.peak : p.peak === null ? i.value : Math.max(i.value, p.peak);
  const res = await client.query<{ id: string }>({
    name: 'gg_mon_alarm_insert',
    text: `INSERT INTO alarms (code, device_id, condition, severity, state, region_id, enterprise_id, venue_id, value, peak_value, count, episodes,
                               first_at, last_at, cleared_at, raised_at, updated_at)
           VALUES ('BJ' || to_char(now(), 'YYYY') || lpad(nextval('alarm_code_seq')::text, 8, '0'), $1, $2, $3, 'raised', $4, $5, $6, $7, $8, $9, $10,
                   $11, $12, $13, $11, $11)
           RETURNING id`,
    values: [d.id, p.condition, maxSeverity(i.severity, p.severity ?? i.severity), d.regionId, d.enterpriseId, d.venueId, i.value, peak,
      1 + p.count, 1 + p.episodes, ts(i.at), ts(p.lastAt ?? i.at), p.cleared ? ts(p.cleared) : null],
  });
  const id = res.rows[0]!.id;
  await client.query({
    name: 'gg_mon_alarm_event',
    text: `INSERT INTO alarm_events (alarm_id, action, from_state, to_state, actor_id, actor_label, at, data) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7)`,
    values: [id, 'raise', null, 'raised', ACTOR, ts(i.at), { condition: p.condition, severity: i.severity, value: i.value, device: d.code }],
  });
  return id;
}

async function updateAlarm(client: pg.PoolClient, p: Pending): Promise<void> {
  await client.query({
    name: 'gg_mon_alarm_update',
    text: `UPDATE alarms SET count = count + $2, episodes = episodes + $3, last_at = COALESCE($4, last_at),
             severity = CASE WHEN $5::text IS NULL THEN severity
                             WHEN (CASE $5::text WHEN 'critical' THEN 3 WHEN 'major' THEN 2 ELSE 1 END) >
                                  (CASE severity WHEN 'critical' THEN 3 WHEN 'major' THEN 2 ELSE 1 END) THEN $5::text ELSE severity END,
             peak_value = GREATEST(peak_value, $6), cleared_at = CASE WHEN $7 THEN $8 ELSE cleared_at END, updated_at = now()
           WHERE id = $1`,
    values: [p.open!.id, p.count, p.episodes, p.lastAt ? ts(p.lastAt) : null, p.severity, p.peak, p.cleared !== undefined, p.cleared ? ts(p.cleared) : null],
  });
}

async function resolveAlarm(client: pg.PoolClient, id: string, fromState: AlarmState, at: number): Promise<void> {
  await client.query({
    name: 'gg_mon_alarm_resolve',
    text: `UPDATE alarms SET state = 'closed', result = 'recovered', closed_at = $2, updated_at = now() WHERE id = $1`,
    values: [id, ts(at)],
  });
  await client.query({
    name: 'gg_mon_alarm_event',
    text: `INSERT INTO alarm_events (alarm_id, action, from_state, to_state, actor_id, actor_label, at, data) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7)`,
    values: [id, 'resolve', fromState, 'closed', ACTOR, ts(at), { result: 'recovered' }],
  });
}

/** Apply the actions of several devices; returns the alarms that changed and those newly raised. */
export async function applyAlarmActions(client: pg.PoolClient, work: { device: LockedDevice; actions: RuleAction[] }[]): Promise<ApplyResult> {
  const withActions = work.filter((w) => w.actions.length > 0);
  if (withActions.length === 0) return { changed: [], raised: [] };
  const open = await client.query<OpenRow>({
    name: 'gg_mon_open_alarms',
    text: `SELECT id, device_id, condition, state, severity FROM alarms WHERE device_id = ANY($1::uuid[]) AND closed_at IS NULL ORDER BY id FOR UPDATE`,
    values: [uuidArray(withActions.map((w) => w.device.id))],
  });
  const openOf = new Map(open.rows.map((r) => [`${r.device_id}/${r.condition}`, r]));
  const changed: string[] = [];
  const raised: string[] = [];
  for (const w of withActions) {
    const byCondition = new Map<Condition, RuleAction[]>();
    for (const a of w.actions) byCondition.set(a.condition, [...(byCondition.get(a.condition) ?? []), a]);
    for (const [condition, actions] of byCondition) {
      const p = aggregate(w.device, condition, openOf.get(`${w.device.id}/${condition}`) ?? null, actions);
      let id: string | null = null;
      let state: AlarmState = 'raised';
      if (p.insert) {
        id = await insertAlarm(client, p);
        raised.push(id);
      } else if (p.open && (p.count > 0 || p.cleared !== undefined)) {
        await updateAlarm(client, p);
        id = p.open.id;
        state = p.open.state;
      } else if (p.open) {
        id = p.open.id;
        state = p.open.state;
      }
      if (id && p.resolveAt !== null) await resolveAlarm(client, id, state, p.resolveAt);
      if (id && (p.insert || p.count > 0 || p.cleared !== undefined || p.resolveAt !== null)) changed.push(id);
    }
  }
  return { changed, raised };
}

/** Tell every instance (LISTEN gasguard_alarms) which alarms changed; delivered at commit. */
export async function publishAlarmChanges(client: pg.PoolClient, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 200) {
    await client.query({ name: 'gg_mon_notify', text: `SELECT pg_notify('gasguard_alarms', $1)`, values: [ids.slice(i, i + 200).join(',')] });
  }
}
