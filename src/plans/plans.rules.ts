/**
 * Inspection plans (R3.6) as pure rules: the visit windows a plan creates, which planned visits
 * overlap into one joint visit, and the default intervals of periodic household inspection.
 */
import { addDays } from '../registry/registry.rules.js';

export interface Window {
  from: string; // ISO date, inclusive
  to: string; // ISO date, inclusive
}

/** Add whole months to an ISO date (clamped to the month's last day). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/**
 * The windows of a plan: a campaign plan is one window over its dates; a recurring plan has one
 * window every `intervalMonths` from the start until the end (the last one cut at the end date).
 */
export function planWindows(kind: 'campaign' | 'recurring', start: string, end: string, intervalMonths: number | null): Window[] {
  if (end < start) return [];
  if (kind === 'campaign' || !intervalMonths || intervalMonths < 1) return [{ from: start, to: end }];
  const out: Window[] = [];
  for (let from = start; from <= end && out.length < 600; from = addMonths(from, intervalMonths)) {
    const next = addMonths(from, intervalMonths);
    const to = addDays(next, -1) < end ? addDays(next, -1) : end;
    out.push({ from, to });
  }
  return out;
}

/** Deployment defaults (CJJ 51 §3.5.1; inspections.md): residential every 24 months, others every 12. */
export const DEFAULT_HOUSEHOLD_INTERVALS = { residentialMonths: 24, nonResidentialMonths: 12 };

export interface PlannedVisit {
  taskId: string;
  departmentId: string | null;
  subjectKey: string; // subjectType:subjectId
  from: string;
  to: string;
}

export interface JointVisitProposal {
  subjectKey: string;
  window: Window;
  taskIds: string[];
  departmentIds: string[];
}

/**
 * Visits of several departments to one subject whose windows overlap become one proposed joint
 * visit (so a business is not inspected again and again, R3.6): the window is the overlap of all.
 * Greedy per subject in window order; a visit joins the current group while the overlap stays non-empty.
 */
export function proposeJointVisits(visits: PlannedVisit[]): JointVisitProposal[] {
  const bySubject = new Map<string, PlannedVisit[]>();
  for (const v of visits) bySubject.set(v.subjectKey, [...(bySubject.get(v.subjectKey) ?? []), v]);
  const out: JointVisitProposal[] = [];
  for (const [subjectKey, list] of bySubject) {
    const sorted = [...list].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    let group: PlannedVisit[] = [];
    let win = null as Window | null;
    const flush = () => {
      const depts = [...new Set(group.map((g) => g.departmentId).filter((d): d is string => d !== null))];
      if (win && depts.length >= 2) out.push({ subjectKey, window: win, taskIds: group.map((g) => g.taskId), departmentIds: depts });
    };
    for (const v of sorted) {
      const cur: Window | null = win;
      const overlap: Window = cur ? { from: v.from > cur.from ? v.from : cur.from, to: v.to < cur.to ? v.to : cur.to } : { from: v.from, to: v.to };
      if (cur && overlap.from > overlap.to) {
        flush();
        group = [v];
        win = { from: v.from, to: v.to };
      } else {
        group.push(v);
        win = overlap;
      }
    }
    flush();
  }
  return out;
}
