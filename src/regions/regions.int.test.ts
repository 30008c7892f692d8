/**
 * R1.1 region tree through the API: codes (GB/T 2260 and 12-digit statistical codes), levels,
 * rename, move, retire, delete — and every change in the audit trail with before and after.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { regions } from '../db/schema/index.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { activate, codes, createAccount, createRegion, demoIds, regionById, regionByName, unique, type DemoIds } from '../../test/factories.js';

describeOnEachDatabase('R1.1 regions', (ctx) => {
  let ids: DemoIds;
  let admin: Client;
  let zhuanban: Client;
  /** The admin with English chosen in the UI (the gg_lang cookie the web app sets). */
  let adminEn: Client;
  beforeAll(async () => {
    ids = await demoIds(ctx().db);
    admin = await ctx().login('admin');
    adminEn = await ctx().login('admin');
    adminEn.cookies.gg_lang = 'en';
    zhuanban = await ctx().login('zhuanban');
  });

  /** The audit entries about one region, as the API shows them to `client`. */
  const auditFor = async (client: Client, id: string) => {
    const res = await client.get(`/api/v1/audit?entityType=region&entityId=${id}`);
    expect(res.status).toBe(200);
    return res.body.items as { action: string; actorLabel: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[];
  };

  describe('create', () => {
    it('R1.1 creates province → city → district → town → community → grid with valid codes', async () => {
      const root = await regionByName(ctx().db, '全国');
      // 110000 北京市 is not in the demo data; the rest of the chain follows its code.
      const province = await createRegion(admin, { parentId: root.id, level: 'province', code: '110000', name: '北京市' });
      const city = await createRegion(admin, { parentId: province.id, level: 'city', code: '110100', name: '北京市市辖区' });
      const district = await createRegion(admin, { parentId: city.id, level: 'district', code: '110105', name: '朝阳区' });
      const town = await createRegion(admin, { parentId: district.id, level: 'town', code: '110105001000', name: '建外街道' });
      const community = await createRegion(admin, { parentId: town.id, level: 'community', code: '110105001001', name: '永安里社区' });
      const grid = await createRegion(admin, { parentId: community.id, level: 'grid', code: '11010500100101', name: '第一网格' });
      expect([province, city, district, town, community, grid].map((r) => r.depth)).toEqual([1, 2, 3, 4, 5, 6]);
      const got = await admin.get(`/api/v1/regions/${grid.id}`);
      expect(got.status).toBe(200);
      expect(got.body.ancestors.map((a: { name: string }) => a.name)).toEqual(['全国', '北京市', '北京市市辖区', '朝阳区', '建外街道', '永安里社区']);
      const [entry] = await auditFor(admin, grid.id);
      expect(entry).toMatchObject({ action: 'region.create', actorLabel: 'admin', before: null, after: { code: '11010500100101', name: '第一网格', level: 'grid' } });
    });

    it('R1.1 a district task force creates streets, villages (乡 220) and grids under a town directly', async () => {
      const town = await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: '500111220000', name: '某乡' });
      const village = await createRegion(zhuanban, { parentId: town.id, level: 'community', code: '500111220201', name: '某村' });
      const townGrid = await createRegion(zhuanban, { parentId: town.id, level: 'grid', code: '5001112200007', name: '镇直网格' });
      expect(village.level).toBe('community');
      expect(townGrid.parentId).toBe(town.id);
      expect((await auditFor(zhuanban, village.id))[0]).toMatchObject({ action: 'region.create', actorLabel: 'zhuanban' });
    });

    it('R1.1 a development zone may use a virtual code', async () => {
      const zone = await createRegion(admin, { parentId: ids.cqCity, level: 'district', code: 'CQKFQ01', name: '某经开区', isVirtualCode: true } as never);
      expect(zone).toMatchObject({ isVirtualCode: true, code: 'CQKFQ01' });
    });

    // [what, level, parent (demo region name), code, field, Chinese message, English message]
    const INVALID: [string, string, string | null, string, string, string, string][] = [
      ['province code not ending in 0000', 'province', '全国', '120100', 'code', '省级代码应为 6 位数字，后 4 位为 0000', 'A province code has 6 digits ending in 0000'],
      ['city code that is a province code', 'city', '重庆市', '500000', 'code', '市级代码应为 6 位数字，后 2 位为 00，且不是省级代码', 'A city code has 6 digits ending in 00 and is not a province code'],
      ['city code of another province', 'city', '重庆市', '510100', 'code', '代码应以上级区域代码 50 开头', 'The code must start with the parent code 50'],
      ['district code ending in 00', 'district', '重庆市市辖区', '500200', 'code', '区县级代码应为 6 位数字，后 2 位不为 00（开发区可用虚拟代码）', 'A district code has 6 digits not ending in 00 (development zones may use virtual codes)'],
      ['district code of another city', 'district', '重庆市市辖区', '500260', 'code', '代码应以上级区域代码 5001 开头', 'The code must start with the parent code 5001'],
      ['district code with letters', 'district', '重庆市市辖区', '5001AB', 'code', '区县级代码应为 6 位数字，后 2 位不为 00（开发区可用虚拟代码）', 'A district code has 6 digits not ending in 00 (development zones may use virtual codes)'],
      ['town code with 11 digits', 'town', '大足区', '50011100900', 'code', '镇街统计代码应为 12 位数字：区县 6 位 + 乡镇 3 位（001–599）+ 000', 'A town/street code has 12 digits: county (6) + township 001–599 (3) + 000'],
      ['town segment 600', 'town', '大足区', '500111600000', 'code', '镇街统计代码应为 12 位数字：区县 6 位 + 乡镇 3 位（001–599）+ 000', 'A town/street code has 12 digits: county (6) + township 001–599 (3) + 000'],
      ['town segment 000', 'town', '大足区', '500111000000', 'code', '镇街统计代码应为 12 位数字：区县 6 位 + 乡镇 3 位（001–599）+ 000', 'A town/street code has 12 digits: county (6) + township 001–599 (3) + 000'],
      ['town code not ending in 000', 'town', '大足区', '500111009001', 'code', '镇街统计代码应为 12 位数字：区县 6 位 + 乡镇 3 位（001–599）+ 000', 'A town/street code has 12 digits: county (6) + township 001–599 (3) + 000'],
      ['town code of 铜梁区 under 大足区', 'town', '大足区', '500151009000', 'code', '代码应以上级区域代码 500111 开头', 'The code must start with the parent code 500111'],
      ['community segment 400', 'community', '龙岗街道', '500111001400', 'code', '社区/村统计代码应为 12 位数字：乡镇 9 位 + 村居 3 位（001–399）', 'A community/village code has 12 digits: township (9) + village 001–399 (3)'],
      ['community of another street', 'community', '龙岗街道', '500111002150', 'code', '代码应以上级区域代码 500111001 开头', 'The code must start with the parent code 500111001'],
      ['grid code not extending the community code', 'grid', '五星社区', '50011100100299', 'code', '网格编码应为上级社区代码后加 1–6 位数字', 'A grid code is the community code followed by 1–6 digits'],
      ['grid code with 7 extra digits', 'grid', '五星社区', '5001110010011234567', 'code', '网格编码应为上级社区代码后加 1–6 位数字', 'A grid code is the community code followed by 1–6 digits'],
      ['town under a city', 'town', '重庆市市辖区', '500100901000', 'parentId', '镇街不能直接设在市级之下', 'A town/street cannot sit directly under a city'],
      ['community under a district', 'community', '大足区', '500111001390', 'parentId', '社区/村不能直接设在区县之下', 'A community/village cannot sit directly under a district/county'],
      ['grid under a district', 'grid', '大足区', '50011199', 'parentId', '网格不能直接设在区县之下', 'A grid cannot sit directly under a district/county'],
      ['city under the country', 'city', '全国', '110100', 'parentId', '市级不能直接设在全国之下', 'A city cannot sit directly under a country'],
      ['district without a parent', 'district', null, '110105', 'parentId', '区县不能作为顶级区域', 'A district/county cannot be a top-level region'],
    ];

    for (const [what, level, parentName, code, field, zh, en] of INVALID) {
      it(`R1.1 refuses ${what} with 422 and a field error in Chinese and English`, async () => {
        const parentId = parentName ? (await regionByName(ctx().db, parentName)).id : null;
        const body = { parentId, level, code, name: `无效 ${what}` };
        const res = await admin.post('/api/v1/regions', body);
        expect(res.status, JSON.stringify(res.body)).toBe(422);
        expect(res.body.error).toEqual({ code: 'UNPROCESSABLE', message: '提交的数据不正确', fields: [{ path: field, message: zh }] });
        const resEn = await adminEn.post('/api/v1/regions', body);
        expect(resEn.body.error).toEqual({ code: 'UNPROCESSABLE', message: 'The submitted data is not valid', fields: [{ path: field, message: en }] });
        expect(await ctx().db.select().from(regions).where(eq(regions.name, body.name))).toEqual([]);
      });
    }

    it('R1.1 a code already in use answers 409 on the code field', async () => {
      const res = await zhuanban.post('/api/v1/regions', { parentId: ids.dazu, level: 'town', code: '500111001000', name: '另一个龙岗' });
      expect(res.status).toBe(409);
      expect(res.body.error.fields).toEqual([{ path: 'code', message: '区域代码 500111001000 已被使用' }]);
    });

    it('R1.1 a malformed request answers 400 with the fields named', async () => {
      const res = await zhuanban.post('/api/v1/regions', { parentId: 'not-a-uuid', level: 'village', name: '' });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['code', 'level', 'name', 'parentId']);
      expect(res.body.error.fields.find((f: { path: string }) => f.path === 'code').message).toBe('必填');
    });
  });

  describe('rename and re-code', () => {
    it('R1.1 renames a street; the audit entry holds the name before and after', async () => {
      const town = await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111'), name: '旧名街道' });
      const res = await zhuanban.patch(`/api/v1/regions/${town.id}`, { name: '新名街道' });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('新名街道');
      expect((await regionById(ctx().db, town.id))?.name).toBe('新名街道');
      const [entry] = await auditFor(zhuanban, town.id);
      expect(entry).toMatchObject({ action: 'region.update', before: { name: '旧名街道' }, after: { name: '新名街道' } });
    });

    it('R1.1 re-coding checks the code rule against the parent', async () => {
      const town = await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111') });
      const bad = await zhuanban.patch(`/api/v1/regions/${town.id}`, { code: '500151001000' });
      expect(bad.status).toBe(422);
      expect(bad.body.error.fields).toEqual([{ path: 'code', message: '代码应以上级区域代码 500111 开头' }]);
      const newCode = codes.town('500111');
      const good = await zhuanban.patch(`/api/v1/regions/${town.id}`, { code: newCode });
      expect(good.status).toBe(200);
      expect((await auditFor(zhuanban, town.id))[0]).toMatchObject({ before: { code: town.code }, after: { code: newCode } });
    });
  });

  describe('move', () => {
    it('R1.1 moving a community moves its grids; the new street officer sees them, the old one no longer does', async () => {
      const community = await createRegion(zhuanban, { parentId: ids.tangxiang, level: 'community', code: codes.community('500111002000') });
      const grid = await createRegion(zhuanban, { parentId: community.id, level: 'grid', code: codes.grid(community.code) });
      const tangxiangOfficer = await activate(ctx(), await createAccount(zhuanban, { role: 'town_officer', regionId: ids.tangxiang }));
      const longgang = await ctx().login('longgang');
      expect((await tangxiangOfficer.get(`/api/v1/regions/${grid.id}`)).status).toBe(200);
      expect((await longgang.get(`/api/v1/regions/${grid.id}`)).status).toBe(404);

      const moved = await zhuanban.post(`/api/v1/regions/${community.id}/move`, { parentId: ids.longgang });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body.parentId).toBe(ids.longgang);

      const longgangRow = await regionById(ctx().db, ids.longgang);
      const gridRow = await regionById(ctx().db, grid.id);
      expect(gridRow?.path).toBe(`${longgangRow!.path}${community.id}/${grid.id}/`);
      expect(gridRow?.depth).toBe(grid.depth);
      const seen = await longgang.get(`/api/v1/regions/${grid.id}`);
      expect(seen.status).toBe(200);
      expect(seen.body.ancestors.map((a: { name: string }) => a.name)).toEqual(['全国', '重庆市', '重庆市市辖区', '大足区', '龙岗街道', community.name]);
      const children = await longgang.get(`/api/v1/regions?parentId=${community.id}`);
      expect(children.body.items.map((r: { id: string }) => r.id)).toEqual([grid.id]);
      expect((await tangxiangOfficer.get(`/api/v1/regions/${grid.id}`)).status).toBe(404);
      expect((await auditFor(zhuanban, community.id))[0]).toMatchObject({ action: 'region.move', before: { parentId: ids.tangxiang }, after: { parentId: ids.longgang } });
    });

    it('R1.1 a move into the region itself or its own subtree is refused and changes nothing', async () => {
      const town = await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111') });
      const community = await createRegion(zhuanban, { parentId: town.id, level: 'community', code: codes.community(town.code) });
      const grid = await createRegion(zhuanban, { parentId: community.id, level: 'grid', code: codes.grid(community.code) });
      for (const target of [grid.id, community.id]) {
        const res = await zhuanban.post(`/api/v1/regions/${community.id}/move`, { parentId: target });
        expect(res.status).toBe(422);
        expect(res.body.error.fields).toEqual([{ path: 'parentId', message: '不能把区域移动到它自己或它的下级之下' }]);
      }
      const wrongLevel = await zhuanban.post(`/api/v1/regions/${community.id}/move`, { parentId: ids.dazu });
      expect(wrongLevel.status).toBe(422);
      expect(wrongLevel.body.error.fields).toEqual([{ path: 'parentId', message: '社区/村不能直接设在区县之下' }]);
      expect((await regionById(ctx().db, grid.id))?.path).toBe((await regionById(ctx().db, community.id))!.path + `${grid.id}/`);
      expect((await regionById(ctx().db, community.id))?.parentId).toBe(town.id);
    });
  });

  describe('retire and restore', () => {
    it('R1.1 retiring is refused while active children exist, then allowed bottom-up', async () => {
      const town = await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111') });
      const community = await createRegion(zhuanban, { parentId: town.id, level: 'community', code: codes.community(town.code) });
      const refused = await zhuanban.post(`/api/v1/regions/${town.id}/retire`);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe('该区域下仍有未停用的下级区域');
      expect((await regionById(ctx().db, town.id))?.status).toBe('active');

      expect((await zhuanban.post(`/api/v1/regions/${community.id}/retire`)).status).toBe(200);
      const retired = await zhuanban.post(`/api/v1/regions/${town.id}/retire`);
      expect(retired.status).toBe(200);
      expect(retired.body.status).toBe('retired');
      const list = await zhuanban.get(`/api/v1/regions?parentId=${ids.dazu}`);
      expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(town.id);
      const withRetired = await zhuanban.get(`/api/v1/regions?parentId=${ids.dazu}&includeRetired=true`);
      expect(withRetired.body.items.map((r: { id: string }) => r.id)).toContain(town.id);
      // Nothing new goes under a retired region.
      const child = await zhuanban.post('/api/v1/regions', { parentId: town.id, level: 'community', code: codes.community(town.code), name: 'x' });
      expect(child.status).toBe(422);
      expect((await auditFor(zhuanban, town.id))[0]).toMatchObject({ action: 'region.retire', before: { status: 'active' }, after: { status: 'retired' } });

      const restored = await zhuanban.post(`/api/v1/regions/${town.id}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body.status).toBe('active');
      expect((await auditFor(zhuanban, town.id))[0]).toMatchObject({ action: 'region.restore', before: { status: 'retired' }, after: { status: 'active' } });
    });
  });

  it('R1.1 no active region ends up under a retired one: restoring or moving there is refused', async () => {
    const town = await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111') });
    const community = await createRegion(zhuanban, { parentId: town.id, level: 'community', code: codes.community(town.code) });
    const other = await createRegion(zhuanban, { parentId: ids.tangxiang, level: 'community', code: codes.community('500111002000') });
    expect((await zhuanban.post(`/api/v1/regions/${community.id}/retire`)).status).toBe(200);
    expect((await zhuanban.post(`/api/v1/regions/${town.id}/retire`)).status).toBe(200);

    const restore = await zhuanban.post(`/api/v1/regions/${community.id}/restore`);
    expect(restore.status).toBe(422);
    expect(restore.body.error.fields).toEqual([{ path: 'parentId', message: '区域已停用' }]);
    expect((await regionById(ctx().db, community.id))?.status).toBe('retired');

    const move = await zhuanban.post(`/api/v1/regions/${other.id}/move`, { parentId: town.id });
    expect(move.status).toBe(422);
    expect(move.body.error.fields).toEqual([{ path: 'parentId', message: '区域已停用' }]);
    expect((await regionById(ctx().db, other.id))?.parentId).toBe(ids.tangxiang);

    // Restored top-down, it works.
    expect((await zhuanban.post(`/api/v1/regions/${town.id}/restore`)).status).toBe(200);
    expect((await zhuanban.post(`/api/v1/regions/${community.id}/restore`)).status).toBe(200);
  });

  describe('delete', () => {
    it('R1.1 a fresh leaf nothing refers to is deleted (204) and the deletion is audited', async () => {
      const town = await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111'), name: '录错的街道' });
      const res = await zhuanban.delete(`/api/v1/regions/${town.id}`);
      expect(res.status).toBe(204);
      expect(await regionById(ctx().db, town.id)).toBeUndefined();
      expect((await zhuanban.get(`/api/v1/regions/${town.id}`)).status).toBe(404);
      expect((await auditFor(zhuanban, town.id))[0]).toMatchObject({ action: 'region.delete', before: { name: '录错的街道' }, after: null });
    });

    it('R1.1 deleting a region an account refers to is refused with 409', async () => {
      const town = await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111') });
      await createAccount(zhuanban, { role: 'town_officer', regionId: town.id, username: unique('del') });
      const res = await zhuanban.delete(`/api/v1/regions/${town.id}`);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('该区域仍被 1 条数据引用，不能删除，只能停用');
      expect(await regionById(ctx().db, town.id)).toBeDefined();
    });

    it('R1.1 deleting a region a department refers to is refused with 409', async () => {
      const town = await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111') });
      expect((await zhuanban.post('/api/v1/departments', { regionId: town.id, key: 'safety_committee', name: '镇安委办' })).status).toBe(201);
      const res = await zhuanban.delete(`/api/v1/regions/${town.id}`);
      expect(res.status).toBe(409);
      expect(await regionById(ctx().db, town.id)).toBeDefined();
    });

    it('R1.1 deleting a region that still has sub-regions is refused with 409 (no orphaned children)', async () => {
      const town = await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111') });
      const community = await createRegion(zhuanban, { parentId: town.id, level: 'community', code: codes.community(town.code) });
      const res = await zhuanban.delete(`/api/v1/regions/${town.id}`);
      expect(res.status).toBe(409);
      expect(await regionById(ctx().db, town.id)).toBeDefined();
      expect((await zhuanban.get(`/api/v1/regions/${community.id}`)).status).toBe(200);
    });

    it('R1.1 a task force cannot delete its own home region', async () => {
      const res = await zhuanban.delete(`/api/v1/regions/${ids.dazu}`);
      expect(res.status).toBe(403);
      expect(await regionById(ctx().db, ids.dazu)).toBeDefined();
    });
  });
});
