/**
 * The events that notify people (the bell) and group robots, and who hears of each. Pure data and
 * functions: the SQL that finds the accounts lives in recipients.repository.ts.
 */

export const EVENT_KINDS = [
  'hazard.major_reported',
  'hazard.assigned',
  'hazard.deadline_approaching',
  'hazard.escalated',
  'hazard.review_requested',
  'hazard.rejected',
  'hazard.closed',
  'supervision.task_issued',
  'supervision.task_overdue',
  'supervision.task_replied',
  'supervision.warning_letter',
  'supervision.interview',
  // Emitted by other modules through emit(): monitoring (R7.4) and the reporting calendar (R5.2).
  'alarm.raised',
  'campaign.report_due',
  'campaign.report_late',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
/** A robot's test message is not an event anyone subscribes to. */
export type MessageKind = EventKind | 'webhook.test';

/**
 * Who hears of a hazard event, as flags (a bit set, so one query serves many hazards):
 * the subject's own accounts (venue user; enterprise admin and safety managers), the lead
 * department's officers, the territorial town's officers, the district task force, the nearest
 * task force above the district, and whoever asked for the current review.
 */
export const AUDIENCE = {
  subject: 1,
  leadDepartment: 2,
  town: 4,
  districtTaskForce: 8,
  upperTaskForce: 16,
  reviewRequester: 32,
} as const;
export type Audience = keyof typeof AUDIENCE;

export function audienceMask(audiences: readonly Audience[]): number {
  return audiences.reduce((m, a) => m | AUDIENCE[a], 0);
}

export type HazardEventKind = Extract<EventKind, `hazard.${string}`>;

/**
 * R4.3 routing of hazard events. Escalation (督办) goes to the level concerned: level 1 the town and
 * the lead department, level 2 the district's task force, level 3 the task force above it.
 */
export function hazardAudiences(kind: HazardEventKind, escalationLevel = 0): Audience[] {
  switch (kind) {
    case 'hazard.assigned':
    case 'hazard.deadline_approaching':
      return ['subject', 'leadDepartment', 'town'];
    case 'hazard.review_requested':
      return ['leadDepartment', 'town'];
    case 'hazard.rejected':
      return ['subject', 'reviewRequester'];
    case 'hazard.closed':
      return ['subject'];
    case 'hazard.major_reported':
      return ['leadDepartment', 'town', 'districtTaskForce'];
    case 'hazard.escalated':
      if (escalationLevel >= 3) return ['upperTaskForce'];
      if (escalationLevel === 2) return ['districtTaskForce'];
      return ['town', 'leadDepartment'];
  }
}

/** The hazard action (R4.3 state machine) that produces an event, if any. */
export function eventOfHazardAction(action: string): HazardEventKind | null {
  switch (action) {
    case 'assign':
      return 'hazard.assigned';
    case 'request_review':
      return 'hazard.review_requested';
    case 'reject':
      return 'hazard.rejected';
    case 'close':
      return 'hazard.closed';
    default:
      return null;
  }
}

/** Days from `today` to `deadline` (ISO dates); negative when past. */
export function daysUntil(today: string, deadline: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** ISO date `days` after `today`. */
export function addDays(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Deadline approaching: still ahead (today counts) and within `windowDays`. */
export function isDeadlineApproaching(today: string, deadline: string | null, windowDays: number): boolean {
  if (!deadline) return false;
  const d = daysUntil(today, deadline);
  return d >= 0 && d <= windowDays;
}
