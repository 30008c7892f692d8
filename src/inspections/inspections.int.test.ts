import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { pngBytes } from '../../test/fixtures.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';

interface FormItem {
  id: string;
  code: string;
  measured?: { failWhen: string; limit: number; upper?: number };
}

/** An answer that passes for every item, except those given explicitly. */
function passingAnswers(items: FormItem[], special: Record<string, Record<string, unknown>> = {}) {
  return items.map((i) => {
    if (special[i.code]) return { itemId: i.id, ...special[i.code] };
    const m = i.measured;
    if (!m) return { itemId: i.id, result: 'pass' };
    const value = m.failWhen === 'outside' ? (m.limit + (m.upper ?? m.limit)) / 2 : m.failWhen === '>' || m.failWhen === '<' ? m.limit : m.failWhen === '>=' ? Math.max(0, m.limit - 1) : m.limit + 1;
    return { itemId: i.id, value };
  });
}

async function upload(c: Client) {
  return (await c.upload('/api/v1/files?purpose=signature', pngBytes(), 'sig.png')).body.id as string;
}

async function form(c: Client, subjectType: string, subjectId: string) {
  const res = await c.get(`/api/v1/checklists/for-subject?subjectType=${subjectType}&subjectId=${subjectId}`);
  expect(res.status).toBe(200);
  return res.body.items as FormItem[];
}

describeOnEachDatabase('inspections', (ctx) => {
  it('R3.2/R3.7 a restaurant inspection: hose 2.1 m and 101 kg without a cylinder room fail, become hazards routed by the Dazu matrix', async () => {
    const c = await ctx().login('wangge');
    const venue = (await c.get(`/api/v1/registry/venue?q=${encodeURIComponent('老街火锅')}`)).body.items[0].id;
    const items = await form(c, 'venue', venue);
    expect(items.map((i) => i.code)).toEqual(expect.arrayContaining(['RST-HOSE-LENGTH', 'RST-CYL-TOTAL-WEIGHT']));
    const body = {
      clientUuid: randomUUID(),
      subjectType: 'venue',
      subjectId: venue,
      lat: 29.7,
      lng: 105.72,
      inspectorSignatures: [await upload(c)],
      representativeName: '老板',
      representativeSignature: await upload(c),
      answers: passingAnswers(items, {
        'RST-HOSE-LENGTH': { value: 2.1 },
        'RST-CYL-TOTAL-WEIGHT': { value: 101, flags: { hasCylinderRoom: false } },
      }),
    };
    const res = await c.post('/api/v1/inspections', body);
    expect(res.status).toBe(201);
    expect(res.body.inspection.findings).toBe(2);
    expect(res.body.hazards.map((h: { itemCode: string }) => h.itemCode).sort()).toEqual(['RST-CYL-TOTAL-WEIGHT', 'RST-HOSE-LENGTH']);
    const hose = res.body.hazards.find((h: { itemCode: string }) => h.itemCode === 'RST-HOSE-LENGTH');
    const detail = await c.get(`/api/v1/hazards/${hose.id}`);
    expect(detail.body.hazard.leadName).toBe('区消防救援支队'); // 000 二（四）2: 问题环境 at restaurants, fire rescue leads
    expect(detail.body.hazard.townName).toBe('龙岗街道');
    expect(detail.body.hazard.description).toContain('2.1');

    // Resending the same form (lost connection) stores nothing new.
    const again = await c.post('/api/v1/inspections', body);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    const list = await c.get(`/api/v1/hazards?subjectId=${venue}&source=inspection`);
    expect(list.body.total).toBe(2);
  });

  it('R3.2 hose 2.0 m and 99 kg pass; 101 kg with a cylinder room passes; an inspection with no finding is recorded (R3.7)', async () => {
    const c = await ctx().login('wangge');
    const venue = (await c.get(`/api/v1/registry/venue?q=${encodeURIComponent('老街火锅')}`)).body.items[0].id;
    const items = await form(c, 'venue', venue);
    const specials: Record<string, Record<string, unknown>>[] = [{ 'RST-HOSE-LENGTH': { value: 2.0 }, 'RST-CYL-TOTAL-WEIGHT': { value: 99 } }, { 'RST-CYL-TOTAL-WEIGHT': { value: 101, flags: { hasCylinderRoom: true } } }];
    for (const special of specials) {
      const res = await c.post('/api/v1/inspections', {
        clientUuid: randomUUID(),
        subjectType: 'venue',
        subjectId: venue,
        inspectorSignatures: [await upload(c)],
        representativeName: '老板',
        representativeSignature: await upload(c),
        answers: passingAnswers(items, special),
      });
      expect(res.status).toBe(201);
      expect(res.body.inspection.findings).toBe(0);
      expect(res.body.hazards).toEqual([]);
    }
  });

  it('refuses an incomplete form, a result that contradicts its measurement, and a missing representative signature', async () => {
    const c = await ctx().login('wangge');
    const venue = (await c.get(`/api/v1/registry/venue?q=${encodeURIComponent('老街火锅')}`)).body.items[0].id;
    const items = await form(c, 'venue', venue);
    const base = { clientUuid: randomUUID(), subjectType: 'venue', subjectId: venue, inspectorSignatures: [await upload(c)] };
    const res = await c.post('/api/v1/inspections', { ...base, answers: passingAnswers(items.slice(1), { 'RST-HOSE-LENGTH': { value: 2.5, result: 'pass' } }) });
    expect(res.status).toBe(422);
    const paths = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['answers', 'representativeSignature']));
    expect(res.body.error.fields.find((f: { path: string }) => f.path === 'answers').message).toContain(items[0]!.code);
    expect(JSON.stringify(res.body.error.fields)).toContain('不一致');
    const count = await ctx().db.execute(sql`SELECT count(*)::int AS n FROM inspections WHERE client_uuid = ${base.clientUuid}`);
    expect(count.rows[0]).toEqual({ n: 0 });
  });

  it('R3.7 a submitted record is immutable: the database refuses an update', async () => {
    const causeOf = async (p: Promise<unknown>) => p.then(() => 'no error', (e: { cause?: { message?: string } }) => e.cause?.message ?? String(e));
    expect(await causeOf(ctx().db.execute(sql`UPDATE inspections SET notes = 'changed'`))).toMatch(/immutable/);
    expect(await causeOf(ctx().db.execute(sql`DELETE FROM inspection_answers`))).toMatch(/immutable/);
    const [n] = (await ctx().db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM inspections WHERE notes = 'changed'`)).rows;
    expect(n).toEqual({ n: 0 });
  });

  it('R3.5 Art. 9: a 9.1 finding at a household is the user\'s hazard, and a major hazard of the supplier unless a written notice was issued', async () => {
    const admin = await ctx().login('zhuanban');
    const grid = (await admin.get(`/api/v1/regions?q=${encodeURIComponent('第一网格')}`)).body.items[0].id;
    const supplier = (await admin.get(`/api/v1/registry/enterprise?q=${encodeURIComponent('大足燃气')}`)).body.items[0].id;
    const hh = await admin.post('/api/v1/registry/household', { address: '五星大道 8 栋 1 单元 101', regionId: grid, supplierId: supplier, gasSource: 'bottled_lpg' });
    expect(hh.status).toBe(201);
    const company = await ctx().login('qiye');
    const items = await form(company, 'household', hh.body.id);
    for (const [notice, expected] of [[false, ['general:household', 'major:enterprise']], [true, ['general:household']]] as const) {
      const res = await company.post('/api/v1/inspections', {
        clientUuid: randomUUID(),
        subjectType: 'household',
        subjectId: hh.body.id,
        inspectorSignatures: [await upload(company)],
        representativeName: '住户',
        representativeSignature: await upload(company),
        writtenNoticeIssued: notice,
        answers: passingAnswers(items, { 'HH-LPG-UNDERGROUND': { result: 'fail' } }),
      });
      expect(res.status).toBe(201);
      expect(res.body.inspection.kind).toBe('company');
      const hazards = await Promise.all(res.body.hazards.map((h: { id: string }) => admin.get(`/api/v1/hazards/${h.id}`)));
      expect(hazards.map((h) => `${h.body.hazard.severity}:${h.body.hazard.subjectType}`).sort()).toEqual([...expected].sort());
    }
  });

  it('R1.4 another district cannot inspect or read these subjects', async () => {
    const c = await ctx().login('wangge');
    const venue = (await c.get(`/api/v1/registry/venue?q=${encodeURIComponent('老街火锅')}`)).body.items[0].id;
    const other = await ctx().login('tongliang');
    expect((await other.get(`/api/v1/checklists/for-subject?subjectType=venue&subjectId=${venue}`)).status).toBe(404);
    expect((await other.post('/api/v1/inspections', { clientUuid: randomUUID(), subjectType: 'venue', subjectId: venue, inspectorSignatures: [], answers: [] })).status).toBe(404);
    expect((await other.get('/api/v1/inspections')).body.total).toBe(0);
  });

  it('R3.9 coverage counts subjects and those inspected in the period, per child region, and lists the rest', async () => {
    const c = await ctx().login('zhuanban');
    const dazu = (await c.get(`/api/v1/regions?q=${encodeURIComponent('大足区')}`)).body.items[0].id;
    const tx = (await c.get(`/api/v1/regions?q=${encodeURIComponent('棠香街道')}`)).body.items[0].id;
    await c.post('/api/v1/registry/venue', { name: '棠香饭店', kind: 'restaurant', address: '棠香街道 5 号', regionId: tx });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    // Hand count from the registry: every restaurant of the district, and those of each street.
    const all = (await c.get('/api/v1/registry/venue?kind=restaurant&pageSize=200')).body.items as { name: string; regionId: string }[];
    const longgang = (await c.get(`/api/v1/regions?q=${encodeURIComponent('龙岗街道')}`)).body.items[0].id;
    const inLonggang = (await c.get(`/api/v1/registry/venue?kind=restaurant&regionId=${longgang}&pageSize=200`)).body.total as number;
    const cov = await c.get(`/api/v1/coverage?regionId=${dazu}&subjectType=venue&kind=restaurant&from=2020-01-01&to=${today}`);
    expect(cov.status).toBe(200);
    expect(cov.body.total).toBe(all.length);
    expect(cov.body.inspected).toBe(1); // only 老街火锅 was inspected in this file
    const byName = Object.fromEntries(cov.body.children.map((x: { regionName: string; total: number; inspected: number }) => [x.regionName, [x.total, x.inspected]]));
    expect(byName['龙岗街道']).toEqual([inLonggang, 1]);
    expect(byName['棠香街道']).toEqual([1, 0]);
    const rest = await c.get(`/api/v1/coverage/uninspected?regionId=${dazu}&subjectType=venue&kind=restaurant&from=2020-01-01&to=${today}&pageSize=200`);
    const names = rest.body.items.map((x: { name: string }) => x.name);
    expect(names).toContain('棠香饭店');
    expect(names).not.toContain('老街火锅');
    expect(rest.body.total).toBe(all.length - 1);
  });
});
