import { beforeAll, expect, it } from 'vitest';
import { pngBytes } from '../../test/fixtures.js';
import { accountByUsername, demoIds } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { gatewayToken, postTelemetry, reading, registerDevice, venueIdByName } from '../../test/monitoring.js';

describeOnEachDatabase('monitoring: alarms (R7.3, R7.4)', (ctx) => {
  let token = '';
  let venueId = '';
  let tf: Client;

  beforeAll(async () => {
    tf = await ctx().login('zhuanban');
    token = await gatewayToken(tf, (await demoIds(ctx().db)).dazu);
    venueId = await venueIdByName(tf, '老街火锅');
  });

  const openAlarms = async (deviceId: string) => (await tf.get(`/api/v1/alarms?deviceId=${deviceId}&state=open`)).body.items as any[];
  const send = async (code: string, over: Record<string, unknown>, offsetMs = 0) => {
    const res = await postTelemetry(ctx(), token, [reading(ctx(), code, over, offsetMs)]);
    expect(res.body.accepted, JSON.stringify(res.body)).toBe(1);
  };

  it('R7.3 a leak opens ONE alarm; the device repeating itself updates its count and last time', async () => {
    const d = await registerDevice(tf, { subjectType: 'venue', subjectId: venueId });
    await send(d.code, { ch4: 30 });
    ctx().clock.advance(5000);
    await send(d.code, { ch4: 35 });
    ctx().clock.advance(5000);
    await send(d.code, { ch4: 60 });
    const open = await openAlarms(d.id);
    expect(open.length).toBe(1);
    expect(open[0]).toMatchObject({ condition: 'ch4', severity: 'critical', state: 'notified', count: 3, episodes: 1, value: 30, peakValue: 60 });
    expect(open[0].code).toMatch(/^BJ\d{12}$/);
    expect(new Date(open[0].lastAt).getTime() - new Date(open[0].firstAt).getTime()).toBe(10_000);
  });

  it('R7.3 a condition that clears and returns within the hold-off keeps the same alarm', async () => {
    const d = await registerDevice(tf, { subjectType: 'venue', subjectId: venueId });
    await send(d.code, { ch4: 25 });
    ctx().clock.advance(60_000);
    await send(d.code, { ch4: 0 });
    let [a] = await openAlarms(d.id);
    expect(a.clearedAt).not.toBeNull();
    ctx().clock.advance(120_000); // 2 min < 5 min hold-off
    await send(d.code, { ch4: 26 });
    const open = await openAlarms(d.id);
    expect(open.length).toBe(1);
    [a] = open;
    expect(a).toMatchObject({ count: 2, episodes: 1, clearedAt: null });
    // After the hold-off it is a new episode, still on the one open alarm (nobody handled it yet).
    await send(d.code, { ch4: 0 });
    ctx().clock.advance(6 * 60_000);
    await send(d.code, { ch4: 27 });
    expect((await openAlarms(d.id)).map((x) => [x.count, x.episodes])).toEqual([[3, 2]]);
  });

  it('R7.4 full lifecycle, attributed and timed, with response times, stats and a hazard for a real leak', async () => {
    const d = await registerDevice(tf, { subjectType: 'venue', subjectId: venueId });
    await send(d.code, { ch4: 40 });
    const [a] = await openAlarms(d.id);
    const owner = await ctx().login('canting');
    ctx().clock.advance(45_000);
    expect((await owner.post(`/api/v1/alarms/${a.id}/actions/acknowledge`, {})).body.state).toBe('acknowledged');
    const grid = await accountByUsername(ctx().db, 'wangge');
    expect((await owner.post(`/api/v1/alarms/${a.id}/actions/dispatch`, { responderId: grid.id })).status).toBe(403);
    const town = await ctx().login('longgang');
    const candidates = (await town.get(`/api/v1/alarms/${a.id}/responders`)).body.items.map((x: { id: string }) => x.id);
    expect(candidates).toContain(grid.id);
    expect((await town.post(`/api/v1/alarms/${a.id}/actions/dispatch`, { responderId: grid.id })).body.state).toBe('dispatched');
    ctx().clock.advance(10 * 60_000);
    const responder = await ctx().login('wangge');
    expect((await town.post(`/api/v1/alarms/${a.id}/actions/arrive`, {})).status).toBe(403);
    expect((await responder.post(`/api/v1/alarms/${a.id}/actions/arrive`, {})).body.state).toBe('on_site');
    const noPhoto = await responder.post(`/api/v1/alarms/${a.id}/actions/handle`, { result: 'real_leak' });
    expect(noPhoto.status).toBe(422);
    const photo = (await responder.upload('/api/v1/files?purpose=evidence', pngBytes(), 'leak.png')).body.id as string;
    ctx().clock.advance(5 * 60_000);
    const handled = await responder.post(`/api/v1/alarms/${a.id}/actions/handle`, { result: 'real_leak', note: '软管接口松动，已关阀通风', photos: [photo] });
    expect(handled.status, JSON.stringify(handled.body)).toBe(200);
    expect(handled.body.hazardId).toBeTruthy();
    const hazard = await tf.get(`/api/v1/hazards/${handled.body.hazardId}`);
    expect(hazard.body.hazard ?? hazard.body).toMatchObject({ source: 'alarm', severity: 'major' });
    ctx().clock.advance(60_000);
    const closed = await town.post(`/api/v1/alarms/${a.id}/actions/close`, {});
    expect(closed.body.state).toBe('closed');
    expect(closed.body.responseTimes).toEqual({ toAcknowledgeSec: 45, toArriveSec: 645, toCloseSec: 1005 });
    const detail = await tf.get(`/api/v1/alarms/${a.id}`);
    expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual(['raise', 'notify', 'acknowledge', 'dispatch', 'arrive', 'handle', 'close']);
    expect(detail.body.events.map((e: { actorLabel: string }) => e.actorLabel)).toEqual(['system', 'system', 'canting', 'longgang', 'wangge', 'wangge', 'longgang']);
    // A second close is refused and changes nothing.
    expect((await town.post(`/api/v1/alarms/${a.id}/actions/close`, {})).status).toBe(409);
    // Figures per town and per company include it.
    const stats = await tf.get('/api/v1/alarms/stats?groupBy=region');
    expect(stats.status).toBe(200);
    const longgang = stats.body.groups.find((g: { name: string }) => g.name === '龙岗街道');
    expect(longgang.byResult.real_leak).toBeGreaterThanOrEqual(1);
    expect(longgang.toAcknowledge.p50Sec).not.toBeNull();
    expect((await tf.get('/api/v1/alarms/stats?groupBy=enterprise')).status).toBe(200);
  });

  it('R7.4 the venue owner, the town and the task force see the alarm; another district sees nothing and cannot act', async () => {
    const d = await registerDevice(tf, { subjectType: 'venue', subjectId: venueId });
    await send(d.code, { valve: 'closed' });
    const [a] = await openAlarms(d.id);
    expect(a.condition).toBe('valve_closed');
    expect((await (await ctx().login('canting')).get(`/api/v1/alarms/${a.id}`)).status).toBe(200);
    const other = await ctx().login('tongliang');
    expect((await other.get(`/api/v1/alarms/${a.id}`)).status).toBe(404);
    expect((await other.post(`/api/v1/alarms/${a.id}/actions/acknowledge`, {})).status).toBe(404);
    expect((await other.get('/api/v1/alarms?state=open')).body.items).toEqual([]);
    expect((await other.get(`/api/v1/devices/${d.id}`)).status).toBe(404);
  });

  it('R7.4 the live board (SSE) gets new alarms in scope, not those of another district', async () => {
    const address = await ctx().app.listen({ port: 0, host: '127.0.0.1' });
    const open = async (who: Client) => {
      const cookie = Object.entries(who.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
      const ac = new AbortController();
      const res = await fetch(`${address}/api/v1/alarms/stream`, { headers: { cookie }, signal: ac.signal });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      let text = '';
      const until = async (pred: (t: string) => boolean, ms = 5000) => {
        const end = Date.now() + ms;
        while (!pred(text) && Date.now() < end) {
          const r = await Promise.race([reader.read(), new Promise<null>((ok) => setTimeout(() => ok(null), end - Date.now()))]);
          if (!r || r.done) break;
          text += new TextDecoder().decode(r.value);
        }
        return text;
      };
      return { until, close: () => ac.abort(), text: () => text };
    };
    const mine = await open(await ctx().login('longgang'));
    const theirs = await open(await ctx().login('tongliang'));
    await mine.until((t) => t.includes('event: ready'));
    await theirs.until((t) => t.includes('event: ready'));
    const d = await registerDevice(tf, { subjectType: 'venue', subjectId: venueId });
    await send(d.code, { ch4: 70 });
    const got = await mine.until((t) => t.includes(d.code));
    expect(got).toContain('event: alarm');
    expect(got).toContain('"condition":"ch4"');
    await theirs.until(() => false, 800);
    expect(theirs.text()).not.toContain(d.code);
    mine.close();
    theirs.close();
  });
});
