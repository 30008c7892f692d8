/**
 * Labels of the hazard ledger's vocabularies. The server's own label tables are re-exported (one
 * source for the ledger, its exports and its PDFs); the notification kinds, which the server only
 * lists, are labelled here.
 */
import type { EventKind } from '../../../../src/notifications/events.js';
import type { Label } from '../../i18n/labels.js';

export { HAZARD_CATEGORY_LABELS } from '../../../../src/departments/taxonomy.js';
export { MEASURE_LABELS } from '../../../../src/checklists/checklist.types.js';
export { ENFORCEMENT_LABELS, ENFORCEMENT_KINDS } from '../../../../src/hazards/enforcement.rules.js';
export { ESCALATION_LABELS, EVENT_LABELS, SEVERITY_LABELS, SOURCE_LABELS, SUBJECT_TYPE_LABELS } from '../../../../src/hazards/hazard.labels.js';
export { HAZARD_ACTIONS, HAZARD_STATES, OPEN_STATES, STATE_LABELS } from '../../../../src/hazards/hazard.rules.js';
export { LOOKBACK_STATUS_LABELS } from '../../../../src/hazards/lookback.rules.js';
export { NOTICE_KINDS, NOTICE_TITLES } from '../../../../src/hazards/notices.rules.js';
export { EVENT_KINDS } from '../../../../src/notifications/events.js';

/** What each notification kind (the bell, group robots) is about. */
export const EVENT_KIND_LABELS: Record<EventKind, Label> = {
  'hazard.major_reported': { zh: '发现重大隐患', en: 'Major hazard found' },
  'hazard.assigned': { zh: '隐患交办', en: 'Hazard assigned' },
  'hazard.deadline_approaching': { zh: '整改期限临近', en: 'Deadline approaching' },
  'hazard.escalated': { zh: '逾期督办', en: 'Overdue, escalated' },
  'hazard.review_requested': { zh: '申请复核', en: 'Review requested' },
  'hazard.rejected': { zh: '复核驳回', en: 'Review rejected' },
  'hazard.closed': { zh: '隐患销号', en: 'Hazard closed' },
  'supervision.task_issued': { zh: '新交办任务', en: 'Task issued' },
  'supervision.task_overdue': { zh: '交办任务逾期', en: 'Task overdue' },
  'supervision.task_replied': { zh: '交办任务反馈', en: 'Task replied' },
  'supervision.warning_letter': { zh: '警示建议函', en: 'Warning letter' },
  'supervision.interview': { zh: '约谈', en: 'Interview' },
  'alarm.raised': { zh: '监测报警', en: 'Alarm raised' },
  'campaign.report_due': { zh: '进度报送提醒', en: 'Progress report due' },
  'campaign.report_late': { zh: '进度报送逾期', en: 'Progress report late' },
};

/** Tag colours of the hazard states (待交办 … 已作废). */
export const STATE_COLORS: Record<string, string> = {
  reported: 'gold',
  assigned: 'cyan',
  rectifying: 'blue',
  awaiting_review: 'purple',
  closed: 'green',
  voided: 'default',
};
