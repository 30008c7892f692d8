import { recordAuditBatch, SYSTEM_ACTOR } from '../audit/audit.js';
import type { Executor } from '../db/db.js';

/** A progress report to remind its unit of: due soon, or late (R5.2). */
export interface ReminderItem {
  reportId: string;
  campaignId: string;
  campaignName: string;
  unitType: 'region' | 'department';
  unitId: string;
  unitName: string;
  regionId: string;
  dueDate: string;
  late: boolean;
}

/**
 * Where reminders go. HOOK: the notifications module (src/notifications/, in progress by another
 * engineer) should take these — bell notifications to the unit's accounts (town officers of the
 * town; officers of the department) and its group robot — once it has an event kind for them
 * (e.g. `campaign.report_due` / `campaign.report_late`). Until then the default sink writes an
 * audit entry per reminder, so reminders are recorded and visible in the audit log.
 */
export interface ReminderSink {
  remind(tx: Executor, items: ReminderItem[]): Promise<void>;
}

export const auditReminderSink: ReminderSink = {
  async remind(tx, items) {
    await recordAuditBatch(
      tx,
      SYSTEM_ACTOR,
      items.map((i) => ({
        action: i.late ? 'progress_report.remind_late' : 'progress_report.remind_due',
        entityType: 'progress_report',
        entityId: i.reportId,
        regionId: i.regionId,
        after: { campaign: i.campaignName, unit: i.unitName, dueDate: i.dueDate, late: i.late },
      })),
    );
  },
};
