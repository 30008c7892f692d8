import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { demoIds, unique } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { gatewayToken, postTelemetry, reading, registerDevice, venueIdByName } from '../../test/monitoring.js';

async function xlsx(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('监测设备');
  ws.addRow(['*设备编码', '*设备类型', '*绑定对象类型', '场所名称', '场所/住户地址', '设施编号', '安装位置', '型号', '生产厂商', '适用气体', '安装日期', '有效期至']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeOnEachDatabase('monitoring: device registry (R7.1, R7.5)', (ctx) => {
  let tf: Client;
  let venueId = '';
  beforeAll(async () => {
    tf = await ctx().login('zhuanban');
    venueId = await venueIdByName(tf, '老街火锅');
  });

  it('R7.1 registers a device bound to a venue; region and scope come from the venue; list, filter, change, retire', async () => {
    const d = await registerDevice(tf, { subjectType: 'venue', subjectId: venueId, model: 'JT-BF-9000', vendor: '某安防', installedOn: '2025-06-01', expiresOn: '2030-06-01' });
    const ids = await demoIds(ctx().db);
    expect(d).toMatchObject({ regionId: ids.grid1, subjectName: '老街火锅', venueId, expired: false, state: { online: 'unknown' } });
    expect((await tf.post('/api/v1/devices', { type: 'methane_detector', code: d.code, subjectType: 'venue', subjectId: venueId })).status).toBe(409);
    const list = await tf.get(`/api/v1/devices?type=methane_detector&q=${d.code}`);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([d.id]);
    const patched = await tf.patch(`/api/v1/devices/${d.id}`, { location: '吧台下方', expiresOn: '2020-01-01' });
    expect(patched.body).toMatchObject({ location: '吧台下方', expired: true });
    expect((await tf.get(`/api/v1/devices?expired=true&q=${d.code}`)).body.total).toBe(1);
    // The venue's own user sees it; another district does not.
    expect((await (await ctx().login('canting')).get(`/api/v1/devices/${d.id}`)).status).toBe(200);
    expect((await (await ctx().login('tongliang')).get(`/api/v1/devices/${d.id}`)).status).toBe(404);
    expect((await (await ctx().login('canting')).post('/api/v1/devices', { type: 'methane_detector', code: unique('X'), subjectType: 'venue', subjectId: venueId })).status).toBe(403);
    // Retired: kept, listed under retired, and its telemetry refused.
    expect((await tf.delete(`/api/v1/devices/${d.id}`)).status).toBe(204);
    expect((await tf.get(`/api/v1/devices?status=retired&q=${d.code}`)).body.total).toBe(1);
    const token = await gatewayToken(tf, ids.dazu);
    expect((await postTelemetry(ctx(), token, [reading(ctx(), d.code, { ch4: 1 })])).body.rejectedBy).toEqual({ device_retired: 1 });
  });

  it('R7.1 bulk import from Excel: a file with a bad row imports nothing and names the row; a good file imports', async () => {
    const code1 = unique('IMP-');
    const code2 = unique('IMP-');
    const bad = await xlsx([
      [code1, '可燃气体探测器（甲烷）', '用气场所', '老街火锅', '重庆市大足区龙岗街道五星大道 88 号', null, '后厨', 'M1', 'V1', '天然气', '2025-01-01', '2030-01-01'],
      [code2, '不存在的类型', '用气场所', '老街火锅', '重庆市大足区龙岗街道五星大道 88 号', null, null, null, null, null, null, null],
      [code1, '紧急切断阀', '居民用户', null, '没有这户', null, null, null, null, null, null, null],
    ]);
    const refused = await tf.upload('/api/v1/devices/import', bad, 'devices.xlsx');
    expect(refused.status).toBe(422);
    expect(refused.body.rows.map((r: { row: number }) => r.row)).toEqual([3, 4]);
    expect((await tf.get(`/api/v1/devices?q=${code1}`)).body.total).toBe(0);
    const good = await xlsx([
      [code1, '可燃气体探测器（甲烷）', '用气场所', '老街火锅', '重庆市大足区龙岗街道五星大道 88 号', null, '后厨', 'M1', 'V1', '天然气', '2025-01-01', '2030-01-01'],
      [code2, 'shutoff_valve', 'venue', '老街火锅', '重庆市大足区龙岗街道五星大道 88 号', null, '表后', null, null, null, null, null],
    ]);
    const done = await tf.upload('/api/v1/devices/import', good, 'devices.xlsx');
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ created: 2, updated: 0 });
    expect((await tf.upload('/api/v1/devices/import', good, 'devices.xlsx')).body).toEqual({ created: 0, updated: 2 });
    const template = await tf.get('/api/v1/devices/template.xlsx');
    expect(template.status).toBe(200);
  });

  it('R7.5 programme coverage per community and the missing list (exportable)', async () => {
    const town = await ctx().login('longgang');
    const ids = await demoIds(ctx().db);
    const hh = async (flags: Record<string, unknown>) => {
      const res = await town.post('/api/v1/registry/household', { regionId: ids.grid1, address: unique('五星社区 1 栋 '), gasSource: 'pipeline_ng', ...flags });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const old = await hh({ oldCommunity: true });
    const poor = await hh({ hardship: 'dibao' });
    const tall = await hh({ highRise100m: true });
    await hh({}); // an ordinary household: not on the lists
    await registerDevice(tf, { subjectType: 'household', subjectId: old, type: 'self_closing_valve' });
    await registerDevice(tf, { subjectType: 'household', subjectId: tall, type: 'self_closing_valve' }); // still needs a detector
    const cov = await town.get(`/api/v1/monitoring/programme/coverage?regionId=${ids.longgang}`);
    expect(cov.status, JSON.stringify(cov.body)).toBe(200);
    const wuxing = cov.body.communities.find((c: { communityName: string }) => c.communityName === '五星社区');
    expect(wuxing.byCategory.old_community.required).toBeGreaterThanOrEqual(1);
    expect(wuxing.byCategory.hardship.required - wuxing.byCategory.hardship.covered).toBeGreaterThanOrEqual(1);
    const missing = await town.get(`/api/v1/monitoring/programme/missing?regionId=${ids.longgang}&pageSize=200`);
    const byId = new Map(missing.body.items.map((m: { subjectId: string }) => [m.subjectId, m]));
    expect(byId.has(old)).toBe(false);
    expect(byId.get(poor)).toMatchObject({ categories: ['hardship'], missing: ['self_closing_valve'] });
    expect(byId.get(tall)).toMatchObject({ categories: ['high_rise'], missing: ['detector'] });
    const xl = await town.get(`/api/v1/monitoring/programme/missing.xlsx?regionId=${ids.longgang}`);
    expect(xl.status).toBe(200);
    expect(String(xl.headers['content-type'])).toContain('spreadsheetml');
    expect((await (await ctx().login('tongliang')).get(`/api/v1/monitoring/programme/coverage?regionId=${ids.longgang}`)).status).toBe(404);
  });
});
