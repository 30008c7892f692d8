import { sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { addDays, daysUntil } from './events.js';
import { announceHazardEvents } from './hazard.hooks.js';

const DEADLINE_SWEEP_LOCK = 7303001;

/**
 * "Deadline approaching" (R4.3): every hazard being rectified whose deadline is at most
 * `windowDays` ahead is announced to the subject, the lead department and the town — once per
 * hazard and deadline: the key `deadline:<hazard>:<date>` is recorded in notification_marks in the
 * same transaction, and only hazards whose key was new are announced. A transaction-level advisory
 * lock makes one instance do it; the others skip. Runs hourly, so a day's reminders go out within
 * an hour of midnight (China time) or of the start.
 */
export async function runDeadlineSweep(db: Db, today: string, windowDays = 3): Promise<{ ran: boolean; announced: number }> {
  return db.transaction(async (tx) => {
    const lock = await tx.execute<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${DEADLINE_SWEEP_LOCK}) AS ok`);
    if (!lock.rows[0]?.ok) return { ran: false, announced: 0 };
    const due = await tx.execute<{ hazard_id: string; deadline: string }>(sql`
      WITH due AS (
        SELECT id, deadline::text AS deadline FROM hazards
        WHERE state IN ('assigned', 'rectifying') AND deadline >= ${today}::date AND deadline <= ${addDays(today, windowDays)}::date
      ), marked AS (
        INSERT INTO notification_marks (key)
        SELECT 'deadline:' || id || ':' || deadline FROM due
        ON CONFLICT (key) DO NOTHING
        RETURNING key
      )
      SELECT due.id AS hazard_id, due.deadline FROM due JOIN marked ON marked.key = 'deadline:' || due.id || ':' || due.deadline
      ORDER BY due.deadline, due.id`);
    await announceHazardEvents(
      tx,
      due.rows.map((r) => ({
        key: `deadline:${r.hazard_id}:${r.deadline}`,
        kind: 'hazard.deadline_approaching' as const,
        hazardId: r.hazard_id,
        days: daysUntil(today, r.deadline),
      })),
    );
    return { ran: true, announced: due.rows.length };
  });
}
