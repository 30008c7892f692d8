import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { demoIds } from '../../test/factories.js';
import { describeOnEachDatabase } from '../../test/harness.js';
import { gatewayToken, postTelemetry, reading, registerDevice, venueIdByName } from '../../test/monitoring.js';

describeOnEachDatabase('monitoring: HTTP telemetry (R7.2)', (ctx) => {
  let token = '';
  let device = { id: '', code: '' };

  beforeAll(async () => {
    const tf = await ctx().login('zhuanban');
    const ids = await demoIds(ctx().db);
    token = await gatewayToken(tf, ids.dazu);
    device = await registerDevice(tf, { subjectType: 'venue', subjectId: await venueIdByName(tf, '老街火锅') });
  });

  const rows = async (deviceId: string) => (await ctx().db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM telemetry WHERE device_id = ${deviceId}`)).rows[0]!.n;

  it('R7.2 a gateway token posts a batch; malformed items are counted with their index and the valid ones around them are stored', async () => {
    const before = await rows(device.id);
    const res = await postTelemetry(ctx(), token, [
      reading(ctx(), device.code, { ch4: 1.5, battery: 90, valve: 'open' }, -3000),
      { device: device.code, ts: 'yesterday' },
      reading(ctx(), device.code, { ch4: 200 }),
      'not an object',
      reading(ctx(), 'NO-SUCH-DEVICE'),
      reading(ctx(), device.code, { ch4: 2.5, co: 3 }, -1000),
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 4, rejectedBy: { ts_invalid: 1, ch4_invalid: 1, not_object: 1, unknown_device: 1 } });
    expect(res.body.errors.map((e: { index: number }) => e.index)).toEqual([1, 2, 3, 4]);
    expect(await rows(device.id)).toBe(before + 2);
    const detail = await (await ctx().login('zhuanban')).get(`/api/v1/devices/${device.id}`);
    expect(detail.body.state).toMatchObject({ online: 'online', ch4: 2.5, co: 3, battery: 90, valve: 'open' });
  });

  it('R7.2 duplicates are acknowledged but stored once; an older message is stored but never moves the state back', async () => {
    const newest = reading(ctx(), device.code, { ch4: 4 });
    const older = reading(ctx(), device.code, { ch4: 9 }, -60_000);
    const first = await postTelemetry(ctx(), token, [newest]);
    expect(first.body).toMatchObject({ accepted: 1, duplicates: 0 });
    const n = await rows(device.id);
    const again = await postTelemetry(ctx(), token, [newest, newest, older]);
    expect(again.body).toMatchObject({ accepted: 3, rejected: 0, duplicates: 2, late: 1 });
    expect(await rows(device.id)).toBe(n + 1); // only the late one
    const detail = await (await ctx().login('zhuanban')).get(`/api/v1/devices/${device.id}`);
    expect(detail.body.state.ch4).toBe(4);
  });

  it('R7.2 refused without a token (401), with a session (403) and with a token of another kind (403)', async () => {
    expect((await postTelemetry(ctx(), null, [])).status).toBe(401);
    const tf = await ctx().login('zhuanban');
    expect((await tf.post('/api/v1/telemetry', [reading(ctx(), device.code)])).status).toBe(403);
    const other = await gatewayToken(tf, (await demoIds(ctx().db)).dazu, 'platform');
    expect((await postTelemetry(ctx(), other, [reading(ctx(), device.code)])).status).toBe(403);
    expect((await postTelemetry(ctx(), token, { not: 'an array' })).status).toBe(400);
  });

  it('R1.4 a gateway of another district cannot post for this district’s devices', async () => {
    const tl = await ctx().login('tongliang');
    const foreign = await gatewayToken(tl, (await demoIds(ctx().db)).tongliang);
    const res = await postTelemetry(ctx(), foreign, [reading(ctx(), device.code, { ch4: 80 })]);
    expect(res.body).toMatchObject({ accepted: 0, rejected: 1, rejectedBy: { out_of_scope: 1 } });
  });
});
