/**
 * Alarm rules (R7.3) as one pure function: device state + event + settings → next state + actions.
 * Events are a telemetry message or a clock tick (the offline sweep). Conditions (gas over a
 * threshold, valve closed, tamper, low battery, fault, offline) are tracked as episodes: an episode
 * starts when a condition begins to hold (`raise`), goes on while it holds (`repeat`, or
 * `escalate` when it gets worse), `clear`s when it stops, and resumes if it returns within the
 * hold-off window. Once clear for the hold-off, the episode ends (`resolve`); a later return is a
 * new episode. The store turns actions into alarms: one open alarm per device and condition.
 */
import { CONDITIONS, maxSeverity, NO_FAULT, profileOf, SEVERITY_RANK, TAMPER_FAULTS, type BindingType, type Condition, type DeviceType, type Severity } from './devices.types.js';
import type { RuleConfig } from './rules.config.js';
import { sequence, type Disposition } from './sequence.rules.js';
import type { Reading } from './telemetry.parse.js';

export interface CondState {
  active: boolean;
  since: number;
  lastAt: number;
  clearedAt: number | null;
  severity: Severity;
}

export type Online = 'unknown' | 'online' | 'offline';

export interface DeviceState {
  lastTs: number | null;
  lastSeq: number | null;
  seqWindow: number;
  /** Server time of the last applied message (offline is measured from it). */
  lastSeenAt: number | null;
  online: Online;
  ch4: number | null;
  co: number | null;
  valve: 'open' | 'closed' | null;
  battery: number | null;
  fault: string | null;
  conditions: Partial<Record<Condition, CondState>>;
}

export const EMPTY_STATE: DeviceState = {
  lastTs: null,
  lastSeq: null,
  seqWindow: 0,
  lastSeenAt: null,
  online: 'unknown',
  ch4: null,
  co: null,
  valve: null,
  battery: null,
  fault: null,
  conditions: {},
};

export interface DeviceFacts {
  type: DeviceType;
  binding: BindingType;
}

export type RuleEvent = { kind: 'telemetry'; reading: Reading; receivedAt: number } | { kind: 'tick'; now: number };

export type RuleAction =
  | { kind: 'raise' | 'repeat' | 'escalate'; condition: Condition; severity: Severity; value: number | null; at: number }
  | { kind: 'clear'; condition: Condition; at: number }
  | { kind: 'resolve'; condition: Condition; at: number; autoClose: boolean };

export interface Evaluation {
  state: DeviceState;
  actions: RuleAction[];
  /** For telemetry: what became of the message (see sequence.rules.ts); ticks are 'applied'. */
  disposition: Disposition;
}

interface Check {
  condition: Condition;
  holds: boolean;
  severity: Severity;
  value: number | null;
}

function levelCheck(condition: Condition, value: number, l: { major: number; critical: number }): Check {
  return { condition, holds: value >= l.major, severity: value >= l.critical ? 'critical' : 'major', value };
}

/** The conditions a reading says something about (absent fields say nothing). */
export function checksOf(r: Reading, facts: DeviceFacts, cfg: RuleConfig): Check[] {
  const out: Check[] = [];
  if (cfg.ch4 && r.ch4 !== null) out.push(levelCheck('ch4', r.ch4, cfg.ch4[profileOf(facts.binding)]));
  if (cfg.co && r.co !== null) out.push(levelCheck('co', r.co, cfg.co));
  const sev = cfg.severity;
  if (r.valve !== null && sev.valve_closed !== 'off') out.push({ condition: 'valve_closed', holds: r.valve === 'closed', severity: sev.valve_closed, value: null });
  if (r.battery !== null && cfg.lowBatteryPct !== null && sev.low_battery !== 'off') {
    out.push({ condition: 'low_battery', holds: r.battery <= cfg.lowBatteryPct, severity: sev.low_battery, value: r.battery });
  }
  if (r.fault !== null) {
    const f = r.fault.trim().toLowerCase();
    const tamper = TAMPER_FAULTS.has(f);
    if (sev.tamper !== 'off') out.push({ condition: 'tamper', holds: tamper, severity: sev.tamper, value: null });
    if (sev.fault !== 'off') out.push({ condition: 'fault', holds: !tamper && !NO_FAULT.has(f), severity: sev.fault, value: null });
  }
  return out;
}

/** One condition's episode step at time `at`. */
export function stepCondition(c: CondState | undefined, check: Check, at: number, holdOffMs: number): { next: CondState | undefined; action: RuleAction | null } {
  const { condition, severity, value } = check;
  if (check.holds) {
    if (c && (c.active || (c.clearedAt !== null && at - c.clearedAt < holdOffMs))) {
      const worse = SEVERITY_RANK[severity] > SEVERITY_RANK[c.severity];
      return {
        next: { ...c, active: true, lastAt: at, clearedAt: null, severity: maxSeverity(c.severity, severity) },
        action: { kind: worse ? 'escalate' : 'repeat', condition, severity: maxSeverity(c.severity, severity), value, at },
      };
    }
    return { next: { active: true, since: at, lastAt: at, clearedAt: null, severity }, action: { kind: 'raise', condition, severity, value, at } };
  }
  if (c?.active) return { next: { ...c, active: false, clearedAt: at }, action: { kind: 'clear', condition, at } };
  return { next: c, action: null };
}

function setCondition(conds: DeviceState['conditions'], condition: Condition, next: CondState | undefined): DeviceState['conditions'] {
  const out = { ...conds };
  if (next) out[condition] = next;
  else delete out[condition];
  return out;
}

function onTelemetry(s: DeviceState, facts: DeviceFacts, reading: Reading, receivedAt: number, cfg: RuleConfig): Evaluation {
  const seq = sequence({ lastTs: s.lastTs, lastSeq: s.lastSeq, window: s.seqWindow }, reading.ts, reading.seq);
  if (seq.disposition !== 'applied') return { state: { ...s, seqWindow: seq.next.window }, actions: [], disposition: seq.disposition };
  const holdOff = cfg.holdOffSec * 1000;
  const at = receivedAt; // episodes run on server time, like the offline sweep
  const actions: RuleAction[] = [];
  let conditions = s.conditions;
  const checks = checksOf(reading, facts, cfg);
  if (s.online === 'offline' || conditions.offline?.active) checks.push({ condition: 'offline', holds: false, severity: 'minor', value: null });
  for (const check of checks) {
    const r = stepCondition(conditions[check.condition], check, at, holdOff);
    conditions = setCondition(conditions, check.condition, r.next);
    if (r.action) actions.push(r.action);
  }
  const state: DeviceState = {
    lastTs: seq.next.lastTs,
    lastSeq: seq.next.lastSeq,
    seqWindow: seq.next.window,
    lastSeenAt: Math.max(receivedAt, s.lastSeenAt ?? 0),
    online: 'online',
    ch4: reading.ch4 ?? s.ch4,
    co: reading.co ?? s.co,
    valve: reading.valve ?? s.valve,
    battery: reading.battery ?? s.battery,
    fault: reading.fault === null ? s.fault : NO_FAULT.has(reading.fault.trim().toLowerCase()) ? null : reading.fault,
    conditions,
  };
  return { state, actions, disposition: 'applied' };
}

function onTick(s: DeviceState, now: number, cfg: RuleConfig): Evaluation {
  const actions: RuleAction[] = [];
  let conditions = s.conditions;
  let online = s.online;
  const silentFor = s.lastSeenAt === null ? 0 : now - s.lastSeenAt;
  if (s.online === 'online' && s.lastSeenAt !== null && silentFor >= cfg.offlineAfterSec * 1000) {
    online = 'offline';
    if (cfg.severity.offline !== 'off') {
      const r = stepCondition(conditions.offline, { condition: 'offline', holds: true, severity: cfg.severity.offline, value: Math.round(silentFor / 1000) }, now, cfg.holdOffSec * 1000);
      conditions = setCondition(conditions, 'offline', r.next);
      if (r.action) actions.push(r.action);
    }
  }
  for (const condition of CONDITIONS) {
    const c = conditions[condition];
    if (c && !c.active && c.clearedAt !== null && now - c.clearedAt >= cfg.holdOffSec * 1000) {
      conditions = setCondition(conditions, condition, undefined);
      actions.push({ kind: 'resolve', condition, at: now, autoClose: (cfg.autoResolve as readonly string[]).includes(condition) });
    }
  }
  return { state: { ...s, online, conditions }, actions, disposition: 'applied' };
}

/** The rules: what an event does to a device's state, and which alarm actions follow. */
export function evaluate(s: DeviceState, facts: DeviceFacts, event: RuleEvent, cfg: RuleConfig): Evaluation {
  return event.kind === 'telemetry' ? onTelemetry(s, facts, event.reading, event.receivedAt, cfg) : onTick(s, event.now, cfg);
}

/** Whether a tick could change anything for this state at `now` (the sweep's filter, same rule). */
export function tickDue(s: DeviceState, now: number, cfg: RuleConfig): boolean {
  if (s.online === 'online' && s.lastSeenAt !== null && now - s.lastSeenAt >= cfg.offlineAfterSec * 1000) return true;
  return Object.values(s.conditions).some((c) => c !== undefined && !c.active && c.clearedAt !== null && now - c.clearedAt >= cfg.holdOffSec * 1000);
}
