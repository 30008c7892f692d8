import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { notifications } from '../db/schema/index.js';
import { AppError, notFound } from '../shared/errors.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';

type NotificationRow = typeof notifications.$inferSelect;

/** The bell belongs to people: machine clients (API tokens) have none. */
function accountOf(p: Principal): string {
  if (p.kind !== 'account') throw new AppError('FORBIDDEN', 'error.forbidden');
  return p.id;
}

export const presentNotification = (n: NotificationRow) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  entityType: n.entityType,
  entityId: n.entityId,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

/** The caller's own notifications, newest first; `unread` narrows to the unread ones. */
export async function listNotifications(db: Executor, p: Principal, q: { unread?: boolean | undefined; page: number; pageSize: number }) {
  const me = accountOf(p);
  const where = and(eq(notifications.recipientId, me), q.unread === true ? isNull(notifications.readAt) : undefined);
  const [rows, total, unread] = await Promise.all([
    db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: count() }).from(notifications).where(where),
    unreadCount(db, p),
  ]);
  return { items: rows.map(presentNotification), total: Number(total[0]?.n ?? 0), unread: unread.unread, page: q.page, pageSize: q.pageSize };
}

/** Unread count for the bell (served by a partial index). */
export async function unreadCount(db: Executor, p: Principal) {
  const me = accountOf(p);
  const [r] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.recipientId, me), isNull(notifications.readAt)));
  return { unread: Number(r?.n ?? 0) };
}

/** Mark one of the caller's notifications read; someone else's is "not found". Repeating is harmless. */
export async function markRead(db: Executor, p: Principal, id: string, now: Date) {
  const me = accountOf(p);
  const [row] = await db.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.recipientId, me)));
  if (!row) throw notFound('entity.notification');
  if (row.readAt) return presentNotification(row);
  const [after] = await db.update(notifications).set({ readAt: now }).where(and(eq(notifications.id, id), isNull(notifications.readAt))).returning();
  return presentNotification(after ?? row);
}

export async function markAllRead(db: Executor, p: Principal, now: Date) {
  const me = accountOf(p);
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.recipientId, me), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { updated: rows.length };
}
