/** Foundation routes: login and session, regions, departments and matrix, accounts, tokens, audit. */
import { DEMO_PASSWORD } from '../../harness.js';
import { ok, del, get, isToken, patch, post, put, type Account, type Caller, READERS } from '../support.js';
import { home, other, own, town, uniq, type Fx } from './fixtures.js';
import { freshCommunity, freshGrid, regionCode, type SetupCtx, type Table } from './rules.js';

const REGION_MANAGERS = ['admin', 'zhuanban', 'tongliang'] as const;
const ACCOUNT_MANAGERS = ['admin', 'zhuanban', 'longgang', 'qiye', 'tongliang'] as const;
const TOKEN_MANAGERS = ['admin', 'zhuanban', 'qiye', 'tongliang'] as const;

/** An account the caller may create in its own scope (a role it manages). */
function newAccountBody(f: Fx, as: Caller) {
  const username = `m${uniq()}`;
  switch (as) {
    case 'qiye':
      return { username, displayName: '矩阵员工', role: 'enterprise_staff', staffKind: 'other', regionId: f.ids.longgang, enterpriseId: f.ids.enterprise };
    case 'longgang':
    case 'wangge':
    case 'canting':
      return { username, displayName: '矩阵网格员', role: 'grid_worker', regionId: home(f, as) };
    default:
      return { username, displayName: '矩阵镇街', role: 'town_officer', regionId: town(f, as) };
  }
}

async function managedAccount(s: SetupCtx, as: Caller): Promise<string> {
  const c = await s.callers.client(as as Account);
  return ok(await c.post('/api/v1/accounts', newAccountBody(s.f, as))).account.id as string;
}

async function tokenOf(s: SetupCtx, as: Caller): Promise<string> {
  const c = await s.callers.client(as as Account);
  return ok(await c.post('/api/v1/api-tokens', { name: `矩阵${uniq()}`, kind: as === 'qiye' ? 'filling_station' : 'platform', regionId: home(s.f, as) })).id as string;
}

/** The caller's own account id (for refused callers of the account routes). */
const self = (f: Fx, as: Caller) => (isToken(as) ? f.acc.zhuanban : f.acc[as]);

export const foundation: Table = {
  'POST /api/v1/auth/login': {
    who: 'public',
    call: (_f, as) => post('/api/v1/auth/login', { username: isToken(as) ? 'zhuanban' : as, password: DEMO_PASSWORD }),
  },
  'POST /api/v1/auth/logout': { who: 'public', fresh: true, call: () => post('/api/v1/auth/logout') },
  'POST /api/v1/auth/change-password': {
    who: 'accounts',
    // The current password again: refused by the history rule (422) after the caller was let through.
    call: () => post('/api/v1/auth/change-password', { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD }),
    ok: [422],
  },
  'GET /api/v1/me': { who: 'anyone', call: () => get('/api/v1/me') },
  'POST /api/v1/me/totp/setup': { who: 'accounts', call: () => post('/api/v1/me/totp/setup') },
  'POST /api/v1/me/totp/enable': { who: 'accounts', call: () => post('/api/v1/me/totp/enable', { code: '000000' }), ok: [422, 409] },
  'PUT /api/v1/me/locale': { who: 'accounts', call: () => put('/api/v1/me/locale', { locale: 'zh-CN' }) },

  'GET /api/v1/regions': {
    who: 'anyone',
    call: (f, as) => get(`/api/v1/regions?parentId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/regions?parentId=${other(f, as).district}`),
  },
  'POST /api/v1/regions': {
    who: REGION_MANAGERS,
    setup: async (s, as) => {
      const parent = await freshCommunity(s, as);
      return { parent, code: `${await regionCode(s, parent)}77` };
    },
    call: (f, as, mine) => post('/api/v1/regions', { parentId: mine?.parent ?? home(f, as), level: 'grid', code: mine?.code ?? '50011100100177', name: `矩阵网格${uniq()}` }),
    other: (f, as) => post('/api/v1/regions', { parentId: other(f, as).town, level: 'community', code: '500151001398', name: '越权社区' }),
  },
  'GET /api/v1/regions/{id}': {
    who: 'anyone',
    call: (f, as) => get(`/api/v1/regions/${home(f, as)}`),
    other: (f, as) => get(`/api/v1/regions/${other(f, as).town}`),
  },
  'PATCH /api/v1/regions/{id}': {
    who: REGION_MANAGERS,
    setup: (s, as) => freshCommunity(s, as),
    call: (f, as, mine) => patch(`/api/v1/regions/${mine ?? home(f, as)}`, { name: `矩阵改名${uniq()}` }),
    other: (f, as) => patch(`/api/v1/regions/${other(f, as).town}`, { name: '越权改名' }),
  },
  'DELETE /api/v1/regions/{id}': {
    who: REGION_MANAGERS,
    setup: (s, as) => freshCommunity(s, as),
    call: (f, as, mine) => del(`/api/v1/regions/${mine ?? home(f, as)}`),
    other: (f, as) => del(`/api/v1/regions/${other(f, as).town}`),
  },
  'POST /api/v1/regions/{id}/move': {
    who: REGION_MANAGERS,
    setup: async (s, as) => {
      const from = await freshCommunity(s, as);
      const to = await freshCommunity(s, as);
      return { grid: await freshGrid(s, from), to };
    },
    call: (f, as, mine) => post(`/api/v1/regions/${mine?.grid ?? home(f, as)}/move`, { parentId: mine?.to ?? home(f, as) }),
    other: (f, as) => post(`/api/v1/regions/${other(f, as).town}/move`, { parentId: own(f, as).district }),
  },
  'POST /api/v1/regions/{id}/retire': {
    who: REGION_MANAGERS,
    setup: (s, as) => freshCommunity(s, as),
    call: (f, as, mine) => post(`/api/v1/regions/${mine ?? home(f, as)}/retire`),
    other: (f, as) => post(`/api/v1/regions/${other(f, as).town}/retire`),
  },
  'POST /api/v1/regions/{id}/restore': {
    who: REGION_MANAGERS,
    setup: async (s, as) => {
      const id = await freshCommunity(s, as);
      ok(await (await s.callers.client('admin')).post(`/api/v1/regions/${id}/retire`), 200);
      return id;
    },
    call: (f, as, mine) => post(`/api/v1/regions/${mine ?? home(f, as)}/restore`),
    other: (f, as) => post(`/api/v1/regions/${other(f, as).town}/restore`),
  },

  'GET /api/v1/departments': {
    who: READERS,
    call: (f, as) => get(`/api/v1/departments?regionId=${home(f, as)}&inherited=true`),
    other: (f, as) => get(`/api/v1/departments?regionId=${other(f, as).district}`),
  },
  'POST /api/v1/departments': {
    who: REGION_MANAGERS,
    setup: (s, as) => freshCommunity(s, as),
    call: (f, as, mine) => post('/api/v1/departments', { regionId: mine ?? home(f, as), key: 'health', name: '矩阵卫健' }),
    other: (f, as) => post('/api/v1/departments', { regionId: other(f, as).district, key: 'health', name: '越权部门' }),
  },
  'PATCH /api/v1/departments/{id}': {
    who: REGION_MANAGERS,
    setup: async (s, as) => {
      const region = await freshCommunity(s, as);
      return ok(await (await s.callers.client('admin')).post('/api/v1/departments', { regionId: region, key: 'health', name: '矩阵卫健' })).id;
    },
    call: (f, as, mine) => patch(`/api/v1/departments/${mine ?? own(f, as).dept}`, { name: `矩阵部门${uniq()}` }),
    other: (f, as) => patch(`/api/v1/departments/${other(f, as).dept}`, { name: '越权改名' }),
  },
  'GET /api/v1/matrix/presets': { who: READERS, call: () => get('/api/v1/matrix/presets') },
  'GET /api/v1/matrix': {
    who: READERS,
    call: (f, as) => get(`/api/v1/matrix?regionId=${home(f, as)}`),
    other: (f, as) => get(`/api/v1/matrix?regionId=${other(f, as).district}`),
  },
  'POST /api/v1/matrix/apply-preset': {
    who: REGION_MANAGERS,
    setup: (s, as) => freshCommunity(s, as),
    call: (f, as, mine) => post('/api/v1/matrix/apply-preset', { regionId: mine ?? home(f, as), presetKey: 'nanchang' }),
    other: (f, as) => post('/api/v1/matrix/apply-preset', { regionId: other(f, as).district, presetKey: 'jiangsu' }),
  },
  'POST /api/v1/matrix/rules': {
    who: REGION_MANAGERS,
    setup: (s, as) => freshCommunity(s, as),
    call: (f, as, mine) => post('/api/v1/matrix/rules', { regionId: mine ?? home(f, as), category: 'problem_gas', taskKind: 'household', leadKey: 'gas_authority', cooperatingKeys: [] }),
    other: (f, as) => post('/api/v1/matrix/rules', { regionId: other(f, as).district, category: 'problem_gas', taskKind: 'household', leadKey: 'gas_authority', cooperatingKeys: [] }),
  },
  'PATCH /api/v1/matrix/rules/{id}': {
    who: REGION_MANAGERS,
    setup: (s, as) => matrixRule(s, as),
    call: (f, as, mine) => patch(`/api/v1/matrix/rules/${mine ?? own(f, as).rule}`, { leadKey: 'gas_authority', cooperatingKeys: [] }),
    other: (f, as) => patch(`/api/v1/matrix/rules/${other(f, as).rule}`, { leadKey: 'gas_authority', cooperatingKeys: [] }),
  },
  'DELETE /api/v1/matrix/rules/{id}': {
    who: REGION_MANAGERS,
    setup: (s, as) => matrixRule(s, as),
    call: (f, as, mine) => del(`/api/v1/matrix/rules/${mine ?? own(f, as).rule}`),
    other: (f, as) => del(`/api/v1/matrix/rules/${other(f, as).rule}`),
  },
  'GET /api/v1/matrix/route': {
    who: READERS,
    call: (f, as) => get(`/api/v1/matrix/route?regionId=${home(f, as)}&category=problem_hose&taskKind=catering`),
    other: (f, as) => get(`/api/v1/matrix/route?regionId=${other(f, as).town}&category=problem_hose&taskKind=catering`),
  },

  'GET /api/v1/accounts': {
    who: ACCOUNT_MANAGERS,
    call: () => get('/api/v1/accounts'),
    other: (f, as) => get(`/api/v1/accounts?regionId=${other(f, as).district}`),
  },
  'POST /api/v1/accounts': {
    who: ACCOUNT_MANAGERS,
    call: (f, as) => post('/api/v1/accounts', newAccountBody(f, as)),
    other: (f, as) => post('/api/v1/accounts', { ...newAccountBody(f, as), role: 'grid_worker', regionId: other(f, as).town, enterpriseId: undefined, staffKind: undefined }),
  },
  'GET /api/v1/accounts/{id}': {
    who: ACCOUNT_MANAGERS,
    setup: managedAccount,
    call: (f, as, mine) => get(`/api/v1/accounts/${mine ?? self(f, as)}`),
    other: (f, as) => get(`/api/v1/accounts/${as === 'tongliang' ? f.acc.zhuanban : f.acc.tongliang}`),
  },
  'PATCH /api/v1/accounts/{id}': {
    who: ACCOUNT_MANAGERS,
    setup: managedAccount,
    call: (f, as, mine) => patch(`/api/v1/accounts/${mine ?? self(f, as)}`, { displayName: '矩阵改名' }),
    other: (f, as) => patch(`/api/v1/accounts/${as === 'tongliang' ? f.acc.zhuanban : f.acc.tongliang}`, { displayName: '越权' }),
  },
  'POST /api/v1/accounts/{id}/reset-password': {
    who: ACCOUNT_MANAGERS,
    setup: managedAccount,
    call: (f, as, mine) => post(`/api/v1/accounts/${mine ?? self(f, as)}/reset-password`),
    other: (f, as) => post(`/api/v1/accounts/${as === 'tongliang' ? f.acc.zhuanban : f.acc.tongliang}/reset-password`),
  },
  'POST /api/v1/accounts/{id}/reset-totp': {
    who: ACCOUNT_MANAGERS,
    setup: managedAccount,
    call: (f, as, mine) => post(`/api/v1/accounts/${mine ?? self(f, as)}/reset-totp`),
    other: (f, as) => post(`/api/v1/accounts/${as === 'tongliang' ? f.acc.zhuanban : f.acc.tongliang}/reset-totp`),
  },

  'GET /api/v1/api-tokens': { who: TOKEN_MANAGERS, call: () => get('/api/v1/api-tokens') },
  'POST /api/v1/api-tokens': {
    who: TOKEN_MANAGERS,
    call: (f, as) => post('/api/v1/api-tokens', { name: `矩阵${uniq()}`, kind: as === 'qiye' ? 'filling_station' : 'platform', regionId: home(f, as) }),
    other: (f, as) => post('/api/v1/api-tokens', { name: '越权令牌', kind: 'platform', regionId: other(f, as).district }),
  },
  'POST /api/v1/api-tokens/{id}/revoke': {
    who: TOKEN_MANAGERS,
    setup: tokenOf,
    call: (f, as, mine) => post(`/api/v1/api-tokens/${mine ?? f.dz.x.token}/revoke`),
    other: (f, as) => post(`/api/v1/api-tokens/${as === 'tongliang' ? f.dz.x.token : f.tl.x.token}/revoke`),
  },
  'GET /api/v1/audit': { who: REGION_MANAGERS, call: () => get('/api/v1/audit') },
  'POST /api/v1/audit/verify': { who: ['admin'], call: () => post('/api/v1/audit/verify') },
};

async function matrixRule(s: SetupCtx, as: Caller): Promise<string> {
  const region = await freshCommunity(s, as);
  const admin = await s.callers.client('admin');
  return ok(await admin.post('/api/v1/matrix/rules', { regionId: region, category: 'problem_gas', taskKind: 'household', leadKey: 'gas_authority', cooperatingKeys: [] })).id as string;
}

/** Fixture additions of this module: one API token per side (for refused revoke calls). */
export async function foundationFixtures(s: SetupCtx): Promise<void> {
  const zhuanban = await s.callers.client('zhuanban');
  const tongliang = await s.callers.client('tongliang');
  s.f.dz.x.token = ok(await zhuanban.post('/api/v1/api-tokens', { name: '矩阵平台令牌', kind: 'platform', regionId: s.f.ids.longgang })).id;
  s.f.tl.x.token = ok(await tongliang.post('/api/v1/api-tokens', { name: '铜梁平台令牌', kind: 'platform', regionId: s.f.tl.district })).id;
}
