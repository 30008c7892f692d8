/**
 * R1.4 — every account acts within its region subtree (and, for enterprise and venue accounts,
 * within its own enterprise or venue). Tables of (who, request, expected refusal): each request is
 * sent as that demo account and must be refused and leave the database exactly as it was.
 */
import { like, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { regions } from '../db/schema/index.js';
import { describeOnEachDatabase, type Client, type TestContext } from '../../test/harness.js';
import { accountByUsername, createEnterprise, createVenue, demoIds, fingerprint, unique, type DemoIds } from '../../test/factories.js';
import type { Db } from '../db/db.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface Ids extends DemoIds {
  acc: Record<string, string>;
  tlDept: string;
  cqDept: string;
  tlRule: string;
  dazuRule: string;
  tlToken: string;
  dzToken: string;
  lgToken: string;
  entToken: string;
  otherEnterprise: string;
  baodingVenue: string;
}

interface Probe {
  as: string;
  does: string;
  method: Method;
  url: (i: Ids) => string;
  body?: (i: Ids) => unknown;
  status: 403 | 404 | 422;
}

const rename = { name: '越权改名' };
const route = (regionId: string) => `/api/v1/matrix/route?regionId=${regionId}&category=problem_hose&taskKind=catering`;

/** What a task force of one district must not do to the other district. */
function crossDistrict(as: string, other: (i: Ids) => { district: string; town: string; dept: string; rule: string; account: string; token: string; townAccount?: string }): Probe[] {
  return [
    { as, does: 'read the other district', method: 'GET', url: (i) => `/api/v1/regions/${other(i).district}`, status: 404 },
    { as, does: 'read a street of the other district', method: 'GET', url: (i) => `/api/v1/regions/${other(i).town}`, status: 404 },
    { as, does: 'rename the other district', method: 'PATCH', url: (i) => `/api/v1/regions/${other(i).district}`, body: () => rename, status: 404 },
    { as, does: 'rename a street of the other district', method: 'PATCH', url: (i) => `/api/v1/regions/${other(i).town}`, body: () => rename, status: 404 },
    {
      as,
      does: 'create a street in the other district',
      method: 'POST',
      url: () => '/api/v1/regions',
      body: (i) => ({ parentId: other(i).district, level: 'town', code: '500111599000', name: '越权街道' }),
      status: 404,
    },
    { as, does: 'move a street of the other district under its own district', method: 'POST', url: (i) => `/api/v1/regions/${other(i).town}/move`, body: (i) => ({ parentId: own(as, i) }), status: 404 },
    { as, does: 'retire a street of the other district', method: 'POST', url: (i) => `/api/v1/regions/${other(i).town}/retire`, status: 404 },
    { as, does: 'restore a street of the other district', method: 'POST', url: (i) => `/api/v1/regions/${other(i).town}/restore`, status: 404 },
    { as, does: 'delete a street of the other district', method: 'DELETE', url: (i) => `/api/v1/regions/${other(i).town}`, status: 404 },
    { as, does: 'list the departments of the other district', method: 'GET', url: (i) => `/api/v1/departments?regionId=${other(i).district}`, status: 404 },
    { as, does: 'list departments inherited by a street of the other district', method: 'GET', url: (i) => `/api/v1/departments?regionId=${other(i).town}&inherited=true`, status: 404 },
    {
      as,
      does: 'create a department in the other district',
      method: 'POST',
      url: () => '/api/v1/departments',
      body: (i) => ({ regionId: other(i).district, key: 'health', name: '越权部门' }),
      status: 404,
    },
    { as, does: 'rename a department of the other district', method: 'PATCH', url: (i) => `/api/v1/departments/${other(i).dept}`, body: () => rename, status: 404 },
    { as, does: 'retire a department of the other district', method: 'PATCH', url: (i) => `/api/v1/departments/${other(i).dept}`, body: () => ({ status: 'retired' }), status: 404 },
    { as, does: 'read the matrix of the other district', method: 'GET', url: (i) => `/api/v1/matrix?regionId=${other(i).district}`, status: 404 },
    { as, does: 'route a hazard in the other district', method: 'GET', url: (i) => route(other(i).town), status: 404 },
    {
      as,
      does: 'apply a preset to the other district',
      method: 'POST',
      url: () => '/api/v1/matrix/apply-preset',
      body: (i) => ({ regionId: other(i).district, presetKey: 'jiangsu' }),
      status: 404,
    },
    {
      as,
      does: 'add a matrix rule to the other district',
      method: 'POST',
      url: () => '/api/v1/matrix/rules',
      body: (i) => ({ regionId: other(i).district, category: 'problem_gas', taskKind: 'household', leadKey: 'gas_authority', cooperatingKeys: [] }),
      status: 404,
    },
    { as, does: 'edit a matrix rule of the other district', method: 'PATCH', url: (i) => `/api/v1/matrix/rules/${other(i).rule}`, body: () => ({ leadKey: 'gas_authority', cooperatingKeys: [] }), status: 404 },
    { as, does: 'delete a matrix rule of the other district', method: 'DELETE', url: (i) => `/api/v1/matrix/rules/${other(i).rule}`, status: 404 },
    { as, does: 'list accounts of the other district', method: 'GET', url: (i) => `/api/v1/accounts?regionId=${other(i).district}`, status: 404 },
    { as, does: 'read an account of the other district', method: 'GET', url: (i) => `/api/v1/accounts/${other(i).account}`, status: 404 },
    { as, does: 'rename an account of the other district', method: 'PATCH', url: (i) => `/api/v1/accounts/${other(i).account}`, body: () => ({ displayName: '越权' }), status: 404 },
    { as, does: 'disable an account of the other district', method: 'PATCH', url: (i) => `/api/v1/accounts/${other(i).account}`, body: () => ({ status: 'disabled' }), status: 404 },
    { as, does: 'reset the password of an account of the other district', method: 'POST', url: (i) => `/api/v1/accounts/${other(i).account}/reset-password`, status: 404 },
    { as, does: 'clear the authenticator of an account of the other district', method: 'POST', url: (i) => `/api/v1/accounts/${other(i).account}/reset-totp`, status: 404 },
    {
      as,
      does: 'create an account in the other district',
      method: 'POST',
      url: () => '/api/v1/accounts',
      body: (i) => ({ username: unique('x'), displayName: '越权账号', role: 'town_officer', regionId: other(i).town }),
      status: 404,
    },
    {
      as,
      does: 'move one of its own accounts into the other district',
      method: 'PATCH',
      url: (i) => `/api/v1/accounts/${ownAccount(as, i)}`,
      body: (i) => ({ regionId: other(i).town }),
      status: 404,
    },
    {
      as,
      does: 'create an API token in the other district',
      method: 'POST',
      url: () => '/api/v1/api-tokens',
      body: (i) => ({ name: '越权令牌', kind: 'platform', regionId: other(i).district }),
      status: 404,
    },
    { as, does: 'revoke an API token of the other district', method: 'POST', url: (i) => `/api/v1/api-tokens/${other(i).token}/revoke`, status: 404 },
    { as, does: 'verify the audit chain (platform admins only)', method: 'POST', url: () => '/api/v1/audit/verify', status: 403 },
  ];
}

/** The home district of a task-force demo account. */
function own(as: string, i: Ids): string {
  return as === 'tongliang' ? i.tongliang : i.dazu;
}

/** An account the task force manages in its own district (created in setup). */
function ownAccount(as: string, i: Ids): string {
  return as === 'tongliang' ? i.acc.tlTown! : i.acc.longgang!;
}

const PROBES: Probe[] = [
  ...crossDistrict('tongliang', (i) => ({ district: i.dazu, town: i.longgang, dept: i.gasAuthority, rule: i.dazuRule, account: i.acc.zhuanban!, token: i.dzToken })),
  ...crossDistrict('zhuanban', (i) => ({ district: i.tongliang, town: i.bachuan, dept: i.tlDept, rule: i.tlRule, account: i.acc.tongliang!, token: i.tlToken })),
  // zhuanban: its own district and the regions above it are readable reference data, not editable.
  { as: 'zhuanban', does: 'rename its own district (edits are strictly below the home region)', method: 'PATCH', url: (i) => `/api/v1/regions/${i.dazu}`, body: () => rename, status: 403 },
  { as: 'zhuanban', does: 'retire its own district', method: 'POST', url: (i) => `/api/v1/regions/${i.dazu}/retire`, status: 403 },
  { as: 'zhuanban', does: 'read 重庆市 (above its district)', method: 'GET', url: (i) => `/api/v1/regions/${i.chongqing}`, status: 404 },
  { as: 'zhuanban', does: 'rename 重庆市', method: 'PATCH', url: (i) => `/api/v1/regions/${i.chongqing}`, body: () => rename, status: 404 },
  { as: 'zhuanban', does: 'create a district under 重庆市市辖区', method: 'POST', url: () => '/api/v1/regions', body: (i) => ({ parentId: i.cqCity, level: 'district', code: '500198', name: '越权区' }), status: 404 },
  { as: 'zhuanban', does: 'create a top-level region', method: 'POST', url: () => '/api/v1/regions', body: () => ({ parentId: null, level: 'province', code: '110000', name: '北京市' }), status: 403 },
  { as: 'zhuanban', does: 'rename a department of 重庆市', method: 'PATCH', url: (i) => `/api/v1/departments/${i.cqDept}`, body: () => rename, status: 404 },
  { as: 'zhuanban', does: 'add a department to 重庆市', method: 'POST', url: () => '/api/v1/departments', body: (i) => ({ regionId: i.chongqing, key: 'health', name: '越权部门' }), status: 404 },
  { as: 'zhuanban', does: 'create a platform admin', method: 'POST', url: () => '/api/v1/accounts', body: (i) => ({ username: unique('x'), displayName: 'x', role: 'platform_admin', regionId: i.dazu }), status: 403 },
  { as: 'zhuanban', does: 'read the platform admin account', method: 'GET', url: (i) => `/api/v1/accounts/${i.acc.admin}`, status: 404 },
  { as: 'zhuanban', does: 'reset the platform admin password', method: 'POST', url: (i) => `/api/v1/accounts/${i.acc.admin}/reset-password`, status: 404 },
  { as: 'zhuanban', does: 'promote an officer of its own district to platform admin', method: 'PATCH', url: (i) => `/api/v1/accounts/${i.acc.longgang}`, body: () => ({ role: 'platform_admin' }), status: 403 },
  { as: 'zhuanban', does: 'disable itself', method: 'PATCH', url: (i) => `/api/v1/accounts/${i.acc.zhuanban}`, body: () => ({ status: 'disabled' }), status: 403 },
  {
    as: 'zhuanban',
    does: 'bind a department officer to a department of 铜梁区',
    method: 'POST',
    url: () => '/api/v1/accounts',
    body: (i) => ({ username: unique('x'), displayName: 'x', role: 'dept_officer', regionId: i.dazu, departmentId: i.tlDept }),
    status: 422,
  },

  // longgang (town officer of 龙岗街道): may manage grid workers and venue users in its street only.
  { as: 'longgang', does: 'read a neighbouring street', method: 'GET', url: (i) => `/api/v1/regions/${i.tangxiang}`, status: 404 },
  { as: 'longgang', does: 'read its district', method: 'GET', url: (i) => `/api/v1/regions/${i.dazu}`, status: 404 },
  { as: 'longgang', does: 'rename a community of its street (no region.manage)', method: 'PATCH', url: (i) => `/api/v1/regions/${i.wuxing}`, body: () => rename, status: 403 },
  { as: 'longgang', does: 'create a community', method: 'POST', url: () => '/api/v1/regions', body: (i) => ({ parentId: i.longgang, level: 'community', code: '500111001399', name: '越权社区' }), status: 403 },
  { as: 'longgang', does: 'create a department', method: 'POST', url: () => '/api/v1/departments', body: (i) => ({ regionId: i.longgang, key: 'health', name: '越权部门' }), status: 403 },
  { as: 'longgang', does: 'edit a matrix rule', method: 'PATCH', url: (i) => `/api/v1/matrix/rules/${i.dazuRule}`, body: () => ({ leadKey: 'fire' }), status: 403 },
  { as: 'longgang', does: 'list accounts of a neighbouring street', method: 'GET', url: (i) => `/api/v1/accounts?regionId=${i.tangxiang}`, status: 404 },
  { as: 'longgang', does: 'read the district task force account', method: 'GET', url: (i) => `/api/v1/accounts/${i.acc.zhuanban}`, status: 404 },
  { as: 'longgang', does: 'create a grid worker in 宝顶镇', method: 'POST', url: () => '/api/v1/accounts', body: (i) => ({ username: unique('x'), displayName: 'x', role: 'grid_worker', regionId: i.baoding }), status: 404 },
  { as: 'longgang', does: 'create a task force account', method: 'POST', url: () => '/api/v1/accounts', body: (i) => ({ username: unique('x'), displayName: 'x', role: 'task_force', regionId: i.longgang }), status: 403 },
  { as: 'longgang', does: 'create a town officer', method: 'POST', url: () => '/api/v1/accounts', body: (i) => ({ username: unique('x'), displayName: 'x', role: 'town_officer', regionId: i.longgang }), status: 403 },
  {
    as: 'longgang',
    does: 'create a department officer',
    method: 'POST',
    url: () => '/api/v1/accounts',
    body: (i) => ({ username: unique('x'), displayName: 'x', role: 'dept_officer', regionId: i.longgang, departmentId: i.gasAuthority }),
    status: 403,
  },
  {
    as: 'longgang',
    does: 'create an enterprise admin',
    method: 'POST',
    url: () => '/api/v1/accounts',
    body: (i) => ({ username: unique('x'), displayName: 'x', role: 'enterprise_admin', regionId: i.longgang, enterpriseId: i.enterprise }),
    status: 403,
  },
  {
    as: 'longgang',
    does: 'create a venue user for a venue in 宝顶镇',
    method: 'POST',
    url: () => '/api/v1/accounts',
    body: (i) => ({ username: unique('x'), displayName: 'x', role: 'venue_user', regionId: i.longgang, venueId: i.baodingVenue }),
    status: 422,
  },
  { as: 'longgang', does: 'rename the enterprise admin of its street', method: 'PATCH', url: (i) => `/api/v1/accounts/${i.acc.qiye}`, body: () => ({ displayName: '越权' }), status: 403 },
  { as: 'longgang', does: 'reset the enterprise admin password', method: 'POST', url: (i) => `/api/v1/accounts/${i.acc.qiye}/reset-password`, status: 403 },
  { as: 'longgang', does: 'promote its grid worker to task force', method: 'PATCH', url: (i) => `/api/v1/accounts/${i.acc.wangge}`, body: () => ({ role: 'task_force' }), status: 403 },
  { as: 'longgang', does: 'move its grid worker to 宝顶镇', method: 'PATCH', url: (i) => `/api/v1/accounts/${i.acc.wangge}`, body: (i) => ({ regionId: i.baoding }), status: 404 },
  { as: 'longgang', does: 'list API tokens', method: 'GET', url: () => '/api/v1/api-tokens', status: 403 },
  { as: 'longgang', does: 'read the audit log', method: 'GET', url: () => '/api/v1/audit', status: 403 },

  // qiye (enterprise admin of 大足燃气): only enterprise_staff of its own enterprise.
  { as: 'qiye', does: 'read the town officer of its street', method: 'GET', url: (i) => `/api/v1/accounts/${i.acc.longgang}`, status: 404 },
  { as: 'qiye', does: 'read the grid worker of its street', method: 'GET', url: (i) => `/api/v1/accounts/${i.acc.wangge}`, status: 404 },
  { as: 'qiye', does: 'rename the grid worker of its street', method: 'PATCH', url: (i) => `/api/v1/accounts/${i.acc.wangge}`, body: () => ({ displayName: '越权' }), status: 404 },
  { as: 'qiye', does: 'reset the venue user password', method: 'POST', url: (i) => `/api/v1/accounts/${i.acc.canting}/reset-password`, status: 404 },
  {
    as: 'qiye',
    does: 'create staff of another enterprise in its street',
    method: 'POST',
    url: () => '/api/v1/accounts',
    body: (i) => ({ username: unique('x'), displayName: 'x', role: 'enterprise_staff', regionId: i.longgang, enterpriseId: i.otherEnterprise }),
    status: 422,
  },
  {
    as: 'qiye',
    does: 'create its own staff in 宝顶镇',
    method: 'POST',
    url: () => '/api/v1/accounts',
    body: (i) => ({ username: unique('x'), displayName: 'x', role: 'enterprise_staff', regionId: i.baoding, enterpriseId: i.enterprise }),
    status: 404,
  },
  {
    as: 'qiye',
    does: 'create a second enterprise admin',
    method: 'POST',
    url: () => '/api/v1/accounts',
    body: (i) => ({ username: unique('x'), displayName: 'x', role: 'enterprise_admin', regionId: i.longgang, enterpriseId: i.enterprise }),
    status: 403,
  },
  { as: 'qiye', does: 'create a grid worker', method: 'POST', url: () => '/api/v1/accounts', body: (i) => ({ username: unique('x'), displayName: 'x', role: 'grid_worker', regionId: i.longgang }), status: 403 },
  { as: 'qiye', does: 'move its staff to another enterprise', method: 'PATCH', url: (i) => `/api/v1/accounts/${i.acc.songqi}`, body: (i) => ({ enterpriseId: i.otherEnterprise }), status: 422 },
  { as: 'qiye', does: 'revoke a street token not bound to its enterprise', method: 'POST', url: (i) => `/api/v1/api-tokens/${i.lgToken}/revoke`, status: 404 },
  { as: 'qiye', does: 'create a token in 宝顶镇', method: 'POST', url: () => '/api/v1/api-tokens', body: (i) => ({ name: 'x', kind: 'filling_station', regionId: i.baoding }), status: 404 },
  { as: 'qiye', does: 'create a region', method: 'POST', url: () => '/api/v1/regions', body: (i) => ({ parentId: i.wuxing, level: 'grid', code: '50011100100199', name: 'x' }), status: 403 },
  { as: 'qiye', does: 'read the audit log', method: 'GET', url: () => '/api/v1/audit', status: 403 },

  // Accounts without management capabilities still only read inside their own region.
  { as: 'wangge', does: 'read the neighbouring grid', method: 'GET', url: (i) => `/api/v1/regions/${i.grid2}`, status: 404 },
  { as: 'wangge', does: 'read its street', method: 'GET', url: (i) => `/api/v1/regions/${i.longgang}`, status: 404 },
  { as: 'wangge', does: 'read departments of 铜梁区', method: 'GET', url: (i) => `/api/v1/departments?regionId=${i.tongliang}`, status: 404 },
  { as: 'jingxin', does: 'read 铜梁区', method: 'GET', url: (i) => `/api/v1/regions/${i.tongliang}`, status: 404 },
  { as: 'jingxin', does: 'read the matrix of 铜梁区', method: 'GET', url: (i) => `/api/v1/matrix?regionId=${i.tongliang}`, status: 404 },
  { as: 'shichang', does: 'list departments of 铜梁区', method: 'GET', url: (i) => `/api/v1/departments?regionId=${i.tongliang}`, status: 404 },
  { as: 'shichang', does: 'route a hazard in 巴川街道', method: 'GET', url: (i) => route(i.bachuan), status: 404 },
  { as: 'chongzhuang', does: 'read 宝顶镇', method: 'GET', url: (i) => `/api/v1/regions/${i.baoding}`, status: 404 },
  { as: 'songqi', does: 'read 大足区', method: 'GET', url: (i) => `/api/v1/regions/${i.dazu}`, status: 404 },
  { as: 'canting', does: 'read the neighbouring grid', method: 'GET', url: (i) => `/api/v1/regions/${i.grid2}`, status: 404 },
  { as: 'canting', does: 'read 龙岗街道', method: 'GET', url: (i) => `/api/v1/regions/${i.longgang}`, status: 404 },
];

/** Lists that answer 200 but must hold nothing from outside the caller's scope. */
interface ListProbe {
  as: string;
  does: string;
  url: (i: Ids) => string;
  /** Items this caller must never see. */
  foreign: (item: Record<string, unknown>, i: Ids, scope: Set<string>) => boolean;
  /** An item the list must contain (so an empty answer does not pass by accident). */
  mustContain?: (i: Ids) => string;
}

const outsideRegion = (field: string) => (item: Record<string, unknown>, _i: Ids, scope: Set<string>) =>
  item[field] !== null && !scope.has(String(item[field]));

const LIST_PROBES: ListProbe[] = [
  { as: 'tongliang', does: 'lists the children of 大足区', url: (i) => `/api/v1/regions?parentId=${i.dazu}`, foreign: () => true },
  { as: 'tongliang', does: 'searches regions for 龙岗', url: () => `/api/v1/regions?q=${encodeURIComponent('龙岗')}`, foreign: () => true },
  { as: 'tongliang', does: 'searches regions by the 大足区 code', url: () => '/api/v1/regions?q=500111', foreign: () => true },
  { as: 'tongliang', does: 'lists accounts', url: () => '/api/v1/accounts?pageSize=200', foreign: outsideRegion('regionId'), mustContain: (i) => i.acc.tongliang! },
  { as: 'tongliang', does: 'lists API tokens', url: () => '/api/v1/api-tokens', foreign: outsideRegion('regionId'), mustContain: (i) => i.tlToken },
  { as: 'tongliang', does: 'reads the audit log', url: () => '/api/v1/audit?pageSize=200', foreign: (item, _i, scope) => !scope.has(String(item.regionId)) },
  { as: 'tongliang', does: 'reads the audit trail of 大足区', url: (i) => `/api/v1/audit?entityId=${i.dazu}`, foreign: () => true },
  { as: 'zhuanban', does: 'lists the children of 铜梁区', url: (i) => `/api/v1/regions?parentId=${i.tongliang}`, foreign: () => true },
  { as: 'zhuanban', does: 'searches regions for 巴川', url: () => `/api/v1/regions?q=${encodeURIComponent('巴川')}`, foreign: () => true },
  { as: 'zhuanban', does: 'lists accounts', url: () => '/api/v1/accounts?pageSize=200', foreign: outsideRegion('regionId'), mustContain: (i) => i.acc.longgang! },
  { as: 'zhuanban', does: 'lists API tokens', url: () => '/api/v1/api-tokens', foreign: outsideRegion('regionId'), mustContain: (i) => i.dzToken },
  { as: 'zhuanban', does: 'reads the audit log', url: () => '/api/v1/audit?pageSize=200', foreign: (item, _i, scope) => !scope.has(String(item.regionId)) },
  { as: 'zhuanban', does: 'reads the audit trail of 铜梁区', url: (i) => `/api/v1/audit?entityId=${i.tongliang}`, foreign: () => true },
  { as: 'longgang', does: 'lists accounts', url: () => '/api/v1/accounts?pageSize=200', foreign: outsideRegion('regionId'), mustContain: (i) => i.acc.wangge! },
  { as: 'longgang', does: 'lists child regions of 大足区', url: (i) => `/api/v1/regions?parentId=${i.dazu}`, foreign: outsideRegion('id') },
  { as: 'wangge', does: 'searches regions for 第二网格', url: () => `/api/v1/regions?q=${encodeURIComponent('第二网格')}`, foreign: () => true },
  { as: 'qiye', does: 'lists accounts', url: () => '/api/v1/accounts?pageSize=200', foreign: (item, i) => item.enterpriseId !== i.enterprise, mustContain: (i) => i.acc.songqi! },
  { as: 'qiye', does: 'lists API tokens', url: () => '/api/v1/api-tokens', foreign: (item, i) => item.enterpriseId !== i.enterprise, mustContain: (i) => i.entToken },
];

async function subtree(db: Db, regionId: string): Promise<Set<string>> {
  const [r] = await db.select({ path: regions.path }).from(regions).where(sql`${regions.id} = ${regionId}`);
  const rows = await db.select({ id: regions.id }).from(regions).where(like(regions.path, `${r!.path}%`));
  return new Set(rows.map((x) => x.id));
}

describeOnEachDatabase('R1.4 scope refusal for every role', (ctx) => {
  let ids: Ids;
  const clients = new Map<string, Client>();
  const as = async (username: string) => {
    let c = clients.get(username);
    if (!c) {
      c = await ctx().login(username);
      clients.set(username, c);
    }
    return c;
  };
  const send = (c: Client, method: Method, url: string, body?: unknown) => {
    switch (method) {
      case 'GET':
        return c.get(url);
      case 'DELETE':
        return c.delete(url);
      case 'POST':
        return c.post(url, body ?? {});
      case 'PATCH':
        return c.patch(url, body ?? {});
      case 'PUT':
        return c.put(url, body ?? {});
    }
  };

  beforeAll(async () => {
    const { db } = ctx();
    const demo = await demoIds(db);
    const admin = await as('admin');
    const zhuanban = await as('zhuanban');
    const tongliang = await as('tongliang');
    const qiye = await as('qiye');
    const ok = <T>(res: { status: number; body: T }, status = 201): T => {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body;
    };
    const tlDept = ok(await admin.post('/api/v1/departments', { regionId: demo.tongliang, key: 'gas_authority', name: '铜梁区住房城乡建委', isGasAuthority: true })) as { id: string };
    const cqDept = ok(await admin.post('/api/v1/departments', { regionId: demo.chongqing, key: 'emergency', name: '重庆市应急管理局' })) as { id: string };
    const tlRule = ok(
      await admin.post('/api/v1/matrix/rules', { regionId: demo.tongliang, category: '*', taskKind: '*', leadKey: 'gas_authority', cooperatingKeys: [] }),
    ) as { id: string };
    const dazuMatrix = ok(await zhuanban.get(`/api/v1/matrix?regionId=${demo.dazu}`), 200) as { rules: { id: string; category: string; taskKind: string }[] };
    const dazuRule = dazuMatrix.rules.find((r) => r.category === '*' && r.taskKind === '*')!.id;
    const tlToken = ok(await tongliang.post('/api/v1/api-tokens', { name: '铜梁网关', kind: 'device_gateway', regionId: demo.tongliang })) as { id: string };
    const dzToken = ok(await zhuanban.post('/api/v1/api-tokens', { name: '大足平台', kind: 'platform', regionId: demo.dazu })) as { id: string };
    const lgToken = ok(await zhuanban.post('/api/v1/api-tokens', { name: '龙岗网关', kind: 'device_gateway', regionId: demo.longgang })) as { id: string };
    const entToken = ok(await qiye.post('/api/v1/api-tokens', { name: '充装秤', kind: 'filling_station', regionId: demo.longgang })) as { id: string };
    const tlTown = ok(await tongliang.post('/api/v1/accounts', { username: unique('tl'), displayName: '巴川街道 干部', role: 'town_officer', regionId: demo.bachuan })) as {
      account: { id: string };
    };
    const otherEnterprise = await createEnterprise(db, demo.longgang, '龙岗另一燃气公司');
    const baodingVenue = await createVenue(db, demo.baoding, '宝顶镇 农家乐');
    const acc: Record<string, string> = { tlTown: tlTown.account.id };
    for (const u of ['admin', 'zhuanban', 'tongliang', 'longgang', 'wangge', 'qiye', 'songqi', 'canting', 'jingxin']) acc[u] = (await accountByUsername(db, u)).id;
    ids = {
      ...demo,
      acc,
      tlDept: tlDept.id,
      cqDept: cqDept.id,
      tlRule: tlRule.id,
      dazuRule,
      tlToken: tlToken.id,
      dzToken: dzToken.id,
      lgToken: lgToken.id,
      entToken: entToken.id,
      otherEnterprise: otherEnterprise.id,
      baodingVenue: baodingVenue.id,
    };
  });

  describe('refused requests change nothing', () => {
    for (const probe of PROBES) {
      it(`R1.4 ${probe.as}: ${probe.does} → ${probe.status}`, async () => {
        const c = await as(probe.as);
        const before = await fingerprint(ctx().db);
        const res = await send(c, probe.method, probe.url(ids), probe.body?.(ids));
        expect(res.status, JSON.stringify(res.body)).toBe(probe.status);
        expect(res.body.error.code).toBe(probe.status === 404 ? 'NOT_FOUND' : probe.status === 403 ? 'FORBIDDEN' : 'UNPROCESSABLE');
        expect(await fingerprint(ctx().db)).toEqual(before);
      });
    }
  });

  describe('lists hold nothing from outside the scope', () => {
    for (const probe of LIST_PROBES) {
      it(`R1.4 ${probe.as} ${probe.does}: nothing from outside`, async () => {
        const c = await as(probe.as);
        const me = await c.get('/api/v1/me');
        const scope = await subtree(ctx().db, me.body.region.id);
        const res = await c.get(probe.url(ids));
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const items = res.body.items as Record<string, unknown>[];
        expect(items.filter((x) => probe.foreign(x, ids, scope))).toEqual([]);
        if (probe.mustContain) expect(items.map((x) => x.id)).toContain(probe.mustContain(ids));
      });
    }
  });

  it('R1.4 the task force of 铜梁区 is refused a 大足区 rename, and the name stays', async () => {
    const c = await as('tongliang');
    const res = await c.patch(`/api/v1/regions/${ids.longgang}`, { name: '铜梁改的名' });
    expect(res.status).toBe(404);
    const zhuanban = await as('zhuanban');
    expect((await zhuanban.get(`/api/v1/regions/${ids.longgang}`)).body.name).toBe('龙岗街道');
  });

  it('R1.4 an enterprise token is bound to its enterprise: its region list is the enterprise region only', async () => {
    const qiye = await as('qiye');
    const created = await qiye.post('/api/v1/api-tokens', { name: '送气终端', kind: 'filling_station', regionId: ids.longgang, enterpriseId: ids.otherEnterprise });
    expect(created.status).toBe(201);
    // The enterprise admin cannot bind a token to another enterprise: the server binds it to its own.
    expect(created.body.enterpriseId).toBe(ids.enterprise);
    const bearer = ctx().anonymous();
    const me = await bearer.get('/api/v1/me', { authorization: `Bearer ${created.body.token}` });
    expect(me.body).toMatchObject({ kind: 'token', enterpriseId: ids.enterprise, regionId: ids.longgang });
    const outside = await bearer.get(`/api/v1/regions/${ids.tangxiang}`, { authorization: `Bearer ${created.body.token}` });
    expect(outside.status).toBe(404);
  });
});

/** Accounts without admin capabilities: every admin write (with a valid body) is 403. */
const NO_ADMIN_ROLES = ['wangge', 'jingxin', 'shichang', 'canting', 'chongzhuang', 'songqi'];

interface AdminCall {
  method: Method;
  /** Route as the OpenAPI document writes it. */
  route: string;
  url: (i: Ids2) => string;
  body?: (i: Ids2) => unknown;
}

interface Ids2 extends DemoIds {
  dazuRule: string;
  wangge: string;
  anyToken: string;
}

/** Every foundation route that needs an admin capability, with a body that would otherwise be valid. */
const ADMIN_CALLS: AdminCall[] = [
  { method: 'POST', route: '/api/v1/regions', url: () => '/api/v1/regions', body: (i) => ({ parentId: i.wuxing, level: 'grid', code: '50011100100177', name: '新网格' }) },
  { method: 'PATCH', route: '/api/v1/regions/{id}', url: (i) => `/api/v1/regions/${i.grid1}`, body: () => rename },
  { method: 'DELETE', route: '/api/v1/regions/{id}', url: (i) => `/api/v1/regions/${i.grid2}` },
  { method: 'POST', route: '/api/v1/regions/{id}/move', url: (i) => `/api/v1/regions/${i.grid2}/move`, body: (i) => ({ parentId: i.beishan }) },
  { method: 'POST', route: '/api/v1/regions/{id}/retire', url: (i) => `/api/v1/regions/${i.grid2}/retire` },
  { method: 'POST', route: '/api/v1/regions/{id}/restore', url: (i) => `/api/v1/regions/${i.grid2}/restore` },
  { method: 'POST', route: '/api/v1/departments', url: () => '/api/v1/departments', body: (i) => ({ regionId: i.grid1, key: 'health', name: '卫健' }) },
  { method: 'PATCH', route: '/api/v1/departments/{id}', url: (i) => `/api/v1/departments/${i.gasAuthority}`, body: () => rename },
  { method: 'POST', route: '/api/v1/matrix/apply-preset', url: () => '/api/v1/matrix/apply-preset', body: (i) => ({ regionId: i.grid1, presetKey: 'nanchang' }) },
  {
    method: 'POST',
    route: '/api/v1/matrix/rules',
    url: () => '/api/v1/matrix/rules',
    body: (i) => ({ regionId: i.grid1, category: 'problem_gas', taskKind: 'household', leadKey: 'gas_authority', cooperatingKeys: [] }),
  },
  { method: 'PATCH', route: '/api/v1/matrix/rules/{id}', url: (i) => `/api/v1/matrix/rules/${i.dazuRule}`, body: () => ({ leadKey: 'fire' }) },
  { method: 'DELETE', route: '/api/v1/matrix/rules/{id}', url: (i) => `/api/v1/matrix/rules/${i.dazuRule}` },
  { method: 'GET', route: '/api/v1/accounts', url: () => '/api/v1/accounts' },
  { method: 'GET', route: '/api/v1/accounts/{id}', url: (i) => `/api/v1/accounts/${i.wangge}` },
  { method: 'POST', route: '/api/v1/accounts', url: () => '/api/v1/accounts', body: (i) => ({ username: unique('x'), displayName: 'x', role: 'grid_worker', regionId: i.grid1 }) },
  { method: 'PATCH', route: '/api/v1/accounts/{id}', url: (i) => `/api/v1/accounts/${i.wangge}`, body: () => ({ displayName: '越权' }) },
  { method: 'POST', route: '/api/v1/accounts/{id}/reset-password', url: (i) => `/api/v1/accounts/${i.wangge}/reset-password` },
  { method: 'POST', route: '/api/v1/accounts/{id}/reset-totp', url: (i) => `/api/v1/accounts/${i.wangge}/reset-totp` },
  { method: 'GET', route: '/api/v1/api-tokens', url: () => '/api/v1/api-tokens' },
  { method: 'POST', route: '/api/v1/api-tokens', url: () => '/api/v1/api-tokens', body: (i) => ({ name: 'x', kind: 'platform', regionId: i.grid1 }) },
  { method: 'POST', route: '/api/v1/api-tokens/{id}/revoke', url: (i) => `/api/v1/api-tokens/${i.anyToken}/revoke` },
  { method: 'GET', route: '/api/v1/audit', url: () => '/api/v1/audit' },
  { method: 'POST', route: '/api/v1/audit/verify', url: () => '/api/v1/audit/verify' },
];

/** Routes anyone logged in may call: their own session, password and language, and reference reads. */
const SELF_SERVICE = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/change-password',
  'GET /api/v1/me',
  'PUT /api/v1/me/locale',
  'POST /api/v1/me/totp/setup',
  'POST /api/v1/me/totp/enable',
  'GET /api/v1/regions',
  'GET /api/v1/regions/{id}',
  'GET /api/v1/departments',
  'GET /api/v1/matrix',
  'GET /api/v1/matrix/presets',
  'GET /api/v1/matrix/route',
]);

const FOUNDATION = /^\/api\/v1\/(auth|me|regions|departments|matrix|accounts|api-tokens|audit)(\/|$)/;

function apiOperations(ctx: TestContext): { method: string; route: string }[] {
  const doc = ctx.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([route, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), route })));
}

describeOnEachDatabase('R1.4 capabilities are checked on the server', (ctx) => {
  let ids: Ids2;
  beforeAll(async () => {
    const { db } = ctx();
    const demo = await demoIds(db);
    const zhuanban = await ctx().login('zhuanban');
    const matrix = await zhuanban.get(`/api/v1/matrix?regionId=${demo.dazu}`);
    const token = await zhuanban.post('/api/v1/api-tokens', { name: '网关', kind: 'device_gateway', regionId: demo.grid1 });
    ids = {
      ...demo,
      dazuRule: (matrix.body.rules as { id: string }[])[0]!.id,
      wangge: (await accountByUsername(db, 'wangge')).id,
      anyToken: token.body.id,
    };
  });

  it('the table below covers every foundation route that is not self-service', () => {
    const covered = new Set(ADMIN_CALLS.map((c) => `${c.method} ${c.route}`));
    const missing = apiOperations(ctx())
      .filter((op) => FOUNDATION.test(op.route))
      .map((op) => `${op.method} ${op.route}`)
      .filter((k) => !covered.has(k) && !SELF_SERVICE.has(k));
    expect(missing).toEqual([]);
  });

  for (const username of NO_ADMIN_ROLES) {
    it(`R1.4 ${username} gets 403 on every admin route and nothing changes`, async () => {
      const c = await ctx().login(username);
      const before = await fingerprint(ctx().db);
      const results: string[] = [];
      for (const call of ADMIN_CALLS) {
        const url = call.url(ids);
        const body = call.body?.(ids);
        const res =
          call.method === 'GET' ? await c.get(url) : call.method === 'DELETE' ? await c.delete(url) : call.method === 'PATCH' ? await c.patch(url, body) : await c.post(url, body ?? {});
        results.push(`${call.method} ${call.route} → ${res.status} ${res.body?.error?.code ?? ''}`);
      }
      expect(results).toEqual(ADMIN_CALLS.map((call) => `${call.method} ${call.route} → 403 FORBIDDEN`));
      expect(await fingerprint(ctx().db)).toEqual(before);
    });
  }

  it('R1.4 an API token (machine client) gets 403 on every admin route', async () => {
    const zhuanban = await ctx().login('zhuanban');
    const token = await zhuanban.post('/api/v1/api-tokens', { name: '机器', kind: 'platform', regionId: ids.dazu });
    const c = ctx().anonymous();
    const h = { authorization: `Bearer ${token.body.token}` };
    const before = await fingerprint(ctx().db);
    const results: string[] = [];
    for (const call of ADMIN_CALLS) {
      const url = call.url(ids);
      const body = call.body?.(ids);
      const res =
        call.method === 'GET' ? await c.get(url, h) : call.method === 'DELETE' ? await c.delete(url, h) : call.method === 'PATCH' ? await c.patch(url, body, h) : await c.post(url, body ?? {}, h);
      results.push(`${call.method} ${call.route} → ${res.status}`);
    }
    expect(results).toEqual(ADMIN_CALLS.map((call) => `${call.method} ${call.route} → 403`));
    // Using the token stamps last_used_at; nothing else may change.
    const after = await fingerprint(ctx().db);
    expect({ ...after, api_tokens: '' }).toEqual({ ...before, api_tokens: '' });
  });

  it('R1.4 anonymous callers get 401 on every /api/v1 route except login, logout and the public pages, whatever the body', async () => {
    const c = ctx().anonymous();
    const someId = '00000000-0000-4000-8000-000000000000';
    const ops = apiOperations(ctx()).filter((op) => op.route.startsWith('/api/v1/'));
    expect(ops.length).toBeGreaterThan(20);
    const before = await fingerprint(ctx().db);
    const results: string[] = [];
    for (const op of ops) {
      const url = op.route.replace(/\{[^}]+\}/g, someId);
      // An empty body: authentication is decided before validation, so no schema details leak.
      const res =
        op.method === 'GET'
          ? await c.get(url)
          : op.method === 'DELETE'
            ? await c.delete(url)
            : op.method === 'PATCH'
              ? await c.patch(url, {})
              : op.method === 'PUT'
                ? await c.put(url, {})
                : await c.post(url, {});
      // The public pages (R2.8, R8) answer without login, whatever they answer.
      const isPublic = op.route.startsWith('/api/v1/public/');
      results.push(`${op.method} ${op.route} → ${isPublic && res.status !== 401 && res.status < 500 ? 'public' : res.status}`);
    }
    const expected = ops.map((op) => {
      const key = `${op.method} ${op.route}`;
      // Login validates the credentials it is given (400 for an empty body); logout without a
      // session only clears cookies (200); /api/v1/public/ holds the public pages (R2.8, R8).
      const status = key === 'POST /api/v1/auth/login' ? 400 : key === 'POST /api/v1/auth/logout' ? 200 : op.route.startsWith('/api/v1/public/') ? 'public' : 401;
      return `${key} → ${status}`;
    });
    expect(results).toEqual(expected);
    expect(await fingerprint(ctx().db)).toEqual(before);
  });

  it('R1.4 a 401 names the problem in the caller\'s language', async () => {
    const c = ctx().anonymous();
    const zh = await c.get('/api/v1/regions');
    expect(zh.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
    const en = await c.get('/api/v1/regions', { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('Please log in');
  });
});
