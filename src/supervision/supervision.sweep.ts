import { sql } from 'drizzle-orm';
import { recordAuditBatch, SYSTEM_ACTOR } from '../audit/audit.js';
import type { Db } from '../db/db.js';
import { announceTaskUrged } from './supervision.notify.js';
import { tasksByIds } from './tasks.service.js';

const SUPERVISION_SWEEP_LOCK = 7304001;

/**
 * 督办 of overdue tasks (R5.1), in the style of the hazard overdue sweep: every open task past its
 * deadline becomes overdue and gets an automatic 督办 record, in one statement; the addressee and
 * the issuer are notified in the same transaction. A transaction-level advisory lock makes one
 * instance do it; the others skip. A task turns overdue once, so it is never supervised twice by
 * the sweep (further 督办 is by hand).
 */
export async function runSupervisionSweep(db: Db, today: string): Promise<{ ran: boolean; urged: number }> {
  return db.transaction(async (tx) => {
    const lock = await tx.execute<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${SUPERVISION_SWEEP_LOCK}) AS ok`);
    if (!lock.rows[0]?.ok) return { ran: false, urged: 0 };
    const res = await tx.execute<{ id: string; task_id: string; days_overdue: number }>(sql`
      WITH changed AS (
        UPDATE supervision_tasks SET status = 'overdue', overdue_at = now(), urge_count = urge_count + 1, updated_at = now()
        WHERE status = 'open' AND deadline < ${today}::date
        RETURNING id, deadline
      )
      INSERT INTO supervision_urges (task_id, mode, by_id, by_label, note, days_overdue, at)
      SELECT id, 'auto', NULL, 'system', NULL, ${today}::date - deadline, now() FROM changed
      RETURNING id, task_id, days_overdue`);
    if (res.rows.length === 0) return { ran: true, urged: 0 };
    const tasks = new Map((await tasksByIds(tx, res.rows.map((r) => r.task_id))).map((t) => [t.id, t]));
    for (const u of res.rows) {
      const t = tasks.get(u.task_id);
      if (t) await announceTaskUrged(tx, t, { id: u.id, daysOverdue: Number(u.days_overdue), byId: null });
    }
    await recordAuditBatch(
      tx,
      SYSTEM_ACTOR,
      res.rows.map((u) => ({ action: 'supervision.task.overdue', entityType: 'supervision_task', entityId: u.task_id, regionId: tasks.get(u.task_id)?.targetRegionId ?? null, after: { status: 'overdue', urgeId: u.id, daysOverdue: Number(u.days_overdue) } })),
    );
    return { ran: true, urged: res.rows.length };
  });
}
