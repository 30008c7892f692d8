/**
 * A cylinder's full timeline (R6.3): every event in time order with the name and code of the
 * region where it happened — one query along the (cylinder_id, at, id) index.
 */
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { cylinderEvents, regions } from '../db/schema/index.js';
import { presentEvent } from './custody.service.js';
import { EVENT_LABELS, type EventType } from './models.js';

export async function loadTimeline(db: Executor, cylinderId: string) {
  const rows = await db
    .select({ e: cylinderEvents, regionName: regions.name, regionCode: regions.code })
    .from(cylinderEvents)
    .leftJoin(regions, eq(regions.id, cylinderEvents.regionId))
    .where(eq(cylinderEvents.cylinderId, cylinderId))
    .orderBy(asc(cylinderEvents.at), asc(cylinderEvents.id));
  return rows.map((r) => ({ ...r.e, regionName: r.regionName, regionCode: r.regionCode }));
}
export type TimelineEvent = Awaited<ReturnType<typeof loadTimeline>>[number];

/** Events as the timeline shows them: labelled, people's names masked, ids of tokens kept. */
export function presentTimeline(events: readonly TimelineEvent[]) {
  return events.map((e) => ({ ...presentEvent(e), label: EVENT_LABELS[e.type as EventType]?.zh ?? e.type, regionName: e.regionName, regionCode: e.regionCode }));
}
