import { describe, expect, it } from 'vitest';
import { ALARM_ACTIONS, ALARM_STATES, availableAlarmActions, decideAlarm, responseTimes, type AlarmActor, type AlarmFacts, type AlarmState } from './alarm.rules.js';

const alarm = (state: AlarmState, over: Partial<AlarmFacts> = {}): AlarmFacts => ({ state, regionPath: '/cn/cq/dazu/longgang/', enterpriseId: 'ent1', venueId: 'ven1', responderId: 'resp', ...over });
const actor = (role: AlarmActor['role'], over: Partial<AlarmActor> = {}): AlarmActor => ({ accountId: 'a1', role, regionPath: '/cn/cq/dazu/', enterpriseId: null, venueId: null, ...over });
const town = actor('town_officer', { regionPath: '/cn/cq/dazu/longgang/' });
const otherTown = actor('town_officer', { regionPath: '/cn/cq/tongliang/' });
const company = actor('enterprise_admin', { enterpriseId: 'ent1', regionPath: '/cn/cq/dazu/longgang/' });
const staff = actor('enterprise_staff', { enterpriseId: 'ent1', regionPath: '/cn/cq/dazu/longgang/' });
const owner = actor('venue_user', { venueId: 'ven1', regionPath: '/cn/cq/dazu/longgang/' });
const responder = actor('grid_worker', { accountId: 'resp', regionPath: '/cn/cq/dazu/longgang/' });

describe('R7.4 alarm lifecycle transitions', () => {
  const expected: Record<string, AlarmState[]> = {
    acknowledge: ['raised', 'notified'],
    dispatch: ['acknowledged', 'dispatched'],
    arrive: ['dispatched'],
    handle: ['acknowledged', 'dispatched', 'on_site'],
    close: ['handled'],
  };
  for (const action of ALARM_ACTIONS) {
    it(`${action} is allowed from exactly ${expected[action]!.join(', ')}`, () => {
      for (const s of ALARM_STATES) {
        const who = action === 'arrive' ? responder : actor('platform_admin', { regionPath: '/' });
        const d = decideAlarm(action, who, alarm(s), { responderId: 'resp', result: 'false_alarm', photoCount: 1 });
        expect(d.ok, `${action} from ${s}`).toBe(expected[action]!.includes(s));
      }
    });
  }

  it('the happy path: raised → acknowledged → dispatched → on site → handled → closed', () => {
    expect(decideAlarm('acknowledge', owner, alarm('notified'))).toEqual({ ok: true, to: 'acknowledged' });
    expect(decideAlarm('dispatch', company, alarm('acknowledged'), { responderId: 'resp' })).toEqual({ ok: true, to: 'dispatched' });
    expect(decideAlarm('arrive', responder, alarm('dispatched'))).toEqual({ ok: true, to: 'on_site' });
    expect(decideAlarm('handle', responder, alarm('on_site'), { result: 'real_leak', photoCount: 2 })).toEqual({ ok: true, to: 'handled' });
    expect(decideAlarm('close', town, alarm('handled'))).toEqual({ ok: true, to: 'closed' });
  });
});

describe('R7.4 who may do what', () => {
  it('acknowledge: the town, the gas company (admin and staff), the venue itself; not another district', () => {
    for (const a of [town, company, staff, owner]) expect(decideAlarm('acknowledge', a, alarm('raised')).ok).toBe(true);
    expect(decideAlarm('acknowledge', otherTown, alarm('raised'))).toMatchObject({ ok: false, code: 'ROLE' });
    expect(decideAlarm('acknowledge', actor('enterprise_admin', { enterpriseId: 'ent2' }), alarm('raised')).ok).toBe(false);
    expect(decideAlarm('acknowledge', actor('venue_user', { venueId: 'ven2' }), alarm('raised')).ok).toBe(false);
    expect(decideAlarm('acknowledge', actor('machine'), alarm('raised')).ok).toBe(false);
  });

  it('dispatch and close: supervisors and the gas company admin, not the venue or staff', () => {
    for (const action of ['dispatch', 'close'] as const) {
      const from = action === 'dispatch' ? 'acknowledged' : 'handled';
      expect(decideAlarm(action, town, alarm(from), { responderId: 'x' }).ok).toBe(true);
      expect(decideAlarm(action, company, alarm(from), { responderId: 'x' }).ok).toBe(true);
      expect(decideAlarm(action, owner, alarm(from), { responderId: 'x' }).ok).toBe(false);
      expect(decideAlarm(action, staff, alarm(from), { responderId: 'x' }).ok).toBe(false);
    }
  });

  it('arrive: only the dispatched responder', () => {
    expect(decideAlarm('arrive', responder, alarm('dispatched')).ok).toBe(true);
    expect(decideAlarm('arrive', town, alarm('dispatched')).ok).toBe(false);
  });

  it('dispatch needs a responder; handle needs a result, and photos when on site', () => {
    expect(decideAlarm('dispatch', town, alarm('acknowledged'))).toMatchObject({ ok: false, code: 'INPUT', field: 'responderId' });
    expect(decideAlarm('handle', responder, alarm('on_site'), { photoCount: 1 })).toMatchObject({ ok: false, field: 'result' });
    expect(decideAlarm('handle', responder, alarm('on_site'), { result: 'real_leak', photoCount: 0 })).toMatchObject({ ok: false, key: 'alarm.photos.required' });
    expect(decideAlarm('handle', company, alarm('acknowledged'), { result: 'device_fault' }).ok).toBe(true); // handled remotely
    expect(decideAlarm('handle', company, alarm('acknowledged'), { result: 'recovered' }).ok).toBe(false);
  });

  it('availableAlarmActions lists what decideAlarm allows', () => {
    expect(availableAlarmActions(owner, alarm('notified'))).toEqual(['acknowledge']);
    expect(availableAlarmActions(company, alarm('acknowledged'))).toEqual(['dispatch', 'handle']);
    expect(availableAlarmActions(responder, alarm('dispatched'))).toEqual(['arrive', 'handle']);
    expect(availableAlarmActions(otherTown, alarm('raised'))).toEqual([]);
  });
});

describe('R7.4 response times', () => {
  it('seconds from raised to acknowledged, arrived and closed; null until reached', () => {
    const raisedAt = new Date('2026-03-01T08:00:00Z');
    expect(responseTimes({ raisedAt, acknowledgedAt: new Date('2026-03-01T08:00:45Z'), arrivedAt: new Date('2026-03-01T08:12:00Z'), closedAt: null })).toEqual({
      toAcknowledgeSec: 45,
      toArriveSec: 720,
      toCloseSec: null,
    });
  });
});
