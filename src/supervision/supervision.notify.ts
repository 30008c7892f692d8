/**
 * Supervision events → notifications and robot messages, inside the caller's transaction.
 * Task titles and unit names are official text and may go to groups; descriptions, replies,
 * participants and summaries never do.
 */
import type { Executor } from '../db/db.js';
import type { supervisionRecords, supervisionTasks } from '../db/schema/index.js';
import { emit, type PlatformEvent } from '../notifications/emit.js';
import type { EventKind } from '../notifications/events.js';
import { renderMessage, robotMessage, type Params } from '../notifications/messages.js';
import { accountRecipients, unitRecipients, type Recipient } from '../notifications/recipients.repository.js';

type TaskRow = typeof supervisionTasks.$inferSelect;
type RecordRow = typeof supervisionRecords.$inferSelect;

export const taskLink = (id: string) => `/supervision/tasks/${id}`;
export const recordLink = (r: RecordRow) => `/supervision/${r.kind === 'warning_letter' ? 'warning-letters' : 'interviews'}/${r.id}`;

function event(kind: EventKind, key: string, entity: { type: string; id: string }, link: string, params: Params, recipients: Recipient[], actorId: string | null, regionId: string, departmentIds: string[]): PlatformEvent {
  return {
    key,
    kind,
    entity,
    link,
    regionId,
    departmentIds,
    recipients,
    actorId,
    inApp: (locale) => renderMessage(kind, params, locale),
    robot: robotMessage(kind, params, link),
  };
}

const targetUnit = (t: TaskRow) => (t.targetType === 'department' ? { type: 'department' as const, id: t.targetDepartmentId! } : { type: 'town' as const, id: t.targetRegionId });
const taskParams = (t: TaskRow, days = 0): Params => ({ title: t.title, issuer: t.issuerName, unit: t.targetName, deadline: t.deadline, days });
const taskDepartments = (t: TaskRow) => [t.targetDepartmentId, t.issuerDepartmentId].filter((x): x is string => x !== null);

/** A new task: its addressee's officers hear of it, and the robots of its region and departments. */
export async function announceTaskIssued(tx: Executor, t: TaskRow) {
  const recipients = await unitRecipients(tx, targetUnit(t));
  await emit(tx, [event('supervision.task_issued', `supervision_task:${t.id}:issued`, { type: 'supervision_task', id: t.id }, taskLink(t.id), taskParams(t), recipients, t.issuedBy, t.targetRegionId, taskDepartments(t))]);
}

/** 督办 of an overdue task (by the sweep or by hand): the addressee and the issuer hear of it. */
export async function announceTaskUrged(tx: Executor, t: TaskRow, urge: { id: string; daysOverdue: number; byId: string | null }) {
  const recipients = [...(await unitRecipients(tx, targetUnit(t))), ...(await accountRecipients(tx, [t.issuedBy]))];
  await emit(tx, [
    event('supervision.task_overdue', `supervision_urge:${urge.id}`, { type: 'supervision_task', id: t.id }, taskLink(t.id), taskParams(t, urge.daysOverdue), recipients, urge.byId, t.targetRegionId, taskDepartments(t)),
  ]);
}

/** The addressee replied: the one who issued the task hears of it. */
export async function announceTaskReplied(tx: Executor, t: TaskRow) {
  const recipients = await accountRecipients(tx, [t.issuedBy]);
  await emit(tx, [event('supervision.task_replied', `supervision_task:${t.id}:replied`, { type: 'supervision_task', id: t.id }, taskLink(t.id), taskParams(t), recipients, t.repliedBy, t.issuerRegionId, taskDepartments(t))]);
}

/** A warning letter or an interview: the unit's officers (an enterprise's admins) hear of it. */
export async function announceRecord(tx: Executor, r: RecordRow) {
  const kind: EventKind = r.kind === 'warning_letter' ? 'supervision.warning_letter' : 'supervision.interview';
  const recipients = await unitRecipients(tx, { type: r.unitType as 'department' | 'town' | 'enterprise', id: r.unitId });
  const departments = r.unitType === 'department' ? [r.unitId] : [];
  await emit(tx, [
    event(kind, `supervision_record:${r.id}`, { type: 'supervision_record', id: r.id }, recordLink(r), { unit: r.unitName, title: r.title, date: r.date }, recipients, r.recordedBy, r.regionId, departments),
  ]);
}
