/** Dispatch and supervision (R5.1), the notification bell, group robots. */
import { sql } from 'drizzle-orm';
import { notifications } from '../../../src/db/schema/index.js';
import { del, get, ok, patch, post, READERS, type Account, type Caller } from '../support.js';
import { other, own, sideOf, uniq, type Fx } from './fixtures.js';
import { dayOffset } from './hazards.js';
import type { SetupCtx, Table } from './rules.js';

const TASK_FORCES = ['admin', 'zhuanban', 'tongliang'] as const;
const taskMaker = (as: Caller): Account => (sideOf(as) === 'tl' ? 'tongliang' : 'zhuanban');

const taskBody = (f: Fx, as: Caller, townId = sideOf(as) === 'tl' ? f.tl.town : f.ids.longgang) => ({ title: `矩阵交办${uniq()}`, description: '请于期限内完成排查', deadline: dayOffset(10), targetTownId: townId });

/** A task handed by the side's task force to its town; `overdue` backdates it. */
async function task(s: SetupCtx, as: Caller, overdue = false): Promise<string> {
  const c = await s.callers.client(taskMaker(as));
  const id = ok(await c.post('/api/v1/supervision/tasks', taskBody(s.f, taskMaker(as)))).id as string;
  if (overdue) await s.ctx.db.execute(sql`UPDATE supervision_tasks SET deadline = ${dayOffset(-3)}::date, status = 'overdue' WHERE id = ${id}`);
  return id;
}

const recordBody = (f: Fx, as: Caller, side = own(f, as)) => ({
  unitType: 'enterprise',
  unitId: side.enterprise,
  date: dayOffset(-1),
  title: `矩阵约谈${uniq()}`,
  summary: '就燃气安全问题约谈企业主要负责人',
});

async function notification(s: SetupCtx, as: Caller): Promise<string> {
  const [n] = await s.ctx.db
    .insert(notifications)
    .values({ recipientId: s.f.acc[as as Account], kind: 'hazard.assigned', title: '矩阵通知', body: '矩阵', link: '/hazards', entityType: 'hazard', entityId: s.f.dz.hazard, dedupeKey: `m${uniq()}` })
    .returning();
  return n!.id;
}

const robotBody = (f: Fx, as: Caller, regionId = sideOf(as) === 'tl' ? f.tl.district : f.ids.dazu) => ({
  name: `矩阵机器人${uniq()}`,
  kind: 'wecom',
  url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${uniq()}`,
  events: ['hazard.assigned'],
  regionId,
});

async function robot(s: SetupCtx, as: Caller): Promise<string> {
  const c = await s.callers.client(taskMaker(as));
  return ok(await c.post('/api/v1/webhooks', robotBody(s.f, taskMaker(as)))).id as string;
}

const recordKinds = ['warning-letters', 'interviews'] as const;

export const coordination: Table = {
  'GET /api/v1/supervision/tasks': { who: READERS, call: () => get('/api/v1/supervision/tasks') },
  'POST /api/v1/supervision/tasks': {
    // The task force to units of its region; a department officer to the towns of its region.
    who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'tongliang'],
    call: (f, as) => post('/api/v1/supervision/tasks', taskBody(f, as)),
    other: (f, as) => post('/api/v1/supervision/tasks', taskBody(f, as, other(f, as).town)),
    otherStatus: [403, 404, 422],
  },
  'GET /api/v1/supervision/tasks/{id}': {
    who: ['admin', 'zhuanban', 'longgang', 'tongliang'],
    call: (f, as) => get(`/api/v1/supervision/tasks/${own(f, as).x.task}`),
    other: (f, as) => get(`/api/v1/supervision/tasks/${other(f, as).x.task}`),
  },
  'POST /api/v1/supervision/tasks/{id}/reply': {
    // The addressee: officers of the town the task went to.
    who: ['longgang'],
    setup: (s, as) => task(s, as),
    call: (f, as, mine) => post(`/api/v1/supervision/tasks/${mine ?? own(f, as).x.task}/reply`, { text: '已完成排查' }),
    other: (f, as) => post(`/api/v1/supervision/tasks/${other(f, as).x.task}/reply`, { text: '越权' }),
  },
  'POST /api/v1/supervision/tasks/{id}/urge': {
    who: TASK_FORCES,
    setup: (s, as) => task(s, as, true),
    call: (f, as, mine) => post(`/api/v1/supervision/tasks/${mine ?? own(f, as).x.overdueTask}/urge`, { note: '请尽快办理' }),
    other: (f, as) => post(`/api/v1/supervision/tasks/${other(f, as).x.overdueTask}/urge`, { note: '越权' }),
  },
  ...Object.fromEntries(
    recordKinds.flatMap((k) => [
      [`GET /api/v1/supervision/${k}`, { who: READERS, call: () => get(`/api/v1/supervision/${k}`) }],
      [
        `POST /api/v1/supervision/${k}`,
        {
          who: ['admin', 'zhuanban', 'jingxin', 'shichang', 'tongliang'],
          call: (f: Fx, as: Caller) => post(`/api/v1/supervision/${k}`, recordBody(f, as)),
          other: (f: Fx, as: Caller) => post(`/api/v1/supervision/${k}`, recordBody(f, as, other(f, as))),
          otherStatus: [403, 404, 422],
        },
      ],
      [
        `GET /api/v1/supervision/${k}/{id}`,
        {
          // Task force and town over the unit, the recording department, the enterprise itself.
          who: ['admin', 'zhuanban', 'longgang', 'tongliang', 'qiye'],
          call: (f: Fx, as: Caller) => get(`/api/v1/supervision/${k}/${own(f, as).x[k]}`),
          other: (f: Fx, as: Caller) => get(`/api/v1/supervision/${k}/${other(f, as).x[k]}`),
        },
      ],
    ]),
  ),

  'GET /api/v1/notifications': { who: 'accounts', call: () => get('/api/v1/notifications') },
  'GET /api/v1/notifications/count': { who: 'accounts', call: () => get('/api/v1/notifications/count') },
  'POST /api/v1/notifications/{id}/read': {
    // Each account its own notifications only.
    who: 'accounts',
    setup: notification,
    call: (f, _as, mine) => post(`/api/v1/notifications/${mine ?? f.dz.x.notification}/read`),
    other: (f, as) => post(`/api/v1/notifications/${as === 'zhuanban' ? f.tl.x.notification : f.dz.x.notification}/read`),
  },
  'POST /api/v1/notifications/read-all': { who: 'accounts', call: () => post('/api/v1/notifications/read-all') },

  'GET /api/v1/webhooks': { who: TASK_FORCES, call: () => get('/api/v1/webhooks') },
  'POST /api/v1/webhooks': {
    who: TASK_FORCES,
    call: (f, as) => post('/api/v1/webhooks', robotBody(f, as)),
    other: (f, as) => post('/api/v1/webhooks', robotBody(f, as, other(f, as).district)),
  },
  'GET /api/v1/webhooks/{id}': {
    who: TASK_FORCES,
    call: (f, as) => get(`/api/v1/webhooks/${own(f, as).x.robot}`),
    other: (f, as) => get(`/api/v1/webhooks/${other(f, as).x.robot}`),
  },
  'PATCH /api/v1/webhooks/{id}': {
    who: TASK_FORCES,
    call: (f, as) => patch(`/api/v1/webhooks/${own(f, as).x.robot}`, { enabled: true }),
    other: (f, as) => patch(`/api/v1/webhooks/${other(f, as).x.robot}`, { enabled: false }),
  },
  'DELETE /api/v1/webhooks/{id}': {
    who: TASK_FORCES,
    setup: robot,
    call: (f, as, mine) => del(`/api/v1/webhooks/${mine ?? own(f, as).x.robot}`),
    other: (f, as) => del(`/api/v1/webhooks/${other(f, as).x.robot}`),
  },
  'GET /api/v1/webhooks/{id}/outbox': {
    who: TASK_FORCES,
    call: (f, as) => get(`/api/v1/webhooks/${own(f, as).x.robot}/outbox`),
    other: (f, as) => get(`/api/v1/webhooks/${other(f, as).x.robot}/outbox`),
  },
  'POST /api/v1/webhooks/{id}/test': {
    who: TASK_FORCES,
    call: (f, as) => post(`/api/v1/webhooks/${own(f, as).x.robot}/test`),
    other: (f, as) => post(`/api/v1/webhooks/${other(f, as).x.robot}/test`),
  },
};

/** A task, an overdue task, a letter and an interview, a robot and a notification per side. */
export async function coordinationFixtures(s: SetupCtx): Promise<void> {
  const { f } = s;
  for (const side of ['dz', 'tl'] as const) {
    const as: Caller = side === 'tl' ? 'tongliang' : 'zhuanban';
    f[side].x.task = await task(s, as);
    f[side].x.overdueTask = await task(s, as, true);
    const c = await s.callers.client(taskMaker(as));
    for (const k of recordKinds) f[side].x[k] = ok(await c.post(`/api/v1/supervision/${k}`, recordBody(f, as, side === 'tl' ? f.tl : f.ent))).id;
    f[side].x.robot = await robot(s, as);
    f[side].x.notification = await notification(s, as);
  }
  for (const k of ['task', 'overdueTask', 'robot', ...recordKinds] as const) f.ent.x[k] = f.dz.x[k]!;
}
