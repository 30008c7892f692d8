/** Registry routes (R2): per kind list, detail, create, update, reveal, Excel; imports; public lists; files. */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { REGISTRY_KINDS, type RegistryKind } from '../../../src/registry/kinds.js';
import { pngBytes } from '../../fixtures.js';
import { get, ok, patch, post, upload, type Account, type Caller, READERS } from '../support.js';
import { creditCode, home, idNumber, other, own, plate, uniq, type Fx, type SideFixtures } from './fixtures.js';
import { regionCode, type Rule, type SetupCtx, type Table } from './rules.js';

const GOV = ['admin', 'zhuanban', 'jingxin', 'shichang', 'tongliang'] as const;
const TERRITORIAL = [...GOV, 'longgang', 'wangge'] as const;
const WRITERS: Record<RegistryKind, readonly Caller[]> = {
  enterprise: GOV,
  licence: [...GOV, 'qiye'],
  venue: TERRITORIAL,
  household: [...TERRITORIAL, 'qiye'],
  facility: [...GOV, 'qiye'],
  person: [...GOV, 'qiye'],
  vehicle: [...GOV, 'qiye'],
  unqualified_product: GOV,
  blacklist: GOV,
};
/** Roles that may see one unmasked personal value (audited). */
const REVEALERS = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'qiye', 'tongliang'] as const;
const PERSONAL: Partial<Record<RegistryKind, string>> = { enterprise: 'contactPhone', venue: 'contactPhone', household: 'phone', person: 'idNumber', blacklist: 'idNumber' };
const ENTERPRISE_BOUND = ['licence', 'facility', 'person', 'vehicle'] as const;

/** Who sees a record of the kind in their own fixture set (the venue user sees only its venue and the public lists). */
function readers(kind: RegistryKind): readonly Caller[] {
  const all: Caller[] = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge', 'qiye', 'chongzhuang', 'songqi', 'tongliang', 'tok:platform'];
  return kind === 'venue' || kind === 'unqualified_product' || kind === 'blacklist' ? [...all, 'canting'] : all;
}

/** A valid create body in the caller's own scope. */
function createBody(kind: RegistryKind, f: Fx, as: Caller, s: SideFixtures = own(f, as), regionId = home(f, as)): Record<string, unknown> {
  const enterpriseId = s.enterprise;
  switch (kind) {
    case 'enterprise':
      return { name: `矩阵企业${uniq()}`, creditCode: creditCode(), kind: 'bottled_lpg', regionId };
    case 'licence':
      return { kind: 'gas_business', number: `矩阵证${uniq()}`, enterpriseId };
    case 'venue':
      return { name: `矩阵场所${uniq()}`, kind: 'restaurant', address: `矩阵街 ${uniq()} 号`, regionId };
    case 'household':
      return { address: `矩阵楼 ${uniq()} 室`, regionId, ...(as === 'qiye' ? { supplierId: enterpriseId } : {}) };
    case 'facility':
      return { code: `JZF${uniq()}`, name: '矩阵管道', kind: 'pipeline_courtyard', regionId, enterpriseId };
    case 'person':
      return { name: '钱七', idNumber: idNumber(), role: 'delivery_worker', enterpriseId };
    case 'vehicle':
      return { plateNumber: plate(), kind: 'delivery', enterpriseId };
    case 'unqualified_product':
      return { name: `矩阵阀门${uniq()}`, category: 'valve', problem: '密封不合格', regionId };
    case 'blacklist':
      return { personName: '孙八', idNumber: idNumber(), reason: '违规送气', listedOn: '2026-02-01', regionId };
  }
}

/** A harmless change (not part of the natural key). */
const CHANGE: Record<RegistryKind, Record<string, unknown>> = {
  enterprise: { address: '矩阵改址' },
  licence: { issuer: '矩阵发证机关' },
  venue: { operatorName: '矩阵经营者' },
  household: { building: '9栋' },
  facility: { lengthM: 12 },
  person: { labourContract: true },
  vehicle: { permitNo: 'JZ-1' },
  unqualified_product: { brand: '矩阵牌' },
  blacklist: { enterpriseName: '矩阵公司' },
};

/** The other district's counterpart of a create body (its region, its enterprise). */
function otherBody(kind: RegistryKind, f: Fx, as: Caller) {
  const o = other(f, as);
  return createBody(kind, f, as, o, o.region);
}

function kindRules(kind: RegistryKind): Table {
  const base = `/api/v1/registry/${kind}`;
  const writers = WRITERS[kind];
  const readWrite = writers.filter((w) => readers(kind).includes(w));
  const t: Table = {
    [`GET ${base}`]: {
      who: READERS,
      call: (f, as) => get(`${base}?regionId=${home(f, as)}`),
      other: (f, as) => get(`${base}?regionId=${other(f, as).district}`),
    },
    [`POST ${base}`]: {
      who: writers,
      call: (f, as) => post(base, createBody(kind, f, as)),
      other: (f, as) => post(base, otherBody(kind, f, as)),
      // A region or enterprise outside the caller's scope is a field error (which field, 422).
      otherStatus: [403, 404, 422],
    },
    [`GET ${base}/{id}`]: {
      who: readers(kind),
      call: (f, as) => get(`${base}/${own(f, as)[kind]}`),
      other: (f, as) => get(`${base}/${other(f, as)[kind]}`),
    },
    [`PATCH ${base}/{id}`]: {
      who: readWrite,
      call: (f, as) => patch(`${base}/${own(f, as)[kind]}`, CHANGE[kind]),
      other: (f, as) => patch(`${base}/${other(f, as)[kind]}`, CHANGE[kind]),
    },
    [`GET ${base}/template.xlsx`]: { who: READERS, call: () => get(`${base}/template.xlsx`) },
    [`GET ${base}/export.xlsx`]: {
      who: READERS,
      call: (f, as) => get(`${base}/export.xlsx?regionId=${home(f, as)}`),
      other: (f, as) => get(`${base}/export.xlsx?regionId=${other(f, as).district}`),
    },
    [`POST ${base}/imports`]: {
      who: writers,
      // One row with every cell wrong: the job is refused row by row (201 with the errors), nothing imported.
      call: (f) => upload(`${base}/imports`, Buffer.from(f.dz.x[`badFile:${kind}`]!, 'base64'), `${kind}.xlsx`),
    },
  };
  const field = PERSONAL[kind];
  if (field) {
    t[`POST ${base}/{id}/reveal`] = {
      who: REVEALERS.filter((w) => readers(kind).includes(w)),
      call: (f, as) => post(`${base}/${own(f, as)[kind]}/reveal`, { field }),
      other: (f, as) => post(`${base}/${other(f, as)[kind]}/reveal`, { field }),
    };
  }
  return t;
}

/** Accounts that may import households (and so own import jobs). */
const IMPORTERS = WRITERS.household;

/** A household workbook: one valid row in the caller's region and one wrong row. */
async function householdJob(s: SetupCtx, as: Caller, validRows = 1): Promise<string> {
  const code = await regionCode(s, home(s.f, as));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民用户');
  ws.addRow(['*住址', '楼栋', '户主姓名', '*所属区域代码']);
  for (let i = 0; i < validRows; i++) ws.addRow([`矩阵导入 ${uniq()} 号`, '1栋', '张三', code]);
  ws.addRow(['', '1栋', '张三', '999999999999']);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const c = await s.callers.client(as as Account);
  const res = await c.upload('/api/v1/registry/household/imports', bytes, 'households.xlsx');
  return ok(res, 201).id as string;
}

const jobRule = (path: (id: string) => string, method: 'GET' | 'POST', body?: unknown): Rule => ({
  who: IMPORTERS,
  setup: (s, as) => householdJob(s, as),
  call: (f, _as, mine) => ({ method, url: path(mine ?? f.dz.x.job!), body }),
  other: (f, as) => ({ method, url: path(as === 'tongliang' ? f.dz.x.job! : f.tl.x.job!), body }),
});

export const registry: Table = {
  ...Object.assign({}, ...REGISTRY_KINDS.map(kindRules)),
  'GET /api/v1/registry/meta': { who: READERS, call: () => get('/api/v1/registry/meta') },
  'GET /api/v1/registry/licence-watch': {
    who: READERS,
    call: (f, as) => get(`/api/v1/registry/licence-watch?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/registry/licence-watch?regionId=${other(f, as).district}`),
  },
  'GET /api/v1/registry/imports/{id}': jobRule((id) => `/api/v1/registry/imports/${id}`, 'GET'),
  'GET /api/v1/registry/imports/{id}/receipt.xlsx': jobRule((id) => `/api/v1/registry/imports/${id}/receipt.xlsx`, 'GET'),
  'POST /api/v1/registry/imports/{id}/confirm': jobRule((id) => `/api/v1/registry/imports/${id}/confirm`, 'POST', { mode: 'valid-only' }),
  'GET /api/v1/public/unqualified-products': { who: 'public', call: () => get('/api/v1/public/unqualified-products') },
  'GET /api/v1/public/blacklist': { who: 'public', call: () => get('/api/v1/public/blacklist') },
  'POST /api/v1/files': {
    who: 'accounts',
    call: (f, as) => upload(`/api/v1/files?purpose=photo&regionId=${home(f, as)}`, pngBytes(), 'p.png'),
    other: (f, as) => upload(`/api/v1/files?purpose=photo&regionId=${other(f, as).district}`, pngBytes(), 'p.png'),
  },
  'GET /api/v1/files/{id}': {
    // A file of a record in the caller's region subtree, or its own upload.
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge', 'qiye', 'chongzhuang', 'songqi', 'canting', 'tongliang', 'tok:platform'],
    call: (f, as) => get(`/api/v1/files/${own(f, as).file}`),
    other: (f, as) => get(`/api/v1/files/${other(f, as).file}`),
  },
};

/** Import jobs of zhuanban and tongliang (targets of refused calls), and a wrong workbook per kind. */
export async function registryFixtures(s: SetupCtx): Promise<void> {
  s.f.dz.x.job = await householdJob(s, 'zhuanban');
  s.f.tl.x.job = await householdJob(s, 'tongliang');
  const zhuanban = await s.callers.client('zhuanban');
  for (const kind of REGISTRY_KINDS) {
    const res = await s.ctx.app.inject({ method: 'GET', url: `/api/v1/registry/${kind}/template.xlsx`, cookies: zhuanban.cookies });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets.find((w) => w.getRow(1).cellCount > 1) ?? wb.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const out = new ExcelJS.Workbook();
    const ws = out.addWorksheet(sheet.name);
    ws.addRow(headers);
    ws.addRow(headers.map(() => '？'));
    s.f.dz.x[`badFile:${kind}`] = Buffer.from(await out.xlsx.writeBuffer()).toString('base64');
  }
  void sql;
}
