/** Checklists (R3.1), inspections and coverage (R3.7–R3.9), plans, tasks and joint visits (R3.6). */
import { randomUUID } from 'node:crypto';
import { pngBytes } from '../../fixtures.js';
import { passing } from '../../cylinders.js';
import { get, ok, post, put, type Account, type Caller, READERS } from '../support.js';
import { home, other, own, sideOf, uniq, type Fx } from './fixtures.js';
import { dayOffset, today } from './hazards.js';
import type { SetupCtx, Table } from './rules.js';

const OFFICIALS = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'tongliang'] as const;
/** Who inspects the subject of its own set: officials and grid workers (official), the venue and the enterprise (self). */
const INSPECTORS = [...OFFICIALS, 'wangge', 'canting', 'qiye', 'chongzhuang', 'songqi'] as const;
const PLANNERS = [...OFFICIALS, 'qiye'] as const;

function subjectOf(f: Fx, as: Caller): { subjectType: string; subjectId: string } {
  const side = sideOf(as);
  return side === 'ent' ? { subjectType: 'enterprise', subjectId: f.ent.enterprise } : { subjectType: 'venue', subjectId: f[side].venue };
}

/** A local checklist item (for vehicles only, so no inspection form of the fixtures changes). */
const itemDef = (code: string) => ({
  code,
  text: { zh: '矩阵本地检查项', en: 'Matrix local item' },
  category: 'management',
  appliesTo: [{ subject: 'vehicle' }],
  severity: { kind: 'fixed', severity: 'general' },
  basis: '矩阵依据',
  taskKind: 'transport',
  measure: 'rectify_within_deadline',
});

async function localItem(s: SetupCtx, as: Caller): Promise<string> {
  const code = `LOC-M${uniq()}`;
  const c = await s.callers.client(sideOf(as) === 'tl' ? 'tongliang' : 'zhuanban');
  ok(await c.post('/api/v1/checklists/items', { regionId: sideOf(as) === 'tl' ? s.f.tl.district : s.f.ids.dazu, def: itemDef(code) }));
  return code;
}

/** A complete inspection form of the caller's subject, every item passing, with signatures it uploaded. */
async function inspectionBody(s: SetupCtx, as: Caller) {
  const c = await s.callers.client(as as Account);
  const subject = subjectOf(s.f, as);
  const form = ok(await c.get(`/api/v1/checklists/for-subject?subjectType=${subject.subjectType}&subjectId=${subject.subjectId}`), 200);
  const sig = async () => ok(await c.upload('/api/v1/files?purpose=signature', pngBytes(), 'sig.png')).id as string;
  const self = as === 'canting' || as === 'qiye' || as === 'chongzhuang' || as === 'songqi';
  return {
    clientUuid: randomUUID(),
    ...subject,
    inspectorSignatures: [await sig()],
    ...(self ? {} : { representativeName: '店主', representativeSignature: await sig() }),
    answers: passing(form.items),
  };
}

const planBody = (f: Fx, as: Caller, regionId = home(f, as)) => ({
  name: `矩阵计划${uniq()}`,
  kind: 'campaign',
  regionId,
  subjectType: as === 'qiye' ? 'household' : 'venue',
  startDate: today(),
  endDate: dayOffset(60),
});

export const work: Table = {
  'GET /api/v1/checklists/items': { who: READERS, call: (f, as) => get(`/api/v1/checklists/items?regionId=${home(f, as)}`) },
  'POST /api/v1/checklists/items': {
    who: ['admin', 'zhuanban', 'tongliang'],
    call: (f, as) => post('/api/v1/checklists/items', { regionId: home(f, as), def: itemDef(`LOC-N${uniq()}`) }),
    other: (f, as) => post('/api/v1/checklists/items', { regionId: other(f, as).district, def: itemDef(`LOC-X${uniq()}`) }),
  },
  'GET /api/v1/checklists/for-subject': {
    who: [...INSPECTORS, 'tok:platform'],
    call: (f, as) => {
      const s = subjectOf(f, as);
      return get(`/api/v1/checklists/for-subject?subjectType=${s.subjectType}&subjectId=${s.subjectId}`);
    },
    other: (f, as) => get(`/api/v1/checklists/for-subject?subjectType=venue&subjectId=${other(f, as).venue}`),
  },
  'GET /api/v1/checklists/items/{code}/history': { who: READERS, call: (f) => get(`/api/v1/checklists/items/${f.dz.x.item}/history`) },
  'PUT /api/v1/checklists/items/{code}': {
    who: ['admin', 'zhuanban', 'tongliang'],
    setup: localItem,
    call: (f, as, mine) => {
      const code = mine ?? own(f, as).x.item!;
      return put(`/api/v1/checklists/items/${code}`, { def: itemDef(code) });
    },
    other: (f, as) => put(`/api/v1/checklists/items/${other(f, as).x.item}`, { def: itemDef(other(f, as).x.item!) }),
  },
  'POST /api/v1/checklists/items/{code}/retire': {
    who: ['admin', 'zhuanban', 'tongliang'],
    setup: localItem,
    call: (f, as, mine) => {
      const code = mine ?? own(f, as).x.item!;
      return post(`/api/v1/checklists/items/${code}/retire`, { def: itemDef(code) });
    },
    other: (f, as) => post(`/api/v1/checklists/items/${other(f, as).x.item}/retire`, { def: itemDef(other(f, as).x.item!) }),
  },

  'POST /api/v1/inspections': {
    who: INSPECTORS,
    setup: inspectionBody,
    call: (f, as, mine) => post('/api/v1/inspections', mine ?? { clientUuid: randomUUID(), ...subjectOf(f, as), inspectorSignatures: [], answers: [] }),
    other: (f, as) => post('/api/v1/inspections', { clientUuid: randomUUID(), subjectType: 'venue', subjectId: other(f, as).venue, inspectorSignatures: [], answers: [] }),
    // A caller that may not inspect the subject learns nothing about the form: 403/404 before the answers are judged.
    refused: [403, 404],
  },
  'GET /api/v1/inspections': {
    who: READERS,
    call: (f, as) => {
      const s = subjectOf(f, as);
      return get(`/api/v1/inspections?subjectType=${s.subjectType}&subjectId=${s.subjectId}`);
    },
    other: (f, as) => get(`/api/v1/inspections?subjectType=venue&subjectId=${other(f, as).venue}`),
  },
  'GET /api/v1/inspections/{id}': {
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge', 'canting', 'qiye', 'chongzhuang', 'songqi', 'tongliang', 'tok:platform'],
    call: (f, as) => get(`/api/v1/inspections/${own(f, as).x.inspection}`),
    other: (f, as) => get(`/api/v1/inspections/${other(f, as).x.inspection}`),
  },
  'GET /api/v1/coverage': {
    who: READERS,
    call: (f, as) => get(`/api/v1/coverage?regionId=${home(f, as)}&subjectType=venue&from=${dayOffset(-30)}&to=${today()}`),
    other: (f, as) => get(`/api/v1/coverage?regionId=${other(f, as).district}&subjectType=venue&from=${dayOffset(-30)}&to=${today()}`),
  },
  'GET /api/v1/coverage/uninspected': {
    who: READERS,
    call: (f, as) => get(`/api/v1/coverage/uninspected?regionId=${home(f, as)}&subjectType=venue&from=${dayOffset(-30)}&to=${today()}`),
    other: (f, as) => get(`/api/v1/coverage/uninspected?regionId=${other(f, as).district}&subjectType=venue&from=${dayOffset(-30)}&to=${today()}`),
  },

  'POST /api/v1/inspection-plans': {
    who: PLANNERS,
    call: (f, as) => post('/api/v1/inspection-plans', planBody(f, as)),
    other: (f, as) => post('/api/v1/inspection-plans', planBody(f, as, other(f, as).district)),
  },
  'GET /api/v1/inspection-plans': { who: READERS, call: () => get('/api/v1/inspection-plans') },
  'GET /api/v1/inspection-tasks': { who: READERS, call: () => get('/api/v1/inspection-tasks') },
  'GET /api/v1/joint-visits': { who: READERS, call: () => get('/api/v1/joint-visits') },
  'GET /api/v1/joint-visits/{id}': {
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'tongliang'],
    call: (f, as) => get(`/api/v1/joint-visits/${own(f, as).x.jointVisit}`),
    other: (f, as) => get(`/api/v1/joint-visits/${other(f, as).x.jointVisit}`),
  },
  'POST /api/v1/joint-visits/{id}/{decision}': {
    // The departments involved, the task force, the platform admin.
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'tongliang'],
    setup: (s, as) => jointVisit(s, sideOf(as) === 'tl' ? 'tl' : 'dz'),
    call: (f, as, mine) => post(`/api/v1/joint-visits/${mine ?? own(f, as).x.jointVisit}/accept`),
    other: (f, as) => post(`/api/v1/joint-visits/${other(f, as).x.jointVisit}/accept`),
  },
};

/**
 * A proposed joint visit of the side. In 大足区 two departments (jingxin, shichang) plan the same
 * new school in the same window and the platform proposes it; 铜梁区 has no department accounts, so
 * its proposal is written straight into the table (what is tested is who may read and decide it).
 */
async function jointVisit(s: SetupCtx, side: 'dz' | 'tl'): Promise<string> {
  const { f, ctx } = s;
  const { jointVisits, venues } = await import('../../../src/db/schema/index.js');
  const region = side === 'tl' ? f.tl.region : f.ids.grid1;
  const [v] = await ctx.db.insert(venues).values({ regionId: region, name: `矩阵联检${uniq()}`, address: `联检路 ${uniq()} 号`, kind: 'school' }).returning();
  if (side === 'tl') {
    const [jv] = await ctx.db
      .insert(jointVisits)
      .values({ regionId: region, subjectType: 'venue', subjectId: v!.id, subjectName: v!.name, windowFrom: today(), windowTo: dayOffset(30), departmentIds: [f.tl.dept] })
      .returning();
    return jv!.id;
  }
  for (const who of ['jingxin', 'shichang'] as const) {
    const c = await s.callers.client(who);
    ok(await c.post('/api/v1/inspection-plans', { name: `矩阵联检计划${uniq()}`, kind: 'campaign', regionId: region, subjectType: 'venue', subjectKinds: ['school'], startDate: today(), endDate: dayOffset(30) }));
  }
  const zhuanban = await s.callers.client('zhuanban');
  const list = ok(await zhuanban.get('/api/v1/joint-visits?status=proposed&pageSize=100'), 200);
  const found = (list.items as { id: string; subjectId: string }[]).find((x) => x.subjectId === v!.id);
  if (!found) throw new Error('no joint visit proposed');
  return found.id;
}

/** A local item per side, an inspection per fixture set, a joint visit in 大足区. */
export async function workFixtures(s: SetupCtx): Promise<void> {
  const { f } = s;
  f.dz.x.item = await localItem(s, 'zhuanban');
  f.ent.x.item = f.dz.x.item;
  f.tl.x.item = await localItem(s, 'tongliang');
  for (const [side, as] of [['dz', 'zhuanban'], ['ent', 'qiye'], ['tl', 'tongliang']] as const) {
    const c = await s.callers.client(as);
    f[side].x.inspection = ok(await c.post('/api/v1/inspections', await inspectionBody(s, as))).inspection.id;
  }
  f.dz.x.jointVisit = await jointVisit(s, 'dz');
  f.ent.x.jointVisit = f.dz.x.jointVisit;
  f.tl.x.jointVisit = await jointVisit(s, 'tl');
}
