/**
 * R1.2 departments and R1.3 responsibility matrix through the API: department life cycle, one gas
 * authority per region, presets, inheritance down the tree, rule edits and hazard routing.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { responsibilityRules } from '../db/schema/index.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { codes, createDistrictTree, createRegion, demoIds, type DemoIds } from '../../test/factories.js';
import { dazuPreset, nanchangPreset } from './presets/index.js';

interface Dept {
  id: string;
  key: string;
  name: string;
  isGasAuthority: boolean;
  status: string;
  regionName?: string;
}

describeOnEachDatabase('R1.2 departments and R1.3 responsibility matrix', (ctx) => {
  let ids: DemoIds;
  let admin: Client;
  let zhuanban: Client;
  beforeAll(async () => {
    ids = await demoIds(ctx().db);
    admin = await ctx().login('admin');
    zhuanban = await ctx().login('zhuanban');
  });

  const departmentsOf = async (client: Client, regionId: string, inherited = false) => {
    const res = await client.get(`/api/v1/departments?regionId=${regionId}${inherited ? '&inherited=true' : ''}`);
    expect(res.status).toBe(200);
    return res.body.items as Dept[];
  };
  const auditFor = async (client: Client, entityId: string) => (await client.get(`/api/v1/audit?entityId=${entityId}`)).body.items as Record<string, any>[];
  const routeOf = async (client: Client, regionId: string, category: string, taskKind: string) => {
    const res = await client.get(`/api/v1/matrix/route?regionId=${regionId}&category=${category}&taskKind=${taskKind}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.routing as {
      lead: { key: string; name: string | null; departmentId: string | null };
      cooperating: { key: string; name: string | null }[];
      territorial: { regionId: string; name: string } | null;
      basis: string;
    };
  };
  /** A fresh town under 大足区 for department tests. */
  const freshTown = () => createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111') });

  describe('departments', () => {
    it('R1.2 creates, renames and retires a department; each change is audited with before/after', async () => {
      const town = await freshTown();
      const created = await zhuanban.post('/api/v1/departments', { regionId: town.id, key: 'safety_committee', name: '镇安委办' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ key: 'safety_committee', name: '镇安委办', isGasAuthority: false, status: 'active' });
      expect((await departmentsOf(zhuanban, town.id)).map((d) => d.name)).toEqual(['镇安委办']);

      const renamed = await zhuanban.patch(`/api/v1/departments/${created.body.id}`, { name: '镇应急管理办公室', key: 'emergency' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ key: 'emergency', name: '镇应急管理办公室' });

      const retired = await zhuanban.patch(`/api/v1/departments/${created.body.id}`, { status: 'retired' });
      expect(retired.status).toBe(200);
      expect(await departmentsOf(zhuanban, town.id)).toEqual([]);

      const trail = await auditFor(zhuanban, created.body.id);
      expect(trail.map((e) => e.action)).toEqual(['department.update', 'department.update', 'department.create']);
      expect(trail[0]).toMatchObject({ before: { status: 'active' }, after: { status: 'retired' } });
      expect(trail[1]).toMatchObject({ before: { name: '镇安委办', key: 'safety_committee' }, after: { name: '镇应急管理办公室', key: 'emergency' } });
      expect(trail[2]).toMatchObject({ before: null, after: { name: '镇安委办' } });
    });

    it('R1.2 a key is unique among the active departments of a region (409 on the key field)', async () => {
      const town = await freshTown();
      const first = await zhuanban.post('/api/v1/departments', { regionId: town.id, key: 'fire', name: '镇消防站' });
      expect(first.status).toBe(201);
      const dup = await zhuanban.post('/api/v1/departments', { regionId: town.id, key: 'fire', name: '另一个消防站' });
      expect(dup.status).toBe(409);
      expect(dup.body.error.fields).toEqual([{ path: 'key', message: '该区域已有职能键为 fire 的部门' }]);
      // Once retired, the key is free for a new department…
      expect((await zhuanban.patch(`/api/v1/departments/${first.body.id}`, { status: 'retired' })).status).toBe(200);
      const second = await zhuanban.post('/api/v1/departments', { regionId: town.id, key: 'fire', name: '新消防站' });
      expect(second.status).toBe(201);
      // …and restoring the old one is a conflict, not a server error.
      const restore = await zhuanban.patch(`/api/v1/departments/${first.body.id}`, { status: 'active' });
      expect(restore.status, JSON.stringify(restore.body)).toBe(409);
      expect(restore.body.error.fields).toEqual([{ path: 'key', message: '该区域已有职能键为 fire 的部门' }]);
      expect((await departmentsOf(zhuanban, town.id)).map((d) => d.name)).toEqual(['新消防站']);
    });

    it('R1.2 a malformed key is refused with 400 naming the field', async () => {
      const res = await zhuanban.post('/api/v1/departments', { regionId: ids.dazu, key: 'Gas-Authority', name: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['key']);
    });

    it('R1.2 only one gas authority per region: naming a new one clears the old one', async () => {
      const town = await freshTown();
      const a = await zhuanban.post('/api/v1/departments', { regionId: town.id, key: 'planning', name: '镇规划办', isGasAuthority: true });
      const b = await zhuanban.post('/api/v1/departments', { regionId: town.id, key: 'urban_management', name: '镇执法办', isGasAuthority: true });
      expect(b.status).toBe(201);
      const gasAuthorities = async () => (await departmentsOf(zhuanban, town.id)).filter((d) => d.isGasAuthority).map((d) => d.name);
      expect(await gasAuthorities()).toEqual(['镇执法办']);
      expect((await zhuanban.patch(`/api/v1/departments/${a.body.id}`, { isGasAuthority: true })).status).toBe(200);
      expect(await gasAuthorities()).toEqual(['镇规划办']);
      // The district's own gas authority is untouched by the town's choice.
      const dazu = (await departmentsOf(zhuanban, ids.dazu)).filter((d) => d.isGasAuthority);
      expect(dazu.map((d) => d.name)).toEqual(['区经济信息委']);
    });

    it('R1.2 a street sees its district departments as inherited, nearest first', async () => {
      const longgang = await ctx().login('longgang');
      const own = await departmentsOf(longgang, ids.longgang);
      expect(own).toEqual([]);
      const inherited = await departmentsOf(longgang, ids.longgang, true);
      expect(inherited.map((d) => d.name)).toEqual(expect.arrayContaining(['区经济信息委', '区市场监管局', '区消防救援支队']));
      expect(new Set(inherited.map((d) => d.regionName))).toEqual(new Set(['大足区']));
    });
  });

  describe('matrix', () => {
    it('R1.3 a street inherits the district matrix (Dazu preset)', async () => {
      const longgang = await ctx().login('longgang');
      const res = await longgang.get(`/api/v1/matrix?regionId=${ids.longgang}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ regionId: ids.longgang, definedAt: ids.dazu, inherited: true, presetKey: 'dazu' });
      expect(res.body.rules).toHaveLength(dazuPreset.rules.length);
      const fallback = res.body.rules.find((r: { category: string; taskKind: string }) => r.category === '*' && r.taskKind === '*');
      expect(fallback).toMatchObject({ leadKey: 'gas_authority', leadName: '区经济信息委' });
    });

    // [category, taskKind, region, lead, cooperating, territorial]
    const DAZU_ROUTES: [string, string, keyof DemoIds, string, string[], string | null][] = [
      ['problem_hose', 'catering', 'grid1', '区市场监管局', ['区商务委', '区公安局', '区经济信息委'], '龙岗街道'],
      ['problem_cylinder', 'catering', 'wuxing', '区市场监管局', ['区商务委', '区公安局', '区经济信息委'], '龙岗街道'],
      ['problem_pipeline', 'pipeline', 'longgang', '区经济信息委', ['区规划自然资源局', '区住房城乡建委', '区城市管理局'], '龙岗街道'],
      ['problem_environment', 'catering', 'baoding', '区消防救援支队', ['区商务委'], '宝顶镇'],
      ['management', 'catering', 'grid2', '区商务委', [], '龙岗街道'],
      // No exact row: (category, task) falls back to the task's '*' row, then to '*' '*'.
      ['problem_valve', 'household', 'tangxiang', '区经济信息委', [], '棠香街道'],
      ['problem_pipeline', 'pipeline', 'dazu', '区经济信息委', ['区规划自然资源局', '区住房城乡建委', '区城市管理局'], null],
    ];
    for (const [category, taskKind, where, lead, cooperating, territorial] of DAZU_ROUTES) {
      it(`R1.3 Dazu routes (${category}, ${taskKind}) at ${String(where)} to ${lead}${territorial ? ` + ${territorial}` : ''}`, async () => {
        const jingxin = await ctx().login('jingxin');
        const r = await routeOf(jingxin, ids[where] as string, category, taskKind);
        expect(r.lead.name).toBe(lead);
        expect(r.lead.departmentId).not.toBeNull();
        expect(r.cooperating.map((c) => c.name)).toEqual(cooperating);
        expect(r.territorial?.name ?? null).toBe(territorial);
        expect(r.basis.startsWith('000 ')).toBe(true);
      });
    }

    it('R1.3 applying the nanchang preset to 铜梁区 creates its departments and replaces its matrix', async () => {
      const res = await admin.post('/api/v1/matrix/apply-preset', { regionId: ids.tongliang, presetKey: 'nanchang' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ presetKey: 'nanchang', rules: nanchangPreset.rules.length });

      const tongliang = await ctx().login('tongliang');
      const depts = await departmentsOf(tongliang, ids.tongliang);
      expect(depts.map((d) => d.name).sort()).toEqual(nanchangPreset.departments.map((d) => d.name).sort());
      expect(depts.filter((d) => d.isGasAuthority).map((d) => d.name)).toEqual(['市城管执法局']);

      const matrix = await tongliang.get(`/api/v1/matrix?regionId=${ids.tongliang}`);
      expect(matrix.body).toMatchObject({ definedAt: ids.tongliang, inherited: false, presetKey: 'nanchang' });
      expect(matrix.body.rules).toHaveLength(nanchangPreset.rules.length);
      expect(matrix.body.rules.every((r: { leadName: string | null }) => r.leadName !== null)).toBe(true);
      const street = await tongliang.get(`/api/v1/matrix?regionId=${ids.bachuan}`);
      expect(street.body).toMatchObject({ definedAt: ids.tongliang, inherited: true, presetKey: 'nanchang' });

      // Applying again replaces the rules and creates no second copy of any department.
      expect((await admin.post('/api/v1/matrix/apply-preset', { regionId: ids.tongliang, presetKey: 'nanchang' })).status).toBe(200);
      expect(await departmentsOf(tongliang, ids.tongliang)).toHaveLength(nanchangPreset.departments.length);
      const rows = await ctx().db.select().from(responsibilityRules).where(eq(responsibilityRules.regionId, ids.tongliang));
      expect(rows).toHaveLength(nanchangPreset.rules.length);

      const trail = await auditFor(admin, ids.tongliang);
      expect(trail[0]).toMatchObject({ action: 'matrix.apply_preset', actorLabel: 'admin', after: { presetKey: 'nanchang' } });
      const created = await admin.get(`/api/v1/audit?action=department.create&pageSize=200`);
      const names = created.body.items.filter((e: { regionId: string }) => e.regionId === ids.tongliang).map((e: { after: { name: string } }) => e.after.name);
      expect(names.sort()).toEqual(nanchangPreset.departments.map((d) => d.name).sort());
    });

    const NANCHANG_ROUTES: [string, string, string][] = [
      ['problem_hose', 'catering', '市市场监管局'],
      ['problem_cylinder', 'catering', '市市场监管局'],
      ['problem_pipeline', 'pipeline', '市城管执法局'],
    ];
    for (const [category, taskKind, lead] of NANCHANG_ROUTES) {
      it(`R1.3 under the nanchang preset on 铜梁区, (${category}, ${taskKind}) goes to ${lead} + 巴川街道`, async () => {
        // Applying is idempotent, so this test does not depend on the one above having run.
        expect((await admin.post('/api/v1/matrix/apply-preset', { regionId: ids.tongliang, presetKey: 'nanchang' })).status).toBe(200);
        const tongliang = await ctx().login('tongliang');
        const r = await routeOf(tongliang, ids.bachuan, category, taskKind);
        expect(r.lead.name).toBe(lead);
        expect(r.territorial).toEqual({ regionId: ids.bachuan, name: '巴川街道' });
        expect(r.basis.startsWith('002 ')).toBe(true);
      });
    }

    it('R1.2 applying a preset keeps one gas authority: the preset\'s', async () => {
      const { district } = await createDistrictTree(admin, ctx().db);
      const mine = await admin.post('/api/v1/departments', { regionId: district.id, key: 'housing', name: '区住建委', isGasAuthority: true });
      expect(mine.status).toBe(201);
      expect((await admin.post('/api/v1/matrix/apply-preset', { regionId: district.id, presetKey: 'nanchang' })).status).toBe(200);
      const gas = (await departmentsOf(admin, district.id)).filter((d) => d.isGasAuthority);
      expect(gas.map((d) => [d.key, d.name])).toEqual([['gas_authority', '市城管执法局']]);
      // Kept departments keep their names; only the flag follows the preset.
      expect((await departmentsOf(admin, district.id)).find((d) => d.key === 'housing')?.name).toBe('区住建委');
    });

    it('R1.3 an unknown preset is 404', async () => {
      const res = await admin.post('/api/v1/matrix/apply-preset', { regionId: ids.tongliang, presetKey: 'beijing' });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe('职责预设不存在');
    });

    describe('rule edits (in a district of their own)', () => {
      let district: { id: string };
      let grid: { id: string };
      let town: { id: string; name: string };
      beforeAll(async () => {
        const tree = await createDistrictTree(admin, ctx().db);
        district = tree.district;
        town = tree.town;
        grid = tree.grid;
        expect((await admin.post('/api/v1/matrix/apply-preset', { regionId: district.id, presetKey: 'dazu' })).status).toBe(200);
      });
      const ruleOf = async (category: string, taskKind: string) => {
        const m = await admin.get(`/api/v1/matrix?regionId=${district.id}`);
        return (m.body.rules as { id: string; category: string; taskKind: string; leadKey: string; cooperatingKeys: string[] }[]).find(
          (r) => r.category === category && r.taskKind === taskKind,
        )!;
      };

      it('R1.3 editing a rule changes the routing; the edit is audited', async () => {
        const rule = await ruleOf('problem_stove', 'catering');
        const res = await admin.patch(`/api/v1/matrix/rules/${rule.id}`, { leadKey: 'fire', cooperatingKeys: ['commerce'] });
        expect(res.status).toBe(200);
        const r = await routeOf(admin, grid.id, 'problem_stove', 'catering');
        expect(r.lead).toMatchObject({ key: 'fire', name: '区消防救援支队' });
        expect(r.cooperating.map((c) => c.name)).toEqual(['区商务委']);
        expect(r.territorial?.name).toBe(town.name);
        expect((await auditFor(admin, rule.id))[0]).toMatchObject({
          action: 'matrix.rule.update',
          before: { leadKey: 'market_supervision' },
          after: { leadKey: 'fire', cooperatingKeys: ['commerce'] },
        });
      });

      it('R1.3 a rule naming a department key nobody has is refused with 422 on that field, and nothing changes', async () => {
        const rule = await ruleOf('management', 'catering');
        const lead = await admin.patch(`/api/v1/matrix/rules/${rule.id}`, { leadKey: 'no_such_dept' });
        expect(lead.status).toBe(422);
        expect(lead.body.error.fields).toEqual([{ path: 'leadKey', message: '本区域及上级区域没有职能键为 no_such_dept 的部门' }]);
        const coop = await admin.patch(`/api/v1/matrix/rules/${rule.id}`, { cooperatingKeys: ['commerce', 'taxation'] });
        expect(coop.status).toBe(422);
        expect(coop.body.error.fields).toEqual([{ path: 'cooperatingKeys.1', message: '本区域及上级区域没有职能键为 taxation 的部门' }]);
        const create = await admin.post('/api/v1/matrix/rules', { regionId: district.id, category: 'problem_gas', taskKind: 'household', leadKey: 'ethnic_religious', cooperatingKeys: [] });
        expect(create.status).toBe(422);
        const after = await ruleOf('management', 'catering');
        expect(after).toMatchObject({ leadKey: rule.leadKey, cooperatingKeys: rule.cooperatingKeys });
        expect((await admin.get(`/api/v1/matrix?regionId=${district.id}`)).body.rules).toHaveLength(dazuPreset.rules.length);
      });

      it('R1.3 adds a rule (duplicates are 409) and deletes it again', async () => {
        const body = { regionId: district.id, category: 'problem_gas', taskKind: 'household', leadKey: 'market_supervision', cooperatingKeys: ['gas_authority'], basis: '本地规定' };
        const created = await admin.post('/api/v1/matrix/rules', body);
        expect(created.status).toBe(201);
        expect((await routeOf(admin, grid.id, 'problem_gas', 'household')).lead.name).toBe('区市场监管局');
        const dup = await admin.post('/api/v1/matrix/rules', body);
        expect(dup.status).toBe(409);
        const del = await admin.delete(`/api/v1/matrix/rules/${created.body.id}`);
        expect(del.status).toBe(204);
        expect((await routeOf(admin, grid.id, 'problem_gas', 'household')).lead.name).toBe('区经济信息委');
        expect((await auditFor(admin, created.body.id)).map((e) => e.action)).toEqual(['matrix.rule.delete', 'matrix.rule.create']);
      });
    });
  });
});
