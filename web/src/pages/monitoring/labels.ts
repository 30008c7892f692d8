/**
 * Labels of the monitoring vocabularies (R7). Device types, conditions, severities, alarm states,
 * gas types and the installation programme's categories come from the server's own files (pure
 * data); the few the server keeps as plain keys (binding types, results, actions, online states)
 * live here.
 */
import type { AlarmAction, AlarmResult, AlarmState } from '../../../../src/monitoring/alarm.rules.js';
import type { BindingType, Severity } from '../../../../src/monitoring/devices.types.js';
import type { Label } from '../../i18n/labels.js';

export { ALARM_STATE_LABELS } from '../../../../src/monitoring/alarm.rules.js';
export { CONDITION_LABELS, DEVICE_TYPE_LABELS, DEVICE_TYPES, GAS_TYPE_LABELS, GAS_TYPES, SEVERITY_LABELS, SEVERITIES } from '../../../../src/monitoring/devices.types.js';
export { NEED_LABELS, PROGRAMME_CATEGORIES, PROGRAMME_CATEGORY_LABELS } from '../../../../src/monitoring/programme.rules.js';
export { HAZARD_CATEGORY_LABELS } from '../../i18n/labels.js';

export const BINDING_TYPE_LABELS: Record<BindingType, Label> = {
  venue: { zh: '用气场所', en: 'Venue' },
  household: { zh: '居民用户', en: 'Household' },
  facility: { zh: '燃气设施', en: 'Facility' },
};

export const ALARM_RESULT_LABELS: Record<AlarmResult, Label> = {
  real_leak: { zh: '真实泄漏', en: 'Real leak' },
  false_alarm: { zh: '误报', en: 'False alarm' },
  device_fault: { zh: '设备故障', en: 'Device fault' },
  recovered: { zh: '已自动恢复', en: 'Recovered' },
};

/** Timeline entries: the people's actions and the system's steps (alarm_events.action). */
export const EVENT_LABELS: Record<AlarmAction | 'raise' | 'notify' | 'resolve' | 'escalate', Label> = {
  raise: { zh: '报警', en: 'Raised' },
  notify: { zh: '已通知', en: 'Notified' },
  escalate: { zh: '升级', en: 'Escalated' },
  resolve: { zh: '自动恢复关闭', en: 'Closed as recovered' },
  acknowledge: { zh: '确认', en: 'Acknowledged' },
  dispatch: { zh: '派单', en: 'Dispatched' },
  arrive: { zh: '到场', en: 'Arrived on site' },
  handle: { zh: '处置反馈', en: 'Handled' },
  close: { zh: '关闭', en: 'Closed' },
};

export const ONLINE_LABELS: Record<'online' | 'offline' | 'unknown', Label> = {
  online: { zh: '在线', en: 'Online' },
  offline: { zh: '离线', en: 'Offline' },
  unknown: { zh: '未上报', en: 'Never reported' },
};

export const SEVERITY_COLORS: Record<Severity, string> = { critical: '#cf1322', major: '#fa8c16', minor: '#1677ff' };
export const SEVERITY_TAG: Record<Severity, string> = { critical: 'red', major: 'orange', minor: 'blue' };
export const SEVERITY_ORDER: Record<string, number> = { critical: 3, major: 2, minor: 1 };

export const STATE_TAG: Record<AlarmState, string> = {
  raised: 'red',
  notified: 'volcano',
  acknowledged: 'gold',
  dispatched: 'blue',
  on_site: 'geekblue',
  handled: 'cyan',
  closed: 'default',
};
