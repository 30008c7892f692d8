/** Cylinder traceability (R6): registry, labels, settings, 一扫一充, entrustments, custody steps, anomalies, import, public check. */
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { enterprises, personnel } from '../../../src/db/schema/index.js';
import { get, ok, patch, post, upload, READERS, type Account, type Caller } from '../support.js';
import { creditCode, home, other, own, sideOf, uniq, type Fx } from './fixtures.js';
import { dayOffset } from './hazards.js';
import type { SetupCtx, Table } from './rules.js';

/** Who reads cylinders: every account and partner platforms, and the filling-station token of the enterprise. */
const CYL_READERS: readonly Caller[] = [...READERS, 'tok:station'];
/** Who sees a cylinder of its own set (region scope; enterprise accounts their enterprise's). */
const CYL_SEERS: readonly Caller[] = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'qiye', 'chongzhuang', 'songqi', 'tongliang', 'tok:platform', 'tok:station'];
/** Government registry roles and the owner's admin register and correct cylinders. */
const REGISTRARS = ['admin', 'zhuanban', 'jingxin', 'shichang', 'qiye', 'tongliang'] as const;
/** The station's own people fill: its token, its filling operator, its admin (大足燃气 fills its own cylinders). */
const FILLERS = ['qiye', 'chongzhuang', 'tok:station'] as const;

const cylinderBody = (f: Fx, as: Caller, ownerEnterpriseId: string | undefined = as === 'qiye' ? undefined : sideOf(as) === 'tl' ? f.tl.enterprise : f.ent.enterprise) => ({
  maker: '重庆渝安钢瓶制造有限公司',
  serialNumber: `JZ${uniq()}`,
  model: 'YSP-15',
  manufactureDate: dayOffset(-400),
  ...(ownerEnterpriseId ? { ownerEnterpriseId } : {}),
});

/** A new cylinder of the caller's side (大足燃气's, registered by its admin; 铜梁's by tongliang). */
async function cylinder(s: SetupCtx, as: Caller): Promise<string> {
  const tl = sideOf(as) === 'tl';
  const c = await s.callers.client(tl ? 'tongliang' : 'qiye');
  return ok(await c.post('/api/v1/cylinders', cylinderBody(s.f, tl ? 'tongliang' : 'qiye'))).code as string;
}

/** The custody step each kind of caller records on a fresh cylinder of its own. */
function stepOf(f: Fx, as: Caller): Record<string, unknown> {
  switch (as) {
    case 'qiye':
      return { type: 'send_to_inspection' };
    case 'chongzhuang':
    case 'tok:station':
      return { type: 'post_fill_check', netWeightKg: 14.5, leakOk: true };
    case 'songqi':
      return { type: 'collect_empty' };
    default:
      return { type: 'seize', reason: '矩阵查扣' };
  }
}

async function station(s: SetupCtx): Promise<string> {
  const [e] = await s.ctx.db.insert(enterprises).values({ regionId: s.f.ids.longgang, name: `矩阵充装站${uniq()}`, creditCode: creditCode(), kind: 'filling_station' }).returning();
  return e!.id;
}

export const cylinders: Table = {
  'GET /api/v1/cylinders/meta': { who: CYL_READERS, call: () => get('/api/v1/cylinders/meta') },
  'GET /api/v1/cylinders': {
    who: CYL_READERS,
    call: (f, as) => get(`/api/v1/cylinders?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/cylinders?regionId=${other(f, as).district}`),
  },
  'POST /api/v1/cylinders': {
    who: REGISTRARS,
    call: (f, as) => post('/api/v1/cylinders', cylinderBody(f, as)),
    other: (f, as) => post('/api/v1/cylinders', cylinderBody(f, as, other(f, as).enterprise)),
    otherStatus: [403, 404, 422],
  },
  'GET /api/v1/cylinders/labels.pdf': {
    who: CYL_SEERS,
    call: (f, as) => get(`/api/v1/cylinders/labels.pdf?codes=${own(f, as).x.cylinder}`),
    other: (f, as) => get(`/api/v1/cylinders/labels.pdf?codes=${other(f, as).x.cylinder}`),
  },
  'GET /api/v1/cylinders/export.xlsx': {
    who: CYL_READERS,
    call: (f, as) => get(`/api/v1/cylinders/export.xlsx?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/cylinders/export.xlsx?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/cylinders/settings': { who: CYL_READERS, call: () => get('/api/v1/cylinders/settings') },
  'PATCH /api/v1/cylinders/settings': { who: ['admin'], call: (f) => patch('/api/v1/cylinders/settings', JSON.parse(f.dz.x.cylSetting!)) },
  'GET /api/v1/cylinders/{code}': {
    who: CYL_SEERS,
    call: (f, as) => get(`/api/v1/cylinders/${own(f, as).x.cylinder}`),
    other: (f, as) => get(`/api/v1/cylinders/${other(f, as).x.cylinder}`),
  },
  'PATCH /api/v1/cylinders/{code}': {
    who: REGISTRARS,
    call: (f, as) => patch(`/api/v1/cylinders/${own(f, as).x.cylinder}`, { maker: '重庆渝安钢瓶制造有限公司' }),
    other: (f, as) => patch(`/api/v1/cylinders/${other(f, as).x.cylinder}`, { maker: '越权' }),
  },
  'POST /api/v1/cylinders/fill-checks': {
    who: FILLERS,
    call: (f) => post('/api/v1/cylinders/fill-checks', { code: f.ent.x.cylinder }),
  },
  'GET /api/v1/cylinders/fill-checks': {
    who: CYL_READERS,
    call: () => get('/api/v1/cylinders/fill-checks'),
  },
  'POST /api/v1/cylinders/fillings': {
    who: FILLERS,
    setup: (s, as) => cylinder(s, as),
    call: (f, as, mine) =>
      post('/api/v1/cylinders/fillings', { code: mine ?? f.ent.x.cylinder, netWeightKg: 14.5, preFillCheck: { passed: true }, postFillCheck: { leakOk: true }, ...(as === 'tok:station' ? { operatorId: f.ent.x.operator } : {}) }),
  },
  'GET /api/v1/cylinders/fill-checks/denials': {
    who: CYL_READERS,
    call: (f, as) => get(`/api/v1/cylinders/fill-checks/denials?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/cylinders/fill-checks/denials?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/cylinders/entrustments': { who: CYL_READERS, call: () => get('/api/v1/cylinders/entrustments') },
  'POST /api/v1/cylinders/entrustments': {
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'qiye', 'tongliang'],
    setup: (s) => station(s),
    call: (f, as, mine) =>
      post('/api/v1/cylinders/entrustments', { ...(as === 'qiye' ? {} : { ownerEnterpriseId: sideOf(as) === 'tl' ? f.tl.enterprise : f.ent.enterprise }), stationId: mine ?? f.ent.x.station, validFrom: dayOffset(-1) }),
    other: (f, as) => post('/api/v1/cylinders/entrustments', { ownerEnterpriseId: other(f, as).enterprise, stationId: f.ent.x.station, validFrom: dayOffset(-1) }),
    otherStatus: [403, 404, 422],
  },
  'POST /api/v1/cylinders/entrustments/{id}/revoke': {
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'qiye', 'tongliang'],
    setup: async (s, as) => {
      const c = await s.callers.client(sideOf(as) === 'tl' ? 'tongliang' : 'qiye');
      const body = sideOf(as) === 'tl' ? { ownerEnterpriseId: s.f.tl.enterprise } : {};
      return ok(await c.post('/api/v1/cylinders/entrustments', { ...body, stationId: await station(s), validFrom: dayOffset(-1) })).id as string;
    },
    call: (f, as, mine) => post(`/api/v1/cylinders/entrustments/${mine ?? own(f, as).x.entrustment}/revoke`),
    other: (f, as) => post(`/api/v1/cylinders/entrustments/${other(f, as).x.entrustment}/revoke`),
  },
  'POST /api/v1/cylinders/{code}/events': {
    // Each actor's own kind of step (custody.rules.ts WHO_MAY) on a fresh cylinder of its own.
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'qiye', 'chongzhuang', 'songqi', 'tongliang', 'tok:station'],
    setup: (s, as) => cylinder(s, as),
    call: (f, as, mine) => post(`/api/v1/cylinders/${mine ?? own(f, as).x.cylinder}/events`, stepOf(f, as)),
    other: (f, as) => post(`/api/v1/cylinders/${other(f, as).x.cylinder}/events`, stepOf(f, as)),
    ok: [409, 422],
  },
  'GET /api/v1/cylinders/{code}/events': {
    who: CYL_SEERS,
    call: (f, as) => get(`/api/v1/cylinders/${own(f, as).x.cylinder}/events`),
    other: (f, as) => get(`/api/v1/cylinders/${other(f, as).x.cylinder}/events`),
  },
  'GET /api/v1/cylinders/delivery-checklist': {
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge', 'qiye', 'chongzhuang', 'songqi', 'tongliang'],
    call: (f, as) => get(`/api/v1/cylinders/delivery-checklist?userType=venue&userId=${sideOf(as) === 'ent' ? f.ent.venue : own(f, as).venue}`),
    other: (f, as) => get(`/api/v1/cylinders/delivery-checklist?userType=venue&userId=${other(f, as).venue}`),
  },
  'GET /api/v1/cylinders/anomalies': {
    who: CYL_READERS,
    call: (f, as) => get(`/api/v1/cylinders/anomalies?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/cylinders/anomalies?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/cylinders/anomalies/summary': {
    who: CYL_READERS,
    call: (f, as) => get(`/api/v1/cylinders/anomalies/summary?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/cylinders/anomalies/summary?regionId=${other(f, as).district}`),
  },
  'POST /api/v1/cylinders/anomalies/scan': { who: ['admin', 'zhuanban', 'tongliang'], call: () => post('/api/v1/cylinders/anomalies/scan', { full: false }) },
  'POST /api/v1/cylinders/anomalies/{id}/status': {
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'tongliang'],
    call: (f, as) => post(`/api/v1/cylinders/anomalies/${own(f, as).x.anomaly}/status`, { status: 'confirmed', note: '已核实' }),
    other: (f, as) => post(`/api/v1/cylinders/anomalies/${other(f, as).x.anomaly}/status`, { status: 'confirmed' }),
  },
  'GET /api/v1/public/cylinders/{code}': { who: 'public', call: (f) => get(`/api/v1/public/cylinders/${f.ent.x.cylinder}`) },
  'GET /api/v1/cylinders/import-template.xlsx': { who: CYL_READERS, call: () => get('/api/v1/cylinders/import-template.xlsx') },
  'POST /api/v1/cylinders/import': {
    who: REGISTRARS,
    // One wrong row: 422 with the row's errors, nothing imported.
    call: (f) => upload('/api/v1/cylinders/import', Buffer.from(f.dz.x.cylinderFile!, 'base64'), 'cylinders.xlsx'),
    ok: [422],
  },
};

/** A cylinder per side, the operator and a station, an entrustment and an anomaly per side, settings, a bad workbook. */
export async function cylinderFixtures(s: SetupCtx): Promise<void> {
  const { f, ctx } = s;
  f.ent.x.cylinder = await cylinder(s, 'qiye');
  f.dz.x.cylinder = f.ent.x.cylinder;
  f.tl.x.cylinder = await cylinder(s, 'tongliang');
  const [liu] = await ctx.db.select().from(personnel).where(eq(personnel.name, '刘强'));
  f.ent.x.operator = liu!.id;
  f.ent.x.station = await station(s);
  for (const side of ['ent', 'tl'] as const) {
    const as: Account = side === 'tl' ? 'tongliang' : 'qiye';
    const c = await s.callers.client(as);
    const body = side === 'tl' ? { ownerEnterpriseId: f.tl.enterprise } : {};
    f[side].x.entrustment = ok(await c.post('/api/v1/cylinders/entrustments', { ...body, stationId: await station(s), validFrom: dayOffset(-1) })).id;
  }
  f.dz.x.entrustment = f.ent.x.entrustment!;
  // Anomalies straight in the table (what is tested is who may see and settle them).
  for (const side of ['dz', 'tl'] as const) {
    const { sql } = await import('drizzle-orm');
    const code = f[side === 'tl' ? 'tl' : 'ent'].x.cylinder!;
    const res = await ctx.db.execute<{ id: number }>(sql`
      INSERT INTO cylinder_anomalies (kind, cylinder_id, event_id, region_id, enterprise_id, at, details)
      SELECT 'NO_LICENSED_FILLING', c.id, (SELECT max(id) FROM cylinder_events e WHERE e.cylinder_id = c.id), ${f[side].region}, c.owner_enterprise_id, now(), '{}'::jsonb
      FROM cylinders c WHERE c.code = ${code}
      RETURNING id`);
    f[side].x.anomaly = String(res.rows[0]!.id);
  }
  f.ent.x.anomaly = f.dz.x.anomaly!;
  const admin = await s.callers.client('admin');
  const settings = ok(await admin.get('/api/v1/cylinders/settings'), 200);
  const key = Object.keys(settings).find((k) => typeof settings[k] === 'number')!;
  f.dz.x.cylSetting = JSON.stringify({ [key]: settings[key] });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('气瓶');
  ws.addRow(['气瓶编码', '制造单位', '出厂编号', '型号', '制造日期']);
  ws.addRow(['', '', '', '不存在的型号', '不是日期']);
  f.dz.x.cylinderFile = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}
