/**
 * Labels of the server's vocabularies. Roles, hazard categories and region levels come from the
 * server's own files; task kinds, department keys and the rest are only commented there, so their
 * labels live here until the server exports them (reported to the backend).
 */
import type { Capability, StaffKind } from '../../../src/accounts/roles.js';
import type { DepartmentKey, TaskKind } from '../../../src/departments/taxonomy.js';
import type { TokenKind } from '../types.js';

export interface Label {
  zh: string;
  en: string;
}

export { ROLE_LABELS } from '../../../src/accounts/roles.js';
export { HAZARD_CATEGORY_LABELS } from '../../../src/departments/taxonomy.js';
export { REGION_LEVEL_LABELS } from '../../../src/regions/regions.rules.js';

export const TASK_KIND_LABELS: Record<TaskKind, Label> = {
  gas_enterprise: { zh: '燃气经营企业', en: 'Gas operators' },
  filling: { zh: '气瓶充装', en: 'Cylinder filling' },
  cylinder_product: { zh: '气瓶及燃气具产品质量', en: 'Cylinder and appliance quality' },
  pipeline: { zh: '燃气管道设施', en: 'Pipeline facilities' },
  transport: { zh: '燃气运输', en: 'Gas transport' },
  catering: { zh: '餐饮等用气场所', en: 'Restaurants and other gas users' },
  crowded_venue: { zh: '人员密集场所', en: 'Crowded venues' },
  household: { zh: '居民用户', en: 'Households' },
  industrial_fuel: { zh: '工业燃料', en: 'Industrial fuel' },
  illegal_gas: { zh: '打击非法经营', en: 'Illegal gas trade' },
  fire_safety: { zh: '消防安全', en: 'Fire safety' },
  monitoring: { zh: '监测预警', en: 'Monitoring and early warning' },
  renovation: { zh: '更新改造', en: 'Renovation' },
  publicity: { zh: '宣传培训', en: 'Publicity and training' },
};

export const DEPARTMENT_KEY_LABELS: Record<DepartmentKey, Label> = {
  gas_authority: { zh: '燃气主管部门', en: 'Gas authority' },
  housing: { zh: '住房城乡建设', en: 'Housing and construction' },
  urban_management: { zh: '城市管理/综合执法', en: 'Urban management' },
  market_supervision: { zh: '市场监管', en: 'Market supervision' },
  commerce: { zh: '商务', en: 'Commerce' },
  emergency: { zh: '应急管理', en: 'Emergency management' },
  public_security: { zh: '公安', en: 'Public security' },
  transport: { zh: '交通运输', en: 'Transport' },
  fire: { zh: '消防救援', en: 'Fire and rescue' },
  education: { zh: '教育', en: 'Education' },
  civil_affairs: { zh: '民政', en: 'Civil affairs' },
  health: { zh: '卫生健康', en: 'Health' },
  culture_tourism: { zh: '文化旅游', en: 'Culture and tourism' },
  planning: { zh: '规划自然资源', en: 'Planning and natural resources' },
  development_reform: { zh: '发展改革', en: 'Development and reform' },
  finance: { zh: '财政', en: 'Finance' },
  justice: { zh: '司法', en: 'Justice' },
  ethnic_religious: { zh: '民族宗教', en: 'Ethnic and religious affairs' },
  government_affairs: { zh: '机关事务', en: 'Government affairs' },
  taxation: { zh: '税务', en: 'Taxation' },
  communications: { zh: '通信管理/网信', en: 'Communications' },
  publicity: { zh: '宣传', en: 'Publicity' },
  human_resources: { zh: '人力社保', en: 'Human resources' },
  economy_informatization: { zh: '经济和信息化', en: 'Economy and informatization' },
  safety_committee: { zh: '安委办/专班', en: 'Safety committee / task force' },
};

export const STAFF_KIND_LABELS: Record<StaffKind, Label> = {
  filling_operator: { zh: '充装工', en: 'Filling operator' },
  delivery_worker: { zh: '送气工', en: 'Delivery worker' },
  safety_manager: { zh: '安全管理员', en: 'Safety manager' },
  inspector: { zh: '安检员', en: 'Inspector' },
  other: { zh: '其他', en: 'Other' },
};

export const CAPABILITY_LABELS: Record<Capability, Label> = {
  'region.manage': { zh: '管理区域', en: 'Manage regions' },
  'department.manage': { zh: '管理部门', en: 'Manage departments' },
  'matrix.manage': { zh: '管理职责矩阵', en: 'Manage the matrix' },
  'account.manage': { zh: '管理账号', en: 'Manage accounts' },
  'token.manage': { zh: '管理 API 令牌', en: 'Manage API tokens' },
  'audit.read': { zh: '查看审计日志', en: 'Read the audit log' },
  'session.manage': { zh: '管理会话', en: 'Manage sessions' },
};

export const TOKEN_KIND_LABELS: Record<TokenKind, Label> = {
  filling_station: { zh: '充装站', en: 'Filling station' },
  device_gateway: { zh: '设备网关', en: 'Device gateway' },
  platform: { zh: '对接平台', en: 'Partner platform' },
};

/** Audit actions the server writes (grep `action:` in src/). Unknown ones show their code. */
export const AUDIT_ACTION_LABELS: Record<string, Label> = {
  'platform.init': { zh: '平台初始化', en: 'Platform initialised' },
  'demo.seed': { zh: '写入演示数据', en: 'Demo data seeded' },
  'auth.login': { zh: '登录', en: 'Login' },
  'auth.login.failed': { zh: '登录失败', en: 'Failed login' },
  'auth.login.locked': { zh: '登录失败并锁定', en: 'Failed login, locked' },
  'auth.login.refused': { zh: '拒绝登录', en: 'Login refused' },
  'auth.logout': { zh: '退出登录', en: 'Logout' },
  'account.create': { zh: '新建账号', en: 'Account created' },
  'account.update': { zh: '修改账号', en: 'Account changed' },
  'account.password.change': { zh: '修改密码', en: 'Password changed' },
  'account.password.reset': { zh: '重置密码', en: 'Password reset' },
  'account.totp.enable': { zh: '绑定身份验证器', en: 'Authenticator set up' },
  'account.totp.reset': { zh: '解绑身份验证器', en: 'Authenticator cleared' },
  'api_token.create': { zh: '创建 API 令牌', en: 'API token created' },
  'api_token.revoke': { zh: '吊销 API 令牌', en: 'API token revoked' },
  'region.create': { zh: '新建区域', en: 'Region created' },
  'region.update': { zh: '修改区域', en: 'Region changed' },
  'region.move': { zh: '移动区域', en: 'Region moved' },
  'region.retire': { zh: '停用区域', en: 'Region retired' },
  'region.restore': { zh: '恢复区域', en: 'Region restored' },
  'region.delete': { zh: '删除区域', en: 'Region deleted' },
  'department.create': { zh: '新建部门', en: 'Department created' },
  'department.update': { zh: '修改部门', en: 'Department changed' },
  'matrix.apply_preset': { zh: '应用职责预设', en: 'Matrix preset applied' },
  'matrix.rule.create': { zh: '新增职责规则', en: 'Rule added' },
  'matrix.rule.update': { zh: '修改职责规则', en: 'Rule changed' },
  'matrix.rule.delete': { zh: '删除职责规则', en: 'Rule deleted' },
  // Hazard ledger and supervision (web/src/pages/hazards, web/src/pages/supervision)
  'hazard.create': { zh: '登记隐患', en: 'Hazard reported' },
  'hazard.assign': { zh: '交办隐患', en: 'Hazard assigned' },
  'hazard.start': { zh: '开始整改', en: 'Rectification started' },
  'hazard.request_review': { zh: '申请复核', en: 'Review requested' },
  'hazard.reject': { zh: '复核驳回', en: 'Review rejected' },
  'hazard.close': { zh: '复核销号', en: 'Hazard closed' },
  'hazard.void': { zh: '作废隐患', en: 'Hazard voided' },
  'notice.issue': { zh: '下达整改通知书', en: 'Notice issued' },
  'enforcement.stop_use': { zh: '责令停止使用', en: 'Order to stop use' },
  'enforcement.seizure': { zh: '查封扣押', en: 'Seizure' },
  'enforcement.fine': { zh: '罚款', en: 'Fine' },
  'enforcement.licence_revocation': { zh: '吊销许可证', en: 'Licence revoked' },
  'enforcement.referral_market': { zh: '移送市场监管溯源', en: 'Referred to market supervision' },
  'enforcement.referral_police': { zh: '移送公安', en: 'Referred to police' },
  'enforcement.supply_suspension': { zh: '暂停供气', en: 'Supply suspended' },
  'enforcement.supply_restoration': { zh: '恢复供气', en: 'Supply restored' },
  'supply.suspend': { zh: '暂停供气', en: 'Supply suspended' },
  'supply.restore': { zh: '恢复供气', en: 'Supply restored' },
  'lookback.create': { zh: '发起回头看', en: 'Look-back drawn' },
  'lookback.confirmed': { zh: '回头看复查合格', en: 'Look-back passed' },
  'lookback.rebound': { zh: '回头看发现反弹', en: 'Look-back rebound' },
  'webhook.create': { zh: '添加消息机器人', en: 'Robot added' },
  'webhook.update': { zh: '修改消息机器人', en: 'Robot changed' },
  'webhook.delete': { zh: '删除消息机器人', en: 'Robot removed' },
  'webhook.test': { zh: '机器人测试消息', en: 'Robot test message' },
  'supervision.task.issue': { zh: '交办任务', en: 'Task issued' },
  'supervision.task.reply': { zh: '任务办理反馈', en: 'Task replied' },
  'supervision.task.urge': { zh: '督办任务', en: 'Task supervised' },
  'supervision.warning_letter.create': { zh: '登记警示建议函', en: 'Warning letter recorded' },
  'supervision.interview.create': { zh: '登记约谈', en: 'Interview recorded' },
};

export const ENTITY_TYPE_LABELS: Record<string, Label> = {
  account: { zh: '账号', en: 'Account' },
  region: { zh: '区域', en: 'Region' },
  department: { zh: '部门', en: 'Department' },
  matrix: { zh: '职责矩阵', en: 'Matrix' },
  responsibility_rule: { zh: '职责规则', en: 'Responsibility rule' },
  api_token: { zh: 'API 令牌', en: 'API token' },
  hazard: { zh: '隐患', en: 'Hazard' },
  notice: { zh: '整改通知书', en: 'Notice' },
  enforcement_action: { zh: '执法措施', en: 'Enforcement step' },
  supply_suspension: { zh: '暂停供气', en: 'Supply suspension' },
  lookback_batch: { zh: '回头看批次', en: 'Look-back batch' },
  lookback_item: { zh: '回头看复查项', en: 'Look-back item' },
  webhook_endpoint: { zh: '消息机器人', en: 'Group robot' },
  supervision_task: { zh: '交办任务', en: 'Dispatched task' },
  supervision_record: { zh: '警示建议函/约谈', en: 'Warning letter / interview' },
};
