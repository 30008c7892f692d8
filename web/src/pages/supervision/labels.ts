/** Labels of the supervision vocabularies, which the server keeps as plain keys. */
import type { RecordKind, TaskStatus, UnitType } from '../../../../src/supervision/supervision.rules.js';
import type { Label } from '../../i18n/labels.js';

export { RECORD_KINDS, TASK_STATUSES, UNIT_TYPES } from '../../../../src/supervision/supervision.rules.js';
export { ROBOT_FORMATS, ROBOT_KINDS } from '../../../../src/notifications/webhooks.rules.js';

export const TASK_STATUS_LABELS: Record<TaskStatus, Label> = {
  open: { zh: '办理中', en: 'In progress' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  done: { zh: '已办结', en: 'Done' },
};

export const TASK_STATUS_COLORS: Record<TaskStatus, string> = { open: 'blue', overdue: 'red', done: 'green' };

export const UNIT_TYPE_LABELS: Record<UnitType, Label> = {
  department: { zh: '部门', en: 'Department' },
  town: { zh: '镇街', en: 'Town/street' },
  enterprise: { zh: '企业', en: 'Enterprise' },
};

export const RECORD_KIND_LABELS: Record<RecordKind, Label> = {
  warning_letter: { zh: '警示建议函', en: 'Warning letter' },
  interview: { zh: '约谈', en: 'Interview' },
};

/** The URL segment of each record kind (the API's and the web app's). */
export const RECORD_PATHS: Record<RecordKind, 'warning-letters' | 'interviews'> = { warning_letter: 'warning-letters', interview: 'interviews' };

export const URGE_MODE_LABELS: Record<string, Label> = {
  auto: { zh: '系统自动督办', en: 'Automatic' },
  manual: { zh: '人工督办', en: 'By hand' },
};

export const ROBOT_KIND_LABELS: Record<string, Label> = {
  wecom: { zh: '企业微信', en: 'WeCom' },
  dingtalk: { zh: '钉钉', en: 'DingTalk' },
};

export const OUTBOX_STATUS_LABELS: Record<string, Label> = {
  pending: { zh: '待发送', en: 'Pending' },
  delivered: { zh: '已送达', en: 'Delivered' },
  failed: { zh: '发送失败', en: 'Failed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const OUTBOX_STATUS_COLORS: Record<string, string> = { pending: 'gold', delivered: 'green', failed: 'red', cancelled: 'default' };
