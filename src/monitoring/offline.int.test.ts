import { beforeAll, expect, it } from 'vitest';
import { demoIds } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { gatewayToken, postTelemetry, reading, registerDevice, venueIdByName } from '../../test/monitoring.js';
import { runDeviceSweep } from './offline.sweep.js';
import { RuleCache } from './rules.repository.js';

const MIN = 60_000;

describeOnEachDatabase('monitoring: offline sweep on a fake clock (R7.3)', (ctx) => {
  let tf: Client;
  let token = '';
  beforeAll(async () => {
    tf = await ctx().login('zhuanban');
    token = await gatewayToken(tf, (await demoIds(ctx().db)).dazu);
  });
  const sweep = () => runDeviceSweep(ctx().db, ctx().clock, new RuleCache(ctx().db, 0));
  const alarmsOf = async (deviceId: string) => (await tf.get(`/api/v1/alarms?deviceId=${deviceId}`)).body.items as any[];

  it('R7.3 a device silent past 15 min goes offline with one alarm; back online it clears; after the hold-off the alarm closes as recovered', async () => {
    const d = await registerDevice(tf, { subjectType: 'venue', subjectId: await venueIdByName(tf, '老街火锅') });
    expect((await postTelemetry(ctx(), token, [reading(ctx(), d.code, { ch4: 0 })])).body.accepted).toBe(1);
    ctx().clock.advance(14 * MIN);
    await sweep();
    expect(await alarmsOf(d.id)).toEqual([]);
    ctx().clock.advance(2 * MIN);
    const r = await sweep();
    expect(r).toMatchObject({ ran: true });
    expect(r.wentOffline).toBeGreaterThanOrEqual(1);
    expect((await tf.get(`/api/v1/devices/${d.id}`)).body.state.online).toBe('offline');
    await sweep(); // a second round changes nothing
    let [a] = await alarmsOf(d.id);
    expect(a).toMatchObject({ condition: 'offline', severity: 'minor', state: 'notified', count: 1 });
    expect((await tf.get(`/api/v1/devices?online=offline`)).body.items.map((x: { id: string }) => x.id)).toContain(d.id);

    ctx().clock.advance(MIN);
    await postTelemetry(ctx(), token, [reading(ctx(), d.code, { ch4: 0 })]);
    expect((await tf.get(`/api/v1/devices/${d.id}`)).body.state.online).toBe('online');
    [a] = await alarmsOf(d.id);
    expect(a.clearedAt).not.toBeNull();
    expect(a.state).toBe('notified');
    ctx().clock.advance(6 * MIN);
    await postTelemetry(ctx(), token, [reading(ctx(), d.code, { ch4: 0 })]); // keep it online
    await sweep();
    [a] = await alarmsOf(d.id);
    expect(a).toMatchObject({ state: 'closed', result: 'recovered' });
  });

  it('R7.3 a sweep already running elsewhere (advisory lock held) is skipped', async () => {
    const client = await ctx().db.$client.connect();
    try {
      await client.query('SELECT pg_advisory_lock(7307001)');
      expect((await sweep()).ran).toBe(false);
    } finally {
      await client.query('SELECT pg_advisory_unlock(7307001)');
      client.release();
    }
  });

  it('R7.3 a device that never reported is not declared offline; thresholds are editable by the platform admin only', async () => {
    const d = await registerDevice(tf, { subjectType: 'venue', subjectId: await venueIdByName(tf, '老街火锅') });
    ctx().clock.advance(60 * MIN);
    await sweep();
    tf = await ctx().login('zhuanban'); // the session idled out meanwhile
    expect(await alarmsOf(d.id)).toEqual([]);
    const rules = (await tf.get('/api/v1/monitoring/rules')).body.items.find((x: { deviceType: string }) => x.deviceType === 'methane_detector');
    expect(rules.config.ch4.commercial).toEqual({ major: 20, critical: 50 });
    const next = { ...rules.config, ch4: { ...rules.config.ch4, commercial: { major: 15, critical: 40 } } };
    expect((await tf.put('/api/v1/monitoring/rules/methane_detector', next)).status).toBe(403);
    const admin = await ctx().login('admin');
    expect((await admin.put('/api/v1/monitoring/rules/methane_detector', next)).status).toBe(200);
    ctx().app.monitoring.rules.invalidate();
    await postTelemetry(ctx(), token, [reading(ctx(), d.code, { ch4: 16 })]);
    expect((await alarmsOf(d.id)).map((x) => x.condition)).toEqual(['ch4']);
    await admin.put('/api/v1/monitoring/rules/methane_detector', rules.defaults);
    ctx().app.monitoring.rules.invalidate();
  });
});
