import { describe, expect, it } from 'vitest';
import { checksOf, EMPTY_STATE, evaluate, tickDue, type DeviceFacts, type DeviceState, type RuleAction, type RuleEvent } from './device.rules.js';
import { DEFAULT_RULES, type RuleConfig } from './rules.config.js';
import type { Reading } from './telemetry.parse.js';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const MIN = 60_000;
const venueDetector: DeviceFacts = { type: 'methane_detector', binding: 'venue' };
const homeDetector: DeviceFacts = { type: 'methane_detector', binding: 'household' };
const cfg = DEFAULT_RULES.methane_detector;

let seq = 0;
const reading = (over: Partial<Reading> = {}, ts = T0): Reading => ({ ts, seq: ++seq, ch4: null, co: null, valve: null, battery: null, fault: null, ...over });
const tel = (at: number, over: Partial<Reading> = {}): RuleEvent => ({ kind: 'telemetry', reading: reading(over, at), receivedAt: at });

/** Run events through the rules; return the final state and every action. */
function play(events: RuleEvent[], facts = venueDetector, config: RuleConfig = cfg, start: DeviceState = EMPTY_STATE) {
  let s = start;
  const actions: RuleAction[] = [];
  for (const e of events) {
    const r = evaluate(s, facts, e, config);
    s = r.state;
    actions.push(...r.actions);
  }
  return { s, actions, kinds: actions.map((a) => `${a.kind}:${a.condition}`) };
}

describe('R7.3 alarm rules: thresholds per binding (devices.md defaults)', () => {
  it('commercial methane: below 20 %LEL nothing, 20 major, 50 critical', () => {
    expect(play([tel(T0, { ch4: 19.9 })]).actions).toEqual([]);
    expect(play([tel(T0, { ch4: 20 })]).actions[0]).toMatchObject({ kind: 'raise', condition: 'ch4', severity: 'major', value: 20 });
    expect(play([tel(T0, { ch4: 55 })]).actions[0]).toMatchObject({ kind: 'raise', severity: 'critical' });
  });

  it('household methane alarms at 10 %LEL, critical at 25', () => {
    expect(play([tel(T0, { ch4: 10 })], homeDetector).actions[0]).toMatchObject({ kind: 'raise', severity: 'major' });
    expect(play([tel(T0, { ch4: 25 })], homeDetector).actions[0]).toMatchObject({ severity: 'critical' });
    expect(play([tel(T0, { ch4: 9 })], homeDetector).actions).toEqual([]);
  });

  it('enclosed-space (industrial) methane: 25 major, 50 critical; CO 100 major, 300 critical on CO detectors', () => {
    const enclosed = { type: 'enclosed_space_sensor', binding: 'facility' } as const;
    expect(play([tel(T0, { ch4: 24 })], enclosed, DEFAULT_RULES.enclosed_space_sensor).actions).toEqual([]);
    expect(play([tel(T0, { ch4: 25 })], enclosed, DEFAULT_RULES.enclosed_space_sensor).actions[0]).toMatchObject({ severity: 'major' });
    const co = { type: 'co_detector', binding: 'household' } as const;
    expect(play([tel(T0, { co: 99 })], co, DEFAULT_RULES.co_detector).actions).toEqual([]);
    expect(play([tel(T0, { co: 100 })], co, DEFAULT_RULES.co_detector).actions[0]).toMatchObject({ condition: 'co', severity: 'major' });
    expect(play([tel(T0, { co: 300 })], co, DEFAULT_RULES.co_detector).actions[0]).toMatchObject({ condition: 'co', severity: 'critical' });
  });

  it('a type that does not measure a gas ignores that field (a valve reporting ch4)', () => {
    expect(play([tel(T0, { ch4: 90 })], { type: 'shutoff_valve', binding: 'venue' }, DEFAULT_RULES.shutoff_valve).actions).toEqual([]);
  });

  it('valve closed, tamper, low battery and sensor fault each raise their own condition with its severity', () => {
    const r = play([tel(T0, { valve: 'closed', battery: 15, fault: 'sensor_drift' })]);
    expect(r.actions.map((a) => [a.condition, a.kind, 'severity' in a ? a.severity : null])).toEqual([
      ['valve_closed', 'raise', 'major'],
      ['low_battery', 'raise', 'minor'],
      ['fault', 'raise', 'minor'],
    ]);
    const t = play([tel(T0, { fault: 'TAMPER' })]);
    expect(t.kinds).toEqual(['raise:tamper']);
    expect(play([tel(T0, { fault: 'ok' })]).actions).toEqual([]);
  });

  it('a condition switched off in the settings raises nothing', () => {
    const off: RuleConfig = { ...cfg, severity: { ...cfg.severity, valve_closed: 'off' } };
    expect(play([tel(T0, { valve: 'closed' })], venueDetector, off).actions).toEqual([]);
  });

  it('absent fields say nothing: a heartbeat neither raises nor clears', () => {
    const r = play([tel(T0, { ch4: 30 }), tel(T0 + MIN)]);
    expect(r.kinds).toEqual(['raise:ch4']);
    expect(r.s.conditions.ch4?.active).toBe(true);
    expect(r.s.ch4).toBe(30); // last known value kept
  });
});

describe('R7.3 no alarm storm: one episode per condition, hold-off', () => {
  it('a device repeating the same condition raises once and repeats after', () => {
    const r = play([tel(T0, { ch4: 30 }), tel(T0 + 5000, { ch4: 31 }), tel(T0 + 10_000, { ch4: 32 })]);
    expect(r.kinds).toEqual(['raise:ch4', 'repeat:ch4', 'repeat:ch4']);
  });

  it('getting worse escalates the same episode', () => {
    const r = play([tel(T0, { ch4: 30 }), tel(T0 + 5000, { ch4: 60 }), tel(T0 + 10_000, { ch4: 30 })]);
    expect(r.kinds).toEqual(['raise:ch4', 'escalate:ch4', 'repeat:ch4']);
    expect(r.actions[2]).toMatchObject({ severity: 'critical' }); // never de-escalates within the episode
  });

  it('clears and returns within the hold-off: the same episode (no new raise)', () => {
    const r = play([tel(T0, { ch4: 30 }), tel(T0 + MIN, { ch4: 2 }), tel(T0 + 4 * MIN, { ch4: 30 })]);
    expect(r.kinds).toEqual(['raise:ch4', 'clear:ch4', 'repeat:ch4']);
  });

  it('clears and returns after the hold-off: a new episode', () => {
    const r = play([tel(T0, { ch4: 30 }), tel(T0 + MIN, { ch4: 2 }), tel(T0 + 7 * MIN, { ch4: 30 })]);
    expect(r.kinds).toEqual(['raise:ch4', 'clear:ch4', 'raise:ch4']);
  });

  it('hold-off 0: every return is a new episode', () => {
    const r = play([tel(T0, { ch4: 30 }), tel(T0 + 1000, { ch4: 2 }), tel(T0 + 2000, { ch4: 30 })], venueDetector, { ...cfg, holdOffSec: 0 });
    expect(r.kinds).toEqual(['raise:ch4', 'clear:ch4', 'raise:ch4']);
  });

  it('a tick after the hold-off ends the episode: resolve, auto-closing only device-health conditions', () => {
    const r = play([tel(T0, { ch4: 30, battery: 10 }), tel(T0 + MIN, { ch4: 1, battery: 90 }), { kind: 'tick', now: T0 + 7 * MIN }]);
    expect(r.actions.filter((a) => a.kind === 'resolve')).toEqual([
      { kind: 'resolve', condition: 'ch4', at: T0 + 7 * MIN, autoClose: false },
      { kind: 'resolve', condition: 'low_battery', at: T0 + 7 * MIN, autoClose: true },
    ]);
    expect(r.s.conditions).toEqual({});
  });

  it('a tick within the hold-off changes nothing', () => {
    const r = play([tel(T0, { ch4: 30 }), tel(T0 + MIN, { ch4: 1 }), { kind: 'tick', now: T0 + 3 * MIN }]);
    expect(r.kinds).toEqual(['raise:ch4', 'clear:ch4']);
  });
});

describe('R7.3 offline after silence (ticks on the clock)', () => {
  it('an online device silent past offlineAfterSec goes offline once; a message brings it back', () => {
    const r = play([tel(T0, { ch4: 0 }), { kind: 'tick', now: T0 + 14 * MIN }, { kind: 'tick', now: T0 + 15 * MIN }, { kind: 'tick', now: T0 + 20 * MIN }, tel(T0 + 21 * MIN, { ch4: 0 })]);
    expect(r.kinds).toEqual(['raise:offline', 'clear:offline']);
    expect(r.actions[0]).toMatchObject({ severity: 'minor', value: 900 });
    expect(r.s.online).toBe('online');
  });

  it('a device that never reported is never offline (passive devices)', () => {
    expect(play([{ kind: 'tick', now: T0 + 100 * MIN }]).actions).toEqual([]);
    expect(tickDue(EMPTY_STATE, T0 + 100 * MIN, cfg)).toBe(false);
  });

  it('tickDue agrees with evaluate on when a tick matters', () => {
    const s = play([tel(T0, { ch4: 0 })]).s;
    expect(tickDue(s, T0 + 14 * MIN, cfg)).toBe(false);
    expect(tickDue(s, T0 + 15 * MIN, cfg)).toBe(true);
  });
});

describe('R7.2 out-of-order and duplicate messages never move state backwards', () => {
  it('an older message is late: no state change, no action', () => {
    const first = play([tel(T0 + 10_000, { ch4: 1, seq: 10 })]);
    const late = evaluate(first.s, venueDetector, { kind: 'telemetry', reading: reading({ ch4: 80, seq: 9 }, T0), receivedAt: T0 + 11_000 }, cfg);
    expect(late.disposition).toBe('late');
    expect(late.actions).toEqual([]);
    expect(late.state.ch4).toBe(1);
    expect(late.state.lastTs).toBe(T0 + 10_000);
  });

  it('a redelivered message is a duplicate: no action', () => {
    const m = reading({ ch4: 30, seq: 7 }, T0);
    const a = evaluate(EMPTY_STATE, venueDetector, { kind: 'telemetry', reading: m, receivedAt: T0 }, cfg);
    const b = evaluate(a.state, venueDetector, { kind: 'telemetry', reading: m, receivedAt: T0 + 500 }, cfg);
    expect(a.actions.map((x) => x.kind)).toEqual(['raise']);
    expect(b.disposition).toBe('duplicate');
    expect(b.actions).toEqual([]);
  });

  it('checksOf lists only what the reading says', () => {
    expect(checksOf(reading({ ch4: 5 }), venueDetector, cfg).map((c) => c.condition)).toEqual(['ch4']);
    expect(checksOf(reading(), venueDetector, cfg)).toEqual([]);
  });
});
