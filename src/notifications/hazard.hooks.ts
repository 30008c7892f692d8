/**
 * Hazard events → notifications and robot messages (R4.3). Called inside the transaction that
 * wrote the hazard event (hazards.service.ts, the overdue sweep, the deadline sweep).
 */
import { eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/db.js';
import { departments, hazards, regions } from '../db/schema/index.js';
import { emit, type PlatformEvent } from './emit.js';
import { audienceMask, eventOfHazardAction, hazardAudiences, type HazardEventKind } from './events.js';
import { hazardLink, hazardNotification, hazardRobotMessage, type HazardMessageFacts } from './messages.js';
import { accountRecipients, hazardRecipients, type Recipient } from './recipients.repository.js';

interface HazardFacts extends HazardMessageFacts {
  regionId: string;
  state: string;
  departmentIds: string[];
}

const town = alias(regions, 'town');

async function loadFacts(tx: Executor, ids: string[]): Promise<Map<string, HazardFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ h: hazards, townName: town.name, departmentName: departments.name })
    .from(hazards)
    .leftJoin(town, eq(town.id, hazards.townId))
    .leftJoin(departments, eq(departments.id, hazards.leadDepartmentId))
    .where(inArray(hazards.id, ids));
  return new Map(
    rows.map(({ h, townName, departmentName }) => [
      h.id,
      {
        id: h.id,
        code: h.code,
        subjectType: h.subjectType,
        subjectName: h.subjectName,
        category: h.category,
        severity: h.severity,
        deadline: h.deadline,
        townName,
        departmentName,
        regionId: h.regionId,
        state: h.state,
        departmentIds: [h.leadDepartmentId, ...h.cooperatingDepartmentIds].filter((x): x is string => x !== null),
      },
    ]),
  );
}

/** One hazard event to announce: its kind, key and the facts that differ per event. */
interface HazardAnnouncement {
  key: string;
  kind: HazardEventKind;
  hazardId: string;
  actorId?: string | null;
  level?: number;
  days?: number;
  reason?: string | null;
  extraRecipients?: Recipient[];
}

/** Turn announcements into events (recipients found in one query) and emit them. */
export async function announceHazardEvents(tx: Executor, list: HazardAnnouncement[]): Promise<{ notifications: number; outbox: number }> {
  if (list.length === 0) return { notifications: 0, outbox: 0 };
  const facts = await loadFacts(tx, [...new Set(list.map((a) => a.hazardId))]);
  const masks = list.map((a) => ({ hazardId: a.hazardId, mask: audienceMask(hazardAudiences(a.kind, a.level)) }));
  // Requests for the same hazard with different audiences are looked up separately.
  const byMask = new Map<number, Map<string, Recipient[]>>();
  for (const mask of new Set(masks.map((m) => m.mask))) {
    byMask.set(mask, await hazardRecipients(tx, masks.filter((m) => m.mask === mask)));
  }
  const events: PlatformEvent[] = [];
  list.forEach((a, i) => {
    const f = facts.get(a.hazardId);
    if (!f) return;
    const m: HazardMessageFacts = { ...f, level: a.level ?? 0, days: a.days ?? 0, reason: a.reason ?? null };
    events.push({
      key: a.key,
      kind: a.kind,
      entity: { type: 'hazard', id: f.id },
      link: hazardLink(f.id),
      regionId: f.regionId,
      departmentIds: f.departmentIds,
      recipients: [...(byMask.get(masks[i]!.mask)?.get(a.hazardId) ?? []), ...(a.extraRecipients ?? [])],
      actorId: a.actorId ?? null,
      inApp: (locale) => hazardNotification(a.kind, m, locale),
      robot: hazardRobotMessage(a.kind, m),
    });
  });
  return emit(tx, events);
}

/**
 * A new hazard: a major one (R4.8) still open is announced to the lead department, the town and
 * the district task force. Cheap for the general ones (no query), which imports create in bulk.
 */
export async function onHazardCreated(tx: Executor, e: { eventId: number; hazardId: string; actorId: string | null; severity: string; state: string }) {
  if (e.severity !== 'major' || e.state === 'closed') return;
  await announceHazardEvents(tx, [{ key: `hazard_event:${e.eventId}`, kind: 'hazard.major_reported', hazardId: e.hazardId, actorId: e.actorId }]);
}

/**
 * A transition of the R4.3 state machine. `reviewRequestedBy` is the value before the transition
 * (a rejection clears it, and the one who asked for review must hear of the rejection).
 */
export async function onHazardAction(
  tx: Executor,
  e: { eventId: number; hazardId: string; action: string; actorId: string | null; reviewRequestedBy: string | null; reason?: string | null },
) {
  const kind = eventOfHazardAction(e.action);
  if (!kind) return;
  const extra = kind === 'hazard.rejected' ? await accountRecipients(tx, [e.reviewRequestedBy]) : [];
  await announceHazardEvents(tx, [{ key: `hazard_event:${e.eventId}`, kind, hazardId: e.hazardId, actorId: e.actorId, reason: e.reason ?? null, extraRecipients: extra }]);
}

/** Escalations written by the overdue sweep (督办): each notifies the level concerned. */
export async function onHazardEscalations(tx: Executor, rows: { eventId: number; hazardId: string; level: number }[]) {
  return announceHazardEvents(
    tx,
    rows.map((r) => ({ key: `hazard_event:${r.eventId}`, kind: 'hazard.escalated' as const, hazardId: r.hazardId, level: r.level })),
  );
}

