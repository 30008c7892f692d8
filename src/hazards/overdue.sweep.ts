import { drizzle } from 'drizzle-orm/node-postgres';
import { schema, type Db } from '../db/db.js';
import { onHazardEscalations } from '../notifications/hazard.hooks.js';

const SWEEP_LOCK = 7302001;

/**
 * The overdue sweep (督办, R4.3): raise the escalation level of every open hazard past its deadline
 * to what escalationLevel() says for today, and record an `escalate` event for each, in one
 * statement. A session-level advisory lock makes it run on one instance at a time; the others skip.
 * The level formula here is the SQL twin of escalationLevel() in hazard.rules.ts (tested together).
 */
export async function runOverdueSweep(db: Db, today: string, daysPerLevel = 7): Promise<{ ran: boolean; escalated: number }> {
  const client = await db.$client.connect();
  try {
    const lock = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [SWEEP_LOCK]);
    if (!lock.rows[0]?.ok) return { ran: false, escalated: 0 };
    try {
      await client.query('BEGIN');
      const res = await client.query<{ event_id: string; hazard_id: string; level: number }>(
        `WITH due AS (
           SELECT id, state, escalation_level AS old_level,
                  CASE WHEN $1::date - deadline > 2 * $2::int THEN 3
                       WHEN $1::date - deadline > $2::int THEN 2
                       ELSE 1 END AS new_level
           FROM hazards
           WHERE state IN ('reported','assigned','rectifying','awaiting_review') AND deadline < $1::date
         ), changed AS (
           UPDATE hazards h SET escalation_level = due.new_level, escalated_at = now(), updated_at = now()
           FROM due WHERE h.id = due.id AND due.new_level > due.old_level
           RETURNING h.id, h.state, due.old_level, due.new_level
         ), events AS (
           INSERT INTO hazard_events (hazard_id, action, from_state, to_state, actor_id, actor_label, at, data)
           SELECT id, 'escalate', state, state, NULL, 'system', now(), jsonb_build_object('from', old_level, 'to', new_level, 'date', $1::text)
           FROM changed
           RETURNING id, hazard_id, (data->>'to')::int AS level
         )
         SELECT id AS event_id, hazard_id, level FROM events`,
        [today, daysPerLevel],
      );
      // Each escalation notifies the level concerned, in the same transaction (notifications/hazard.hooks.ts).
      await onHazardEscalations(drizzle(client, { schema }), res.rows.map((r) => ({ eventId: Number(r.event_id), hazardId: r.hazard_id, level: r.level })));
      await client.query('COMMIT');
      return { ran: true, escalated: res.rows.length };
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
    }
  } finally {
    client.release();
  }
}
