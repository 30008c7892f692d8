/**
 * Messages in the user's language (zh-CN default, en). Server messages live here so errors,
 * exports and notices speak the same words; the web app has its own dictionary for the UI.
 */
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

type Dict = Record<string, string>;

const zh: Dict = {
  'error.validation': '提交的数据不正确',
  'error.unauthenticated': '请先登录',
  'error.badCredentials': '用户名或密码错误',
  'error.locked': '登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试',
  'error.disabled': '账号已停用',
  'error.sessionExpired': '会话已过期，请重新登录',
  'error.csrf': '请求缺少有效的安全令牌（CSRF），请刷新页面后重试',
  'error.forbidden': '无权执行此操作',
  'error.outOfScope': '该数据不在您的管辖范围内',
  'error.notFound': '{entity}不存在',
  'error.conflict': '数据冲突：{detail}',
  'error.rateLimited': '请求过于频繁，请稍后再试',
  'error.passwordChangeRequired': '首次登录请先修改初始密码',
  'error.internal': '服务器内部错误，请稍后再试',
  'error.regionInUse': '该区域仍被 {count} 条数据引用，不能删除，只能停用',
  'error.regionHasActiveChildren': '该区域下仍有未停用的下级区域',
  'error.regionMoveIntoSelf': '不能把区域移动到它自己或它的下级之下',
  'error.regionRetired': '区域已停用',
  'error.tokenRevoked': 'API 令牌已吊销或无效',
  'field.required': '必填',
  'field.invalidType': '类型不正确，应为{expected}',
  'field.tooShort': '长度不能少于 {minimum}',
  'field.tooLong': '长度不能超过 {maximum}',
  'field.tooSmall': '不能小于 {minimum}',
  'field.tooBig': '不能大于 {maximum}',
  'field.invalidFormat': '格式不正确',
  'field.invalidValue': '取值不在允许范围内',
  'field.unknownKeys': '包含不允许的字段：{keys}',
  'field.invalid': '取值不正确',
  'password.tooShort': '密码至少 {min} 位',
  'password.classes': '密码须包含大写字母、小写字母、数字、符号中的至少 3 类',
  'password.containsUsername': '密码不能包含用户名',
  'password.reused': '不能使用最近 {n} 次用过的密码',
  'password.wrongCurrent': '当前密码不正确',
  'region.code.province': '省级代码应为 6 位数字，后 4 位为 0000',
  'region.code.city': '市级代码应为 6 位数字，后 2 位为 00，且不是省级代码',
  'region.code.district': '区县级代码应为 6 位数字，后 2 位不为 00（开发区可用虚拟代码）',
  'region.code.prefix': '代码应以上级区域代码 {prefix} 开头',
  'region.code.town': '镇街统计代码应为 12 位数字：区县 6 位 + 乡镇 3 位（001–599）+ 000',
  'region.code.community': '社区/村统计代码应为 12 位数字：乡镇 9 位 + 村居 3 位（001–399）',
  'region.code.grid': '网格编码应为上级社区代码后加 1–6 位数字',
  'region.level.parent': '{level} 不能直接设在 {parentLevel} 之下',
  'region.code.duplicate': '区域代码 {code} 已被使用',
  'entity.region': '区域',
  'entity.department': '部门',
  'entity.account': '账号',
  'entity.apiToken': 'API 令牌',
  'entity.rule': '职责规则',
  'entity.preset': '职责预设',
  'entity.enterprise': '企业',
  'entity.venue': '用气场所',
  'account.username.taken': '用户名 {username} 已存在',
  'account.scope.required': '该角色需要指定 {what}',
  'account.scope.outside': '{what}不在您的管辖范围内',
  'account.role.notAllowed': '您不能创建或修改该角色的账号',
  'department.key.duplicate': '该区域已有职能键为 {key} 的部门',
  'matrix.rule.duplicate': '该区域已有“{category} / {taskKind}”的职责规则',
  'matrix.department.missing': '本区域及上级区域没有职能键为 {key} 的部门',
};

const en: Dict = {
  'error.validation': 'The submitted data is not valid',
  'error.unauthenticated': 'Please log in',
  'error.badCredentials': 'Wrong username or password',
  'error.locked': 'Too many failed logins; the account is locked, try again in {minutes} minutes',
  'error.disabled': 'The account is disabled',
  'error.sessionExpired': 'Your session has expired, please log in again',
  'error.csrf': 'Missing or invalid security token (CSRF); reload the page and try again',
  'error.forbidden': 'You are not allowed to do this',
  'error.outOfScope': 'This record is outside your jurisdiction',
  'error.notFound': '{entity} not found',
  'error.conflict': 'Conflict: {detail}',
  'error.rateLimited': 'Too many requests, please try again later',
  'error.passwordChangeRequired': 'Please change your initial password first',
  'error.internal': 'Internal server error, please try again later',
  'error.regionInUse': 'The region is still referenced by {count} records; it can be retired, not deleted',
  'error.regionHasActiveChildren': 'The region still has active sub-regions',
  'error.regionMoveIntoSelf': 'A region cannot be moved under itself or one of its sub-regions',
  'error.regionRetired': 'The region is retired',
  'error.tokenRevoked': 'The API token is revoked or invalid',
  'field.required': 'Required',
  'field.invalidType': 'Wrong type, expected {expected}',
  'field.tooShort': 'Must be at least {minimum} characters',
  'field.tooLong': 'Must be at most {maximum} characters',
  'field.tooSmall': 'Must be at least {minimum}',
  'field.tooBig': 'Must be at most {maximum}',
  'field.invalidFormat': 'Invalid format',
  'field.invalidValue': 'Value not allowed',
  'field.unknownKeys': 'Fields not allowed: {keys}',
  'field.invalid': 'Invalid value',
  'password.tooShort': 'Password must have at least {min} characters',
  'password.classes': 'Password must contain at least 3 of: upper case, lower case, digits, symbols',
  'password.containsUsername': 'Password must not contain the username',
  'password.reused': 'Password must differ from the last {n} passwords',
  'password.wrongCurrent': 'Current password is wrong',
  'region.code.province': 'A province code has 6 digits ending in 0000',
  'region.code.city': 'A city code has 6 digits ending in 00 and is not a province code',
  'region.code.district': 'A district code has 6 digits not ending in 00 (development zones may use virtual codes)',
  'region.code.prefix': 'The code must start with the parent code {prefix}',
  'region.code.town': 'A town/street code has 12 digits: county (6) + township 001–599 (3) + 000',
  'region.code.community': 'A community/village code has 12 digits: township (9) + village 001–399 (3)',
  'region.code.grid': 'A grid code is the community code followed by 1–6 digits',
  'region.level.parent': 'A {level} cannot sit directly under a {parentLevel}',
  'region.code.duplicate': 'Region code {code} is already in use',
  'entity.region': 'Region',
  'entity.department': 'Department',
  'entity.account': 'Account',
  'entity.apiToken': 'API token',
  'entity.rule': 'Responsibility rule',
  'entity.preset': 'Responsibility preset',
  'entity.enterprise': 'Enterprise',
  'entity.venue': 'Venue',
  'account.username.taken': 'Username {username} is taken',
  'account.scope.required': 'This role needs {what}',
  'account.scope.outside': '{what} is outside your jurisdiction',
  'account.role.notAllowed': 'You may not create or change accounts of this role',
  'department.key.duplicate': 'The region already has a department with key {key}',
  'matrix.rule.duplicate': 'The region already has a rule for "{category} / {taskKind}"',
  'matrix.department.missing': 'No department with key {key} in this region or above',
};

const dicts: Record<Locale, Dict> = { 'zh-CN': zh, en };

/** Translate a message key; unknown keys pass through so free text still shows. */
export function t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = dicts[locale][key] ?? dicts['zh-CN'][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    params[name] === undefined ? `{${name}}` : String(params[name]),
  );
}

export function hasMessage(key: string): boolean {
  return key in zh;
}

/** Pick the locale from an explicit choice, else Accept-Language, else Chinese. */
export function pickLocale(explicit: string | undefined, acceptLanguage: string | undefined): Locale {
  if (explicit === 'en' || explicit === 'zh-CN') return explicit;
  if (acceptLanguage) {
    const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
