/** Oversight (R5.2–R5.4, R8, R9.1, R11): dashboard and map, campaigns and progress reports, evaluation, grading, public reports, cases. */
import { get, ok, patch, post, put, READERS, type Account, type Caller } from '../support.js';
import { home, other, own, sideOf, uniq, type Fx, type Side } from './fixtures.js';
import { dayOffset, today } from './hazards.js';
import type { SetupCtx, Table } from './rules.js';

/** Government accounts (dashboard.service.ts requireOfficial). */
const OFFICIALS = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge', 'tongliang'] as const;
const TASK_FORCES = ['admin', 'zhuanban', 'tongliang'] as const;
/** Who handles a public report of 龙岗街道 about a venue (the task force above, the town, the lead department). */
const REPORT_HANDLERS = ['admin', 'zhuanban', 'longgang', 'tongliang'] as const;

const tfOf = (as: Caller): Account => (sideOf(as) === 'tl' ? 'tongliang' : 'zhuanban');
const dueDays = () => [...new Set([1, 2, 3, 4, 5, 6].map((d) => Number(dayOffset(d).slice(8, 10))).filter((d) => d <= 28))].slice(0, 6);

const campaignBody = (regionId: string) => ({
  regionId,
  name: `矩阵专项整治${uniq()}`,
  phases: [{ key: 'focused', name: '集中攻坚', start: dayOffset(-30), end: null }],
  calendar: { rules: [{ phases: ['focused'], days: dueDays().length ? dueDays() : [1] }] },
});

/** A public report submitted without login (a challenge answered like a person would), from its own address. */
let addr = 10;
async function publicReport(s: SetupCtx, side: Side): Promise<{ id: string; trackingCode: string }> {
  const remoteAddress = `10.9.${Math.floor(addr / 250)}.${(addr += 1) % 250}`;
  const inject = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await s.ctx.app.inject({ method, url, remoteAddress, ...(payload ? { payload: payload as object } : {}) });
    return { status: res.statusCode, body: res.json(), headers: res.headers as Record<string, unknown> };
  };
  const ch = ok(await inject('GET', '/api/v1/public/reports/challenge'), 200);
  const m = /^(\d+) ([+−×]) (\d+) = \?$/.exec(ch.question)!;
  const [a, b] = [Number(m[1]), Number(m[3])];
  const answer = m[2] === '+' ? a + b : m[2] === '−' ? a - b : a * b;
  const code = side === 'tl' ? '500151001000' : '500111001000';
  const r = ok(await inject('POST', '/api/v1/public/reports', { challengeId: ch.challengeId, answer, topic: 'venue_use', description: '有饭店在地下室使用液化气钢瓶', address: '矩阵路 1 号', regionCode: code }));
  const [row] = (await s.ctx.db.execute<{ id: string }>((await import('drizzle-orm')).sql`SELECT id FROM public_reports WHERE tracking_code = ${r.trackingCode}`)).rows;
  return { id: row!.id, trackingCode: r.trackingCode };
}

/** A report of the caller's side, taken (assigned) by the caller, optionally verified as true. */
async function takenReport(s: SetupCtx, as: Caller, verified = false): Promise<string> {
  const { id } = await publicReport(s, sideOf(as) === 'tl' ? 'tl' : 'dz');
  const c = await s.callers.client(as as Account);
  ok(await c.post(`/api/v1/reports/${id}/assign`, {}), 200);
  if (verified) ok(await c.post(`/api/v1/reports/${id}/verify`, { result: 'substantiated', notes: '现场核实属实' }), 200);
  return id;
}

const caseBody = (regionId: string) => ({ regionId, title: `矩阵典型案例${uniq()}`, summary: '某饭店违规在地下室使用液化气，已责令停止使用', caseDate: dayOffset(-5) });

export const oversight: Table = {
  'GET /api/v1/dashboard': {
    who: OFFICIALS,
    call: (f, as) => get(`/api/v1/dashboard?regionId=${home(f, as)}&keys=hazards.found`),
    other: (f, as) => get(`/api/v1/dashboard?regionId=${other(f, as).district}&keys=hazards.found`),
  },
  'GET /api/v1/dashboard/figures': { who: OFFICIALS, call: () => get('/api/v1/dashboard/figures') },
  'GET /api/v1/dashboard/trends': {
    who: OFFICIALS,
    call: (f, as) => get(`/api/v1/dashboard/trends?regionId=${home(f, as)}&metric=hazards.found`),
    other: (f, as) => get(`/api/v1/dashboard/trends?regionId=${other(f, as).district}&metric=hazards.found`),
  },
  'GET /api/v1/dashboard/map': {
    who: OFFICIALS,
    call: (f, as) => get(`/api/v1/dashboard/map?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/dashboard/map?regionId=${other(f, as).district}`),
  },
  'PUT /api/v1/geo/boundaries': {
    who: TASK_FORCES,
    call: (f, as) => put(`/api/v1/geo/boundaries?regionId=${home(f, as)}`, f.dz.x.geo ? JSON.parse(f[sideOf(as) === 'tl' ? 'tl' : 'dz'].x.geo!) : {}),
    other: (f, as) => put(`/api/v1/geo/boundaries?regionId=${other(f, as).district}`, JSON.parse(other(f, as).x.geo!)),
  },
  'GET /api/v1/geo/boundaries': {
    who: OFFICIALS,
    call: (f, as) => get(`/api/v1/geo/boundaries?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/geo/boundaries?regionId=${other(f, as).district}`),
  },

  'GET /api/v1/campaigns/presets': { who: READERS, call: () => get('/api/v1/campaigns/presets') },
  'GET /api/v1/campaigns': {
    who: READERS,
    call: (f, as) => get(`/api/v1/campaigns?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/campaigns?regionId=${other(f, as).district}`),
  },
  'POST /api/v1/campaigns': {
    who: TASK_FORCES,
    call: (f, as) => post('/api/v1/campaigns', campaignBody(home(f, as))),
    other: (f, as) => post('/api/v1/campaigns', campaignBody(other(f, as).district)),
  },
  'GET /api/v1/campaigns/{id}': {
    who: READERS,
    call: (f, as) => get(`/api/v1/campaigns/${own(f, as).x.campaign}`),
    other: (f, as) => get(`/api/v1/campaigns/${other(f, as).x.campaign}`),
  },
  'PATCH /api/v1/campaigns/{id}': {
    who: TASK_FORCES,
    call: (f, as) => patch(`/api/v1/campaigns/${own(f, as).x.campaign}`, { name: `矩阵改名${uniq()}` }),
    other: (f, as) => patch(`/api/v1/campaigns/${other(f, as).x.campaign}`, { name: '越权' }),
  },
  'GET /api/v1/campaigns/{id}/due-dates': {
    who: READERS,
    call: (f, as) => get(`/api/v1/campaigns/${own(f, as).x.campaign}/due-dates?from=${today()}&to=${dayOffset(30)}`),
    other: (f, as) => get(`/api/v1/campaigns/${other(f, as).x.campaign}/due-dates?from=${today()}&to=${dayOffset(30)}`),
  },
  'GET /api/v1/campaigns/{id}/progress-reports': {
    who: READERS,
    call: (f, as) => get(`/api/v1/campaigns/${own(f, as).x.campaign}/progress-reports`),
    other: (f, as) => get(`/api/v1/campaigns/${other(f, as).x.campaign}/progress-reports`),
  },
  'POST /api/v1/campaigns/{id}/progress-reports/generate': {
    who: TASK_FORCES,
    call: (f, as) => post(`/api/v1/campaigns/${own(f, as).x.campaign}/progress-reports/generate`),
    other: (f, as) => post(`/api/v1/campaigns/${other(f, as).x.campaign}/progress-reports/generate`),
  },
  'GET /api/v1/campaigns/{id}/progress-reports/compiled': {
    // The level that set the campaign (task force, its district departments) and partner platforms; not the units below.
    who: [...TASK_FORCES, 'jingxin', 'shichang', 'tok:platform'],
    call: (f, as) => get(`/api/v1/campaigns/${own(f, as).x.campaign}/progress-reports/compiled?dueDate=${own(f, as).x.dueDate}`),
    other: (f, as) => get(`/api/v1/campaigns/${other(f, as).x.campaign}/progress-reports/compiled?dueDate=${other(f, as).x.dueDate}`),
  },
  'GET /api/v1/progress-reports/{id}': {
    // The unit's own members (its town's officers, its department's officers) and the task force above.
    who: ['admin', 'zhuanban', 'longgang', 'tongliang'],
    call: (f, as) => get(`/api/v1/progress-reports/${own(f, as).x.townReport}`),
    other: (f, as) => get(`/api/v1/progress-reports/${other(f, as).x.townReport}`),
  },
  'PATCH /api/v1/progress-reports/{id}': {
    who: ['longgang'],
    call: (f, as) => patch(`/api/v1/progress-reports/${own(f, as).x.townReport}`, { text: '本期完成排查 12 家' }),
    other: (f, as) => patch(`/api/v1/progress-reports/${other(f, as).x.townReport}`, { text: '越权' }),
  },
  'POST /api/v1/progress-reports/{id}/submit': {
    who: ['longgang'],
    call: (f, as) => post(`/api/v1/progress-reports/${own(f, as).x.townReport}/submit`, { text: '本期完成排查 12 家' }),
    other: (f, as) => post(`/api/v1/progress-reports/${other(f, as).x.townReport}/submit`, { text: '越权' }),
  },

  'GET /api/v1/evaluation': {
    who: OFFICIALS,
    call: (f, as) => get(`/api/v1/evaluation?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/evaluation?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/evaluation/weights': {
    who: READERS,
    call: (f, as) => get(`/api/v1/evaluation/weights?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/evaluation/weights?regionId=${other(f, as).district}`),
  },
  'PUT /api/v1/evaluation/weights': {
    who: TASK_FORCES,
    call: (f, as) => put(`/api/v1/evaluation/weights?regionId=${home(f, as)}`, JSON.parse(f.dz.x.weights!)),
    other: (f, as) => put(`/api/v1/evaluation/weights?regionId=${other(f, as).district}`, JSON.parse(f.dz.x.weights!)),
  },
  'GET /api/v1/evaluation/bulletin': {
    who: OFFICIALS,
    call: (f, as) => get(`/api/v1/evaluation/bulletin?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/evaluation/bulletin?regionId=${other(f, as).district}`),
  },

  'GET /api/v1/grading/config': { who: READERS, call: () => get('/api/v1/grading/config') },
  'PUT /api/v1/grading/config': { who: ['admin'], call: (f) => put('/api/v1/grading/config', JSON.parse(f.dz.x.grading!)) },
  'GET /api/v1/grading/intervals': { who: READERS, call: () => get('/api/v1/grading/intervals') },
  'GET /api/v1/grading/enterprises': {
    who: READERS,
    call: (f, as) => get(`/api/v1/grading/enterprises?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/grading/enterprises?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/grading/enterprises/{id}': {
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge', 'qiye', 'chongzhuang', 'songqi', 'tongliang', 'tok:platform'],
    call: (f, as) => get(`/api/v1/grading/enterprises/${own(f, as).enterprise}`),
    other: (f, as) => get(`/api/v1/grading/enterprises/${other(f, as).enterprise}`),
  },
  'POST /api/v1/grading/enterprises/{id}/recompute': {
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge', 'qiye', 'chongzhuang', 'songqi', 'tongliang'],
    call: (f, as) => post(`/api/v1/grading/enterprises/${own(f, as).enterprise}/recompute`),
    other: (f, as) => post(`/api/v1/grading/enterprises/${other(f, as).enterprise}/recompute`),
  },

  'GET /api/v1/reports': {
    who: OFFICIALS,
    call: (f, as) => get(`/api/v1/reports?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/reports?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/reports/{id}': {
    // A report names a town (its region code), so a grid worker below sees none by id.
    who: OFFICIALS.filter((o) => o !== 'wangge'),
    call: (f, as) => get(`/api/v1/reports/${own(f, as).x.report}`),
    other: (f, as) => get(`/api/v1/reports/${other(f, as).x.report}`),
  },
  'POST /api/v1/reports/{id}/assign': {
    who: REPORT_HANDLERS,
    setup: async (s, as) => (await publicReport(s, sideOf(as) === 'tl' ? 'tl' : 'dz')).id,
    call: (f, as, mine) => post(`/api/v1/reports/${mine ?? own(f, as).x.report}/assign`, {}),
    other: (f, as) => post(`/api/v1/reports/${other(f, as).x.report}/assign`, {}),
  },
  'POST /api/v1/reports/{id}/transfer': {
    who: TASK_FORCES,
    setup: async (s, as) => (await publicReport(s, sideOf(as) === 'tl' ? 'tl' : 'dz')).id,
    call: (f, as, mine) => post(`/api/v1/reports/${mine ?? own(f, as).x.report}/transfer`, { regionId: sideOf(as) === 'tl' ? f.tl.town : f.ids.tangxiang }),
    other: (f, as) => post(`/api/v1/reports/${other(f, as).x.report}/transfer`, { regionId: own(f, as).town }),
  },
  'POST /api/v1/reports/{id}/verify': {
    // The assigned officer.
    who: REPORT_HANDLERS,
    setup: (s, as) => takenReport(s, as),
    call: (f, as, mine) => post(`/api/v1/reports/${mine ?? own(f, as).x.report}/verify`, { result: 'substantiated', notes: '属实' }),
    other: (f, as) => post(`/api/v1/reports/${other(f, as).x.report}/verify`, { result: 'substantiated', notes: '越权' }),
  },
  'POST /api/v1/reports/{id}/hazard': {
    who: REPORT_HANDLERS,
    setup: (s, as) => takenReport(s, as, true),
    call: (f, as, mine) => post(`/api/v1/reports/${mine ?? own(f, as).x.report}/hazard`, { subjectType: 'venue', subjectId: own(f, as).venue, severity: 'general' }),
    other: (f, as) => post(`/api/v1/reports/${other(f, as).x.report}/hazard`, { subjectType: 'venue', subjectId: other(f, as).venue, severity: 'general' }),
  },
  'GET /api/v1/cases': { who: OFFICIALS, call: () => get('/api/v1/cases') },
  'POST /api/v1/cases': {
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'tongliang'],
    call: (f, as) => post('/api/v1/cases', caseBody(home(f, as))),
    other: (f, as) => post('/api/v1/cases', caseBody(other(f, as).district)),
  },
  'PATCH /api/v1/cases/{id}': {
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'tongliang'],
    call: (f, as) => patch(`/api/v1/cases/${own(f, as).x.case}`, { published: true }),
    other: (f, as) => patch(`/api/v1/cases/${other(f, as).x.case}`, { published: false }),
  },

  'GET /api/v1/public/reports/topics': { who: 'public', call: () => get('/api/v1/public/reports/topics') },
  'GET /api/v1/public/reports/challenge': { who: 'public', call: () => ({ ...get('/api/v1/public/reports/challenge'), remoteAddress: nextAddress() }) },
  'POST /api/v1/public/reports': {
    who: 'public',
    // Without a valid challenge: the public channel answers 400/422 for the body, never 401/403.
    call: () => ({ ...post('/api/v1/public/reports', { challengeId: '00000000-0000-4000-8000-000000000000', answer: 1, description: '矩阵测试举报内容', address: '矩阵路' }), remoteAddress: nextAddress() }),
    ok: [422],
  },
  'GET /api/v1/public/reports/{trackingCode}': { who: 'public', call: (f) => ({ ...get(`/api/v1/public/reports/${f.dz.x.tracking}`), remoteAddress: nextAddress() }) },
  'POST /api/v1/public/uploads': {
    who: 'public',
    call: (f) => ({ method: 'POST', url: '/api/v1/public/uploads', upload: { bytes: Buffer.from(f.dz.x.png!, 'base64'), filename: 'p.png' }, remoteAddress: nextAddress() }),
  },
  'GET /api/v1/public/cases': { who: 'public', call: () => get('/api/v1/public/cases') },
};

let pubSeq = 0;
/** Public calls come from many addresses, so the per-address limits of the public channel do not answer for the matrix. */
const nextAddress = () => `10.77.${Math.floor((pubSeq += 1) / 250) % 250}.${pubSeq % 250}`;

/** Campaigns with generated reports, weights, grading config, reports, cases, boundaries per side. */
export async function oversightFixtures(s: SetupCtx): Promise<void> {
  const { f } = s;
  const { pngBytes } = await import('../../fixtures.js');
  f.dz.x.png = pngBytes().toString('base64');
  const admin = await s.callers.client('admin');
  for (const side of ['dz', 'tl'] as const) {
    const tf = await s.callers.client(side === 'tl' ? 'tongliang' : 'zhuanban');
    const c = ok(await tf.post('/api/v1/campaigns', campaignBody(f[side].district)));
    f[side].x.campaign = c.id;
    ok(await tf.post(`/api/v1/campaigns/${c.id}/progress-reports/generate`), 200);
    const reports = ok(await tf.get(`/api/v1/campaigns/${c.id}/progress-reports`), 200).items as { id: string; unitName: string; unitType: string; dueDate: string }[];
    const townName = side === 'tl' ? '巴川街道' : '龙岗街道';
    const townReport = reports.find((r) => r.unitName === townName);
    if (!townReport) throw new Error(`no progress report for ${townName}: ${JSON.stringify(reports).slice(0, 300)}`);
    f[side].x.townReport = townReport.id;
    f[side].x.dueDate = townReport.dueDate;
    const report = await publicReport(s, side);
    f[side].x.report = report.id;
    f[side].x.tracking = report.trackingCode;
    f[side].x.case = ok(await tf.post('/api/v1/cases', caseBody(f[side].district))).id;
    const code = side === 'tl' ? '500151001000' : '500111001000';
    f[side].x.geo = JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { adcode: code, name: townName }, geometry: { type: 'Polygon', coordinates: [[[105.7, 29.7], [105.8, 29.7], [105.8, 29.8], [105.7, 29.7]]] } }],
    });
  }
  for (const k of ['campaign', 'townReport', 'dueDate', 'report', 'case', 'geo'] as const) f.ent.x[k] = f.dz.x[k]!;
  // Boundaries of 龙岗街道 and 第一网格 too, so the town officer and the grid worker have a map of their own region.
  for (const [regionId, adcode] of [[f.ids.longgang, '500111001001'], [f.ids.grid1, '50011100100101']] as const) {
    ok(
      await admin.put(`/api/v1/geo/boundaries?regionId=${regionId}`, {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { adcode, name: '矩阵' }, geometry: { type: 'Polygon', coordinates: [[[105.7, 29.7], [105.71, 29.7], [105.71, 29.71], [105.7, 29.7]]] } }],
      }),
      200,
    );
  }
  const w = ok(await admin.get(`/api/v1/evaluation/weights?regionId=${f.ids.dazu}`), 200);
  f.dz.x.weights = JSON.stringify(w.weights ?? w);
  const g = ok(await admin.get('/api/v1/grading/config'), 200);
  f.dz.x.grading = JSON.stringify(g.config);
}
