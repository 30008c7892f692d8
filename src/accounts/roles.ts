/**
 * Roles and what each may do. Pure data and functions: the server asks `can()` before every
 * write, and the UI gets the same list from /me to show only what is allowed.
 */
export const ROLES = [
  'platform_admin', // 平台管理员
  'task_force', // 工作专班 / 安委办
  'dept_officer', // 行业主管部门人员
  'town_officer', // 镇街人员
  'grid_worker', // 网格员
  'enterprise_admin', // 企业管理员
  'enterprise_staff', // 企业员工（充装工、送气工、安全员…）
  'venue_user', // 用气场所负责人（如餐馆老板）
] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_KINDS = ['filling_operator', 'delivery_worker', 'safety_manager', 'inspector', 'other'] as const;
export type StaffKind = (typeof STAFF_KINDS)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  platform_admin: { zh: '平台管理员', en: 'Platform admin' },
  task_force: { zh: '工作专班', en: 'Task-force office' },
  dept_officer: { zh: '部门人员', en: 'Department officer' },
  town_officer: { zh: '镇街人员', en: 'Town/street officer' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  enterprise_admin: { zh: '企业管理员', en: 'Enterprise admin' },
  enterprise_staff: { zh: '企业员工', en: 'Enterprise staff' },
  venue_user: { zh: '场所用户', en: 'Venue user' },
};

export const CAPABILITIES = [
  'region.manage',
  'department.manage',
  'matrix.manage',
  'account.manage',
  'token.manage',
  'audit.read',
  'session.manage',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  platform_admin: CAPABILITIES,
  task_force: ['region.manage', 'department.manage', 'matrix.manage', 'account.manage', 'token.manage', 'audit.read'],
  dept_officer: [],
  town_officer: ['account.manage'],
  grid_worker: [],
  enterprise_admin: ['account.manage', 'token.manage'],
  enterprise_staff: [],
  venue_user: [],
};

export function capabilitiesOf(role: Role): readonly Capability[] {
  return ROLE_CAPABILITIES[role];
}

export function roleCan(role: Role, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability);
}

/** Which roles an account manager may create or edit (always within their own scope). */
export function manageableRoles(role: Role): readonly Role[] {
  switch (role) {
    case 'platform_admin':
      return ROLES;
    case 'task_force':
      return ['task_force', 'dept_officer', 'town_officer', 'grid_worker', 'enterprise_admin', 'enterprise_staff', 'venue_user'];
    case 'town_officer':
      return ['grid_worker', 'venue_user'];
    case 'enterprise_admin':
      return ['enterprise_staff'];
    case 'dept_officer':
    case 'grid_worker':
    case 'enterprise_staff':
    case 'venue_user':
      return [];
  }
}

/** What an account of this role must be bound to, besides its home region. */
export function requiredBinding(role: Role): 'department' | 'enterprise' | 'venue' | null {
  switch (role) {
    case 'dept_officer':
      return 'department';
    case 'enterprise_admin':
    case 'enterprise_staff':
      return 'enterprise';
    case 'venue_user':
      return 'venue';
    case 'platform_admin':
    case 'task_force':
    case 'town_officer':
    case 'grid_worker':
      return null;
  }
}

/** Roles that must use two-factor login (等保 level 3 practice, see the trust issue). */
export function isPrivileged(role: Role): boolean {
  return role === 'platform_admin' || role === 'task_force';
}

/**
 * What a machine client (API token) may call: its own endpoints only, so a token kept on a scale
 * or a gateway in the field reads nothing else of its region. Every kind reads who it is and the
 * region tree (reference data) and the public pages; a device gateway posts telemetry; a filling-station token uses the
 * cylinder endpoints (fill checks, fillings, custody steps — the services decide the rest); a
 * partner platform (R7.6) reads (GET) what its region holds. `route` is the route pattern
 * (e.g. /api/v1/cylinders/:code). Pure, checked once per request in app.ts.
 */
export function tokenMayCall(kind: string | null, method: string, route: string): boolean {
  if (route.startsWith('/api/v1/public/')) return true;
  if (method === 'GET' && (route === '/api/v1/me' || route === '/api/v1/regions' || route.startsWith('/api/v1/regions/'))) return true;
  switch (kind) {
    case 'device_gateway':
      return method === 'POST' && route === '/api/v1/telemetry';
    case 'filling_station':
      return route.startsWith('/api/v1/cylinders/') || route === '/api/v1/cylinders';
    case 'platform':
      return method === 'GET';
    default:
      return false;
  }
}
