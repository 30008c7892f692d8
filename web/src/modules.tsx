import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  DatabaseOutlined,
  FileExclamationOutlined,
  FileSearchOutlined,
  FundOutlined,
  OrderedListOutlined,
  AlertOutlined,
  ControlOutlined,
  SafetyOutlined,
  SlidersOutlined,
  HomeOutlined,
  WarningOutlined,
  FireOutlined,
  HistoryOutlined,
  FlagOutlined,
  KeyOutlined,
  PartitionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { GOVERNMENT_ROLES } from './auth.js';
import type { MsgKey } from './i18n/index.js';
import type { Me } from './types.js';

/** A page of the shell: where it lives, what it is called, and who may open it. */
export interface ModuleDef {
  key: string;
  path: string;
  icon: ReactNode;
  title: MsgKey;
  description?: MsgKey;
  /** What the module offers a role that may only read it. */
  readOnlyDescription?: MsgKey;
  /** False when the role may open the module but not change anything in it. */
  canManage?(me: Me): boolean;
  group: 'main' | 'basic' | 'system';
  visible(me: Me): boolean;
}

const has = (me: Me, capability: string) => (me.capabilities as readonly string[]).includes(capability);
const government = (me: Me) => GOVERNMENT_ROLES.includes(me.role);

export const MODULES: ModuleDef[] = [
  { key: 'home', path: '/', icon: <HomeOutlined />, title: 'menu.home', group: 'main', visible: () => true },
  { key: 'registry', path: '/registry', icon: <DatabaseOutlined />, title: 'menu.registry', description: 'module.registry', group: 'main', visible: () => true },
  { key: 'licenceWatch', path: '/licence-watch', icon: <FileExclamationOutlined />, title: 'menu.licenceWatch', description: 'module.licenceWatch', group: 'main', visible: (me) => government(me) || me.role === 'enterprise_admin' },
  // 排查检查 (R3.7–R3.9): the form on site, self-checks of venues and enterprises, coverage, the checklist library.
  { key: 'inspections', path: '/inspections', icon: <FileSearchOutlined />, title: 'menu.inspections', description: 'module.inspections', group: 'main', visible: (me) => government(me) || ['venue_user', 'enterprise_admin', 'enterprise_staff'].includes(me.role) },
  { key: 'coverage', path: '/coverage', icon: <FundOutlined />, title: 'menu.coverage', description: 'module.coverage', group: 'main', visible: (me) => government(me) },
  { key: 'checklists', path: '/checklists', icon: <OrderedListOutlined />, title: 'menu.checklists', description: 'module.checklists', readOnlyDescription: 'module.checklistsView', canManage: (me) => me.role === 'platform_admin' || me.role === 'task_force', group: 'main', visible: () => true },
  // 隐患台账 (R4), 重大隐患 (R4.8), 回头看 (R4.6), 调度督办 (R5.1): web/src/pages/hazards, web/src/pages/supervision.
  { key: 'hazards', path: '/hazards', icon: <WarningOutlined />, title: 'menu.hazards', description: 'module.hazards', group: 'main', visible: () => true },
  { key: 'majorHazards', path: '/major-hazards', icon: <FireOutlined />, title: 'menu.majorHazards', description: 'module.majorHazards', group: 'main', visible: (me) => government(me) },
  { key: 'lookbacks', path: '/lookbacks', icon: <HistoryOutlined />, title: 'menu.lookbacks', description: 'module.lookbacks', group: 'main', visible: (me) => government(me) },
  { key: 'supervision', path: '/supervision', icon: <FlagOutlined />, title: 'menu.supervision', description: 'module.supervision', group: 'main', visible: (me) => ['platform_admin', 'task_force', 'dept_officer', 'town_officer', 'enterprise_admin'].includes(me.role) },
  // 监测预警 (R7): live alarms for everyone in scope; devices and the programme for officials and gas companies; rules read by all, edited by the platform admin.
  { key: 'alarms', path: '/alarms', icon: <AlertOutlined />, title: 'menu.alarms', description: 'module.alarms', group: 'main', visible: () => true },
  { key: 'devices', path: '/devices', icon: <ControlOutlined />, title: 'menu.devices', description: 'module.devices', group: 'main', visible: (me) => government(me) || ['enterprise_admin', 'enterprise_staff', 'venue_user'].includes(me.role) },
  { key: 'programme', path: '/device-programme', icon: <SafetyOutlined />, title: 'menu.programme', description: 'module.programme', group: 'main', visible: (me) => government(me) || me.role === 'enterprise_admin' },
  { key: 'alarmRules', path: '/alarm-rules', icon: <SlidersOutlined />, title: 'menu.alarmRules', description: 'module.alarmRules', readOnlyDescription: 'module.alarmRulesView', canManage: (me) => me.role === 'platform_admin', group: 'basic', visible: () => true },
  { key: 'regions', path: '/regions', icon: <ApartmentOutlined />, title: 'menu.regions', description: 'module.regions', group: 'basic', visible: (me) => has(me, 'region.manage') },
  { key: 'departments', path: '/departments', icon: <BankOutlined />, title: 'menu.departments', description: 'module.departments', readOnlyDescription: 'module.departmentsView', canManage: (me) => has(me, 'department.manage'), group: 'basic', visible: (me) => has(me, 'department.manage') || government(me) },
  { key: 'matrix', path: '/matrix', icon: <PartitionOutlined />, title: 'menu.matrix', description: 'module.matrix', readOnlyDescription: 'module.matrixView', canManage: (me) => has(me, 'matrix.manage'), group: 'basic', visible: (me) => has(me, 'matrix.manage') || government(me) },
  { key: 'accounts', path: '/accounts', icon: <TeamOutlined />, title: 'menu.accounts', description: 'module.accounts', group: 'system', visible: (me) => has(me, 'account.manage') },
  { key: 'tokens', path: '/api-tokens', icon: <KeyOutlined />, title: 'menu.tokens', description: 'module.tokens', group: 'system', visible: (me) => has(me, 'token.manage') },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, title: 'menu.audit', description: 'module.audit', group: 'system', visible: (me) => has(me, 'audit.read') },
];

export function moduleByKey(key: string): ModuleDef {
  const m = MODULES.find((x) => x.key === key);
  if (!m) throw new Error(`unknown module ${key}`);
  return m;
}
