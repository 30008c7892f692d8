/** Hazard ledger and what follows it (R4): ledger, transitions, notices, enforcement, supply, 回头看, dossiers. */
import { sql } from 'drizzle-orm';
import { venues } from '../../../src/db/schema/index.js';
import { insertHazard } from '../../oversight.js';
import { get, ok, post, put, type Account, type Caller, READERS } from '../support.js';
import { home, other, own, sideOf, town, uniq, type Fx, type Side } from './fixtures.js';
import type { SetupCtx, Table } from './rules.js';

/** Officials who supervise a hazard of their own scope (R4.3); the lead department of the fixture hazards is 市场监管 (shichang). */
const SUPERVISORS = ['admin', 'zhuanban', 'shichang', 'longgang', 'tongliang'] as const;
const OFFICIALS = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'tongliang'] as const;
/** Callers who see the fixture hazard of their own set (region scope; the venue user its venue; enterprise accounts their enterprise). */
const HAZARD_READERS: readonly Caller[] = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge', 'qiye', 'chongzhuang', 'songqi', 'canting', 'tongliang', 'tok:platform'];

export const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
export const dayOffset = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The account that puts a side's fixtures on the ledger. */
const maker = (side: Side): Account => (side === 'tl' ? 'tongliang' : 'zhuanban');

/** The subject a caller's hazards are about: its own venue (enterprise accounts: the enterprise). */
function subjectOf(f: Fx, as: Caller): { subjectType: string; subjectId: string } {
  const side = sideOf(as);
  return side === 'ent' ? { subjectType: 'enterprise', subjectId: f.ent.enterprise } : { subjectType: 'venue', subjectId: f[side].venue };
}

/** A new open hazard in the caller's own scope (made by the side's task force). */
export async function freshHazard(s: SetupCtx, as: Caller, subject = subjectOf(s.f, as)): Promise<string> {
  const c = await s.callers.client(maker(sideOf(as)));
  return ok(await c.post('/api/v1/hazards', { ...subject, category: 'problem_hose', severity: 'general', description: `矩阵隐患${uniq()}` })).hazard.id as string;
}

/** A new venue of the caller's side supplied by 大足燃气 (tl: by the 铜梁 fixture enterprise), with an open hazard. */
async function suppliedVenueHazard(s: SetupCtx, as: Caller): Promise<string> {
  const side = sideOf(as) === 'tl' ? 'tl' : 'ent';
  const regionId = side === 'tl' ? s.f.tl.region : s.f.ids.grid1;
  const [v] = await s.ctx.db.insert(venues).values({ regionId, name: `矩阵供气用户${uniq()}`, address: `矩阵供气路 ${uniq()} 号`, kind: 'restaurant', gasSource: 'bottled_lpg', supplierId: s.f[side].enterprise }).returning();
  return freshHazard(s, side === 'tl' ? 'tongliang' : 'zhuanban', { subjectType: 'venue', subjectId: v!.id });
}

const issuer = (f: Fx, as: Caller) => (as === 'admin' || as === 'zhuanban' || as === 'tongliang' ? { type: 'region', id: town(f, as) } : undefined);
const noticeBody = (f: Fx, as: Caller, hazardId: string) => ({
  issuer: issuer(f, as),
  items: [{ hazardId }],
  deadline: dayOffset(30),
  officers: [
    { name: '张执法', certificateNo: '渝执01' },
    { name: '李执法', certificateNo: '渝执02' },
  ],
});
const step = { officer: '张执法', note: '矩阵' };

export const hazards: Table = {
  'GET /api/v1/hazards': {
    who: READERS,
    call: (f, as) => get(`/api/v1/hazards?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/hazards?regionId=${other(f, as).district}`),
  },
  'POST /api/v1/hazards': {
    who: [...OFFICIALS, 'wangge', 'qiye', 'chongzhuang', 'songqi', 'canting'],
    call: (f, as) => post('/api/v1/hazards', { ...subjectOf(f, as), category: 'problem_hose', severity: 'general', description: '矩阵登记' }),
    other: (f, as) => post('/api/v1/hazards', { subjectType: 'venue', subjectId: other(f, as).venue, category: 'problem_hose', severity: 'general', description: '越权登记' }),
  },
  'GET /api/v1/hazards/{id}': {
    who: HAZARD_READERS,
    call: (f, as) => get(`/api/v1/hazards/${own(f, as).hazard}`),
    other: (f, as) => get(`/api/v1/hazards/${other(f, as).hazard}`),
  },
  'POST /api/v1/hazards/{id}/actions/{action}': {
    // 交办 (assign): the supervisors of the hazard. Other steps are the state machine's (hazard.rules.test.ts).
    who: SUPERVISORS,
    setup: (s, as) => freshHazard(s, as),
    call: (f, as, mine) => post(`/api/v1/hazards/${mine ?? own(f, as).hazard}/actions/assign`, { deadline: dayOffset(20), responsiblePerson: '店主' }),
    other: (f, as) => post(`/api/v1/hazards/${other(f, as).hazard}/actions/assign`, { deadline: dayOffset(20), responsiblePerson: '店主' }),
  },
  'POST /api/v1/notices': {
    who: OFFICIALS,
    setup: (s, as) => freshHazard(s, as),
    call: (f, as, mine) => post('/api/v1/notices', noticeBody(f, as, mine ?? own(f, as).hazard)),
    other: (f, as) => post('/api/v1/notices', noticeBody(f, as, other(f, as).hazard)),
    otherStatus: [403, 404, 422],
  },
  'GET /api/v1/notices': {
    who: READERS,
    call: (f, as) => get(`/api/v1/notices?hazardId=${own(f, as).hazard}`),
    other: (f, as) => get(`/api/v1/notices?hazardId=${other(f, as).hazard}`),
  },
  'GET /api/v1/notices/settings': {
    who: READERS,
    call: (f, as) => get(`/api/v1/notices/settings?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/notices/settings?regionId=${other(f, as).district}`),
  },
  'PUT /api/v1/notices/settings/{regionId}': {
    who: ['admin', 'zhuanban', 'tongliang'],
    call: (f, as) => put(`/api/v1/notices/settings/${home(f, as)}`, { reviewBody: '矩阵人民政府', court: '矩阵人民法院' }),
    other: (f, as) => put(`/api/v1/notices/settings/${other(f, as).district}`, { reviewBody: '越权' }),
  },
  'GET /api/v1/notices/{id}': {
    who: HAZARD_READERS,
    call: (f, as) => get(`/api/v1/notices/${own(f, as).x.notice}`),
    other: (f, as) => get(`/api/v1/notices/${other(f, as).x.notice}`),
  },
  'GET /api/v1/notices/{id}.pdf': {
    who: HAZARD_READERS,
    call: (f, as) => get(`/api/v1/notices/${own(f, as).x.notice}.pdf`),
    other: (f, as) => get(`/api/v1/notices/${other(f, as).x.notice}.pdf`),
  },
  'GET /api/v1/public/notices/verify': { who: 'public', call: (f) => get(`/api/v1/public/notices/verify?no=${encodeURIComponent(f.dz.x.noticeNo!)}&code=${f.dz.x.noticeCode}`) },
  'POST /api/v1/hazards/{id}/enforcement': {
    who: OFFICIALS,
    setup: (s, as) => freshHazard(s, as),
    call: (f, as, mine) => post(`/api/v1/hazards/${mine ?? own(f, as).hazard}/enforcement`, { kind: 'stop_use', ...step }),
    other: (f, as) => post(`/api/v1/hazards/${other(f, as).hazard}/enforcement`, { kind: 'stop_use', ...step }),
  },
  'GET /api/v1/hazards/{id}/enforcement': {
    who: HAZARD_READERS,
    call: (f, as) => get(`/api/v1/hazards/${own(f, as).hazard}/enforcement`),
    other: (f, as) => get(`/api/v1/hazards/${other(f, as).hazard}/enforcement`),
  },
  'POST /api/v1/hazards/{id}/supply/suspend': {
    // The gas supplier's accounts (for the users it supplies) or officials.
    who: [...OFFICIALS, 'qiye', 'chongzhuang', 'songqi'],
    setup: suppliedVenueHazard,
    call: (f, as, mine) => post(`/api/v1/hazards/${mine ?? f.ent.x.userHazard}/supply/suspend`, step),
    other: (f, as) => post(`/api/v1/hazards/${other(f, as).x.userHazard}/supply/suspend`, step),
  },
  'POST /api/v1/hazards/{id}/supply/restore': {
    who: [...OFFICIALS, 'qiye', 'chongzhuang', 'songqi'],
    setup: async (s, as) => {
      const id = await suppliedVenueHazard(s, as);
      const side = sideOf(as) === 'tl' ? 'tl' : 'ent';
      ok(await (await s.callers.client(maker(side))).post(`/api/v1/hazards/${id}/supply/suspend`, step));
      await s.ctx.db.execute(sql`UPDATE hazards SET state = 'closed', closed_at = now() WHERE id = ${id}`);
      return id;
    },
    call: (f, as, mine) => post(`/api/v1/hazards/${mine ?? f.ent.x.userHazard}/supply/restore`, step),
    other: (f, as) => post(`/api/v1/hazards/${other(f, as).x.userHazard}/supply/restore`, step),
  },
  'GET /api/v1/hazards/supply': { who: READERS, call: () => get('/api/v1/hazards/supply') },
  'POST /api/v1/hazards/lookbacks': {
    who: OFFICIALS,
    call: (f, as) => post('/api/v1/hazards/lookbacks', { regionId: home(f, as), from: dayOffset(-30), to: today(), size: 1 }),
    other: (f, as) => post('/api/v1/hazards/lookbacks', { regionId: other(f, as).district, from: dayOffset(-30), to: today(), size: 1 }),
  },
  // 回头看 is for officials and grid workers, never enterprise, venue or machine accounts.
  'GET /api/v1/hazards/lookbacks': { who: [...OFFICIALS, 'wangge'], call: () => get('/api/v1/hazards/lookbacks') },
  'GET /api/v1/hazards/lookbacks/{batchId}': {
    who: [...OFFICIALS, 'wangge'],
    call: (f, as) => get(`/api/v1/hazards/lookbacks/${own(f, as).x.batch}`),
    other: (f, as) => get(`/api/v1/hazards/lookbacks/${other(f, as).x.batch}`),
  },
  'POST /api/v1/hazards/lookbacks/{batchId}/items/{itemId}': {
    // The requesting unit's people: the task force above, the town and grid workers inside a region batch.
    who: ['admin', 'zhuanban', 'longgang', 'wangge', 'tongliang'],
    setup: async (s, as) => {
      const c = await s.callers.client(maker(sideOf(as)));
      const b = ok(await c.post('/api/v1/hazards/lookbacks', { regionId: s.f[sideOf(as) === 'tl' ? 'tl' : 'dz'].district, from: dayOffset(-30), to: today(), size: 1 }));
      return { batch: b.batch.id, item: b.items[0].id };
    },
    call: (f, as, mine) => post(`/api/v1/hazards/lookbacks/${mine?.batch ?? own(f, as).x.batch}/items/${mine?.item ?? own(f, as).x.batchItem}`, { result: 'passed', note: '复查合格' }),
    other: (f, as) => post(`/api/v1/hazards/lookbacks/${other(f, as).x.batch}/items/${other(f, as).x.batchItem}`, { result: 'passed' }),
  },
  'GET /api/v1/hazards/rebounds/stats': {
    who: [...OFFICIALS, 'wangge'],
    call: (f, as) => get(`/api/v1/hazards/rebounds/stats?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/hazards/rebounds/stats?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/subjects/{type}/{id}/dossier.pdf': {
    who: OFFICIALS,
    call: (f, as) => get(`/api/v1/subjects/venue/${own(f, as).venue}/dossier.pdf`),
    other: (f, as) => get(`/api/v1/subjects/venue/${other(f, as).venue}/dossier.pdf`),
  },
  'GET /api/v1/subjects/{type}/{id}/dossier.xlsx': {
    who: OFFICIALS,
    call: (f, as) => get(`/api/v1/subjects/venue/${own(f, as).venue}/dossier.xlsx`),
    other: (f, as) => get(`/api/v1/subjects/venue/${other(f, as).venue}/dossier.xlsx`),
  },
  'GET /api/v1/hazards/export.xlsx': {
    who: READERS,
    call: (f, as) => get(`/api/v1/hazards/export.xlsx?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/hazards/export.xlsx?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/hazards/major': {
    who: READERS,
    call: (f, as) => get(`/api/v1/hazards/major?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/hazards/major?regionId=${other(f, as).district}`),
  },
};

/** Notices, a user hazard of each side, closed hazards and a 回头看 batch per side. */
export async function hazardFixtures(s: SetupCtx): Promise<void> {
  const { f, ctx } = s;
  for (const side of ['dz', 'ent', 'tl'] as const) {
    const as: Caller = side === 'tl' ? 'tongliang' : side === 'ent' ? 'qiye' : 'zhuanban';
    const c = await s.callers.client(maker(side));
    const h = await freshHazard(s, side === 'ent' ? 'qiye' : maker(side));
    const n = ok(await c.post('/api/v1/notices', noticeBody(f, maker(side), h)));
    f[side].x.notice = n.id;
    f[side].x.noticeNo = n.number;
    f[side].x.noticeCode = n.verificationCode;
    f[side].x.userHazard = await suppliedVenueHazard(s, as);
  }
  for (const side of ['dz', 'tl'] as const) {
    const venue = f[side].venue;
    await insertHazard(ctx.db, { regionId: f[side].region, subject: { type: 'venue', id: venue, name: '矩阵已销号' }, found: dayOffset(-10), state: 'closed', closed: dayOffset(-2) });
    const c = await s.callers.client(maker(side));
    const b = ok(await c.post('/api/v1/hazards/lookbacks', { regionId: f[side].district, from: dayOffset(-30), to: today(), size: 1 }));
    f[side].x.batch = b.batch.id;
    f[side].x.batchItem = b.items[0].id;
  }
  f.ent.x.batch = f.dz.x.batch!;
  f.ent.x.batchItem = f.dz.x.batchItem!;
}
