import { describe, expect, it } from 'vitest';
import { deviceCodeOfTopic, MAX_AGE_MS, parseHttpItem, parsePayload } from './telemetry.parse.js';

const NOW = Date.parse('2026-03-01T08:00:00Z');
const ok = (o: unknown) => parsePayload(Buffer.from(JSON.stringify(o)), NOW);

describe('R7.2 telemetry contract', () => {
  it('reads every field; only ts is required; unknown fields are ignored', () => {
    expect(ok({ ts: NOW, seq: 3, ch4: 12.5, co: 40, valve: 'closed', battery: 88, fault: 'none', extra: 1 })).toEqual({
      ok: true,
      value: { ts: NOW, seq: 3, ch4: 12.5, co: 40, valve: 'closed', battery: 88, fault: 'none' },
    });
    expect(ok({ ts: NOW })).toEqual({ ok: true, value: { ts: NOW, seq: null, ch4: null, co: null, valve: null, battery: null, fault: null } });
  });

  it('accepts ts as ISO 8601 with a zone', () => {
    expect(ok({ ts: '2026-03-01T15:59:00+08:00' })).toMatchObject({ ok: true, value: { ts: NOW - 60_000 } });
    expect(ok({ ts: '2026-03-01T07:59:00.250Z' })).toMatchObject({ ok: true, value: { ts: NOW - 59_750 } });
    expect(ok({ ts: '2026-03-01 07:59:00' })).toEqual({ ok: false, reason: 'ts_invalid' });
  });

  const bad: [string, unknown, string][] = [
    ['not JSON', '{ts:1', 'not_json'],
    ['an array', [1], 'not_object'],
    ['no ts', { ch4: 1 }, 'ts_missing'],
    ['ts text', { ts: 'yesterday' }, 'ts_invalid'],
    ['ts in seconds (1970)', { ts: NOW / 1000 }, 'ts_out_of_range'],
    ['ts too old', { ts: NOW - MAX_AGE_MS - 1 }, 'ts_out_of_range'],
    ['ts far ahead', { ts: NOW + 10 * 60_000 }, 'ts_out_of_range'],
    ['seq negative', { ts: NOW, seq: -1 }, 'seq_invalid'],
    ['seq fraction', { ts: NOW, seq: 1.5 }, 'seq_invalid'],
    ['ch4 > 100 %LEL', { ts: NOW, ch4: 101 }, 'ch4_invalid'],
    ['ch4 text', { ts: NOW, ch4: '12' }, 'ch4_invalid'],
    ['co negative', { ts: NOW, co: -3 }, 'co_invalid'],
    ['valve word', { ts: NOW, valve: 'shut' }, 'valve_invalid'],
    ['battery 120', { ts: NOW, battery: 120 }, 'battery_invalid'],
    ['fault number', { ts: NOW, fault: 3 }, 'fault_invalid'],
  ];
  for (const [what, payload, reason] of bad) {
    it(`refuses ${what} with reason ${reason}`, () => {
      const buf = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
      expect(parsePayload(buf, NOW)).toEqual({ ok: false, reason });
    });
  }

  it('refuses a payload over 4 KiB before parsing it', () => {
    expect(parsePayload(Buffer.alloc(5000, 32), NOW)).toEqual({ ok: false, reason: 'too_large' });
  });

  it('topic gasguard/v1/devices/{deviceCode}/telemetry', () => {
    expect(deviceCodeOfTopic('gasguard/v1/devices/DZ-001.a:b_c/telemetry')).toBe('DZ-001.a:b_c');
    expect(deviceCodeOfTopic('gasguard/v1/devices//telemetry')).toBeNull();
    expect(deviceCodeOfTopic('gasguard/v1/devices/a/b/telemetry')).toBeNull();
    expect(deviceCodeOfTopic('gasguard/v2/devices/a/telemetry')).toBeNull();
  });

  it('HTTP items carry the device code', () => {
    expect(parseHttpItem({ device: 'DZ-1', ts: NOW, ch4: 3 }, NOW)).toMatchObject({ ok: true, value: { code: 'DZ-1', reading: { ch4: 3 } } });
    expect(parseHttpItem({ ts: NOW }, NOW)).toEqual({ ok: false, reason: 'device_invalid' });
    expect(parseHttpItem({ device: 'a b', ts: NOW }, NOW)).toEqual({ ok: false, reason: 'device_invalid' });
    expect(parseHttpItem('x', NOW)).toEqual({ ok: false, reason: 'not_object' });
  });
});
