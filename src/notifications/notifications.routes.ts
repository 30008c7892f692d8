import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { queryBool } from '../shared/validation.js';
import { listNotifications, markAllRead, markRead, unreadCount } from './notifications.service.js';

const tags = ['notifications'];

/** The bell: each account reads and marks its own notifications only. */
export function registerNotificationRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;

  r.get(
    '/api/v1/notifications',
    { schema: { tags, summary: '我的通知 / My notifications (newest first; unread=true for unread only)', querystring: z.object({ unread: queryBool.optional(), ...pageQuery }) } },
    async (req) => listNotifications(db(), principalOf(req), req.query),
  );

  r.get('/api/v1/notifications/count', { schema: { tags, summary: '未读通知数 / Unread count for the bell' } }, async (req) => unreadCount(db(), principalOf(req)));

  r.post(
    '/api/v1/notifications/:id/read',
    { schema: { tags, summary: '标记已读 / Mark one notification read', params: z.object({ id: z.uuid() }) } },
    async (req) => markRead(db(), principalOf(req), req.params.id, app.deps.clock.now()),
  );

  r.post('/api/v1/notifications/read-all', { schema: { tags, summary: '全部标记已读 / Mark all my notifications read' } }, async (req) =>
    markAllRead(db(), principalOf(req), app.deps.clock.now()),
  );
}
