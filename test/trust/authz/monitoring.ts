/** Monitoring and alarms (R7): devices, telemetry, alarms and their lifecycle, rules, installation programme. */
import ExcelJS from 'exceljs';
import { get, ok, patch, post, put, upload, del, READERS, type Account, type Caller } from '../support.js';
import { home, other, own, sideOf, uniq, type Fx, type Side } from './fixtures.js';
import type { SetupCtx, Table } from './rules.js';

/** Who registers and changes devices (devices.service.ts). */
const DEVICE_WRITERS = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'qiye', 'tongliang'] as const;
/** Who sees the device / alarm of its own set: region scope, the venue user its venue, the gas company its own. */
const DEVICE_READERS: readonly Caller[] = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge', 'qiye', 'chongzhuang', 'songqi', 'canting', 'tongliang', 'tok:platform'];
/** Who acknowledges an alarm (alarm.rules.ts): officials above it, the gas company's people, the venue owner. */
const ACKNOWLEDGERS = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'qiye', 'chongzhuang', 'songqi', 'canting', 'tongliang'] as const;

/** The venue a side's devices are bound to (ent: a venue 大足燃气 supplies, so the device is the company's). */
const venueOf = (f: Fx, side: Side) => (side === 'ent' ? f.ent.venue : f[side].venue);
const deviceMaker = (side: Side): Account => (side === 'tl' ? 'tongliang' : 'zhuanban');

async function device(s: SetupCtx, side: Side): Promise<{ id: string; code: string }> {
  const c = await s.callers.client(deviceMaker(side));
  const d = ok(await c.post('/api/v1/devices', { type: 'methane_detector', code: `JZ-${side}-${uniq()}`, subjectType: 'venue', subjectId: venueOf(s.f, side), location: '后厨' }));
  return { id: d.id, code: d.code };
}

/** A device of the side with an open alarm (a leak reading posted by the side's gateway token). */
async function alarm(s: SetupCtx, side: Side): Promise<string> {
  const d = await device(s, side);
  const token = s.f[side === 'tl' ? 'tl' : 'dz'].x.gatewayToken!;
  const res = await s.ctx.app.inject({
    method: 'POST',
    url: '/api/v1/telemetry',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify([{ device: d.code, ts: s.ctx.clock.now().getTime(), seq: 1, ch4: 45 }]),
  });
  if (res.json().accepted !== 1) throw new Error(`telemetry refused: ${res.body}`);
  const c = await s.callers.client(deviceMaker(side));
  const list = ok(await c.get(`/api/v1/alarms?deviceId=${d.id}&state=open`), 200);
  if (!list.items[0]) throw new Error('no alarm raised');
  return list.items[0].id as string;
}

const deviceBody = (f: Fx, as: Caller, venue = venueOf(f, sideOf(as))) => ({ type: 'methane_detector', code: `JZ-N-${uniq()}`, subjectType: 'venue', subjectId: venue, location: '后厨' });

export const monitoring: Table = {
  'GET /api/v1/devices': {
    who: READERS,
    call: (f, as) => get(`/api/v1/devices?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/devices?regionId=${other(f, as).district}`),
  },
  'POST /api/v1/devices': {
    who: DEVICE_WRITERS,
    call: (f, as) => post('/api/v1/devices', deviceBody(f, as)),
    other: (f, as) => post('/api/v1/devices', deviceBody(f, as, other(f, as).venue)),
  },
  'GET /api/v1/devices/{id}': {
    who: DEVICE_READERS,
    call: (f, as) => get(`/api/v1/devices/${own(f, as).x.device}`),
    other: (f, as) => get(`/api/v1/devices/${other(f, as).x.device}`),
  },
  'PATCH /api/v1/devices/{id}': {
    who: DEVICE_WRITERS,
    call: (f, as) => patch(`/api/v1/devices/${own(f, as).x.device}`, { location: '前厅' }),
    other: (f, as) => patch(`/api/v1/devices/${other(f, as).x.device}`, { location: '越权' }),
  },
  'DELETE /api/v1/devices/{id}': {
    who: DEVICE_WRITERS,
    setup: async (s, as) => (await device(s, sideOf(as))).id,
    call: (f, as, mine) => del(`/api/v1/devices/${mine ?? own(f, as).x.device}`),
    other: (f, as) => del(`/api/v1/devices/${other(f, as).x.device}`),
  },
  'GET /api/v1/devices/{id}/telemetry': {
    who: DEVICE_READERS,
    call: (f, as) => get(`/api/v1/devices/${own(f, as).x.device}/telemetry`),
    other: (f, as) => get(`/api/v1/devices/${other(f, as).x.device}/telemetry`),
  },
  'POST /api/v1/telemetry': {
    // Device gateways only; a device outside the token's region is refused item by item.
    who: ['tok:gateway'],
    call: (f) => post('/api/v1/telemetry', [{ device: f.dz.x.deviceCode, ts: Date.now(), ch4: 0 }]),
  },
  'GET /api/v1/telemetry/stats': { who: ['admin', 'zhuanban', 'tongliang'], call: () => get('/api/v1/telemetry/stats') },
  'GET /api/v1/alarms': {
    who: READERS,
    call: (f, as) => get(`/api/v1/alarms?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/alarms?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/alarms/stream': { who: READERS, stream: true, call: () => get('/api/v1/alarms/stream') },
  'GET /api/v1/alarms/stats': {
    who: READERS,
    call: (f, as) => get(`/api/v1/alarms/stats?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/alarms/stats?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/alarms/{id}': {
    who: DEVICE_READERS,
    call: (f, as) => get(`/api/v1/alarms/${own(f, as).x.alarm}`),
    other: (f, as) => get(`/api/v1/alarms/${other(f, as).x.alarm}`),
  },
  'GET /api/v1/alarms/{id}/responders': {
    who: DEVICE_READERS,
    call: (f, as) => get(`/api/v1/alarms/${own(f, as).x.alarm}/responders`),
    other: (f, as) => get(`/api/v1/alarms/${other(f, as).x.alarm}/responders`),
  },
  'POST /api/v1/alarms/{id}/actions/{action}': {
    // 确认 (acknowledge); the rest of the lifecycle is alarm.rules' (alarm.rules.test.ts).
    who: ACKNOWLEDGERS,
    setup: (s, as) => alarm(s, sideOf(as)),
    call: (f, as, mine) => post(`/api/v1/alarms/${mine ?? own(f, as).x.alarm}/actions/acknowledge`, {}),
    other: (f, as) => post(`/api/v1/alarms/${other(f, as).x.alarm}/actions/acknowledge`, {}),
  },
  'GET /api/v1/monitoring/vocabulary': { who: READERS, call: () => get('/api/v1/monitoring/vocabulary') },
  'GET /api/v1/monitoring/rules': { who: READERS, call: () => get('/api/v1/monitoring/rules') },
  'PUT /api/v1/monitoring/rules/{deviceType}': {
    who: ['admin'],
    call: (f) => put('/api/v1/monitoring/rules/methane_detector', JSON.parse(f.dz.x.ruleConfig!)),
  },
  'GET /api/v1/monitoring/programme/coverage': {
    who: READERS,
    call: (f, as) => get(`/api/v1/monitoring/programme/coverage?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/monitoring/programme/coverage?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/monitoring/programme/missing': {
    who: READERS,
    call: (f, as) => get(`/api/v1/monitoring/programme/missing?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/monitoring/programme/missing?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/monitoring/programme/missing.xlsx': {
    who: READERS,
    call: (f, as) => get(`/api/v1/monitoring/programme/missing.xlsx?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/monitoring/programme/missing.xlsx?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/devices/template.xlsx': { who: READERS, call: () => get('/api/v1/devices/template.xlsx') },
  'GET /api/v1/devices/export.xlsx': { who: READERS, call: () => get('/api/v1/devices/export.xlsx') },
  'POST /api/v1/devices/import': {
    who: DEVICE_WRITERS,
    // A row naming a venue that does not exist: refused row by row (422 with the rows), nothing imported.
    call: (f) => upload('/api/v1/devices/import', Buffer.from(f.dz.x.deviceFile!, 'base64'), 'devices.xlsx'),
    ok: [422],
  },
};

/** Gateway tokens per side, a device and an open alarm per fixture set, the rule config, a device workbook. */
export async function monitoringFixtures(s: SetupCtx): Promise<void> {
  const { f } = s;
  f.dz.x.gatewayToken = s.callers.token('tok:gateway');
  const tongliang = await s.callers.client('tongliang');
  f.tl.x.gatewayToken = ok(await tongliang.post('/api/v1/api-tokens', { name: '铜梁网关', kind: 'device_gateway', regionId: f.tl.district })).token;
  for (const side of ['dz', 'ent', 'tl'] as const) {
    const d = await device(s, side);
    f[side].x.device = d.id;
    f[side].x.deviceCode = d.code;
    f[side].x.alarm = await alarm(s, side);
  }
  const admin = await s.callers.client('admin');
  const rules = ok(await admin.get('/api/v1/monitoring/rules'), 200);
  f.dz.x.ruleConfig = JSON.stringify(rules.items.find((r: { deviceType: string }) => r.deviceType === 'methane_detector').config);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('设备');
  ws.addRow(['设备编码', '设备类型', '绑定对象类型', '场所名称']);
  ws.addRow([`JZ-X-${uniq()}`, '甲烷（可燃气体）探测器', '用气场所', '不存在的场所']);
  f.dz.x.deviceFile = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}
