import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { todayInChina } from '../registry/registry.routes.js';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { createRecord, getRecord, listRecords } from './records.service.js';
import { RECORD_KINDS, TASK_STATUSES, UNIT_TYPES, type RecordKind } from './supervision.rules.js';
import { getTask, issueTask, listTasks, replyTask, urgeTask } from './tasks.service.js';

const tags = ['supervision'];
const id = z.object({ id: z.uuid() });
const fileIds = z.array(z.uuid()).max(20).default([]);

const recordBody = z.object({
  unitType: z.enum(UNIT_TYPES),
  unitId: z.uuid(),
  date: z.iso.date(),
  title: z.string().trim().min(1).max(200),
  docNumber: z.string().trim().max(100).optional(),
  participants: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  summary: z.string().trim().min(1).max(5000),
  documents: fileIds,
});

/** Dispatch and supervision (交办、督办、警示建议函、约谈, R5.1). */
export function registerSupervisionRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;
  const today = () => todayInChina(app.deps.clock.now());

  r.get(
    '/api/v1/supervision/tasks',
    {
      schema: {
        tags,
        summary: '交办任务 / Dispatched tasks in scope (box=issued|received)',
        querystring: z.object({ status: z.enum(TASK_STATUSES).optional(), box: z.enum(['issued', 'received']).optional(), ...pageQuery }),
      },
    },
    async (req) => listTasks(db(), principalOf(req), req.query, today()),
  );

  r.post(
    '/api/v1/supervision/tasks',
    {
      schema: {
        tags,
        summary: '交办任务 / Hand a task to a department or a town/street',
        body: z.object({
          title: z.string().trim().min(1).max(200),
          description: z.string().trim().min(1).max(5000),
          deadline: z.iso.date(),
          attachments: fileIds,
          targetDepartmentId: z.uuid().optional(),
          targetTownId: z.uuid().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await issueTask(db(), principalOf(req), req.body, today())),
  );

  r.get('/api/v1/supervision/tasks/:id', { schema: { tags, summary: '交办任务详情与督办记录 / One task with its 督办 records', params: id } }, async (req) =>
    getTask(db(), principalOf(req), req.params.id, today()),
  );

  r.post(
    '/api/v1/supervision/tasks/:id/reply',
    {
      schema: {
        tags,
        summary: '办理反馈（办结）/ Reply to a task; it is done',
        params: id,
        body: z.object({ text: z.string().trim().min(1).max(5000), attachments: fileIds }),
      },
    },
    async (req) => replyTask(db(), principalOf(req), req.params.id, req.body, today()),
  );

  r.post(
    '/api/v1/supervision/tasks/:id/urge',
    { schema: { tags, summary: '督办逾期任务 / Supervise an overdue task', params: id, body: z.object({ note: z.string().trim().max(1000).optional() }) } },
    async (req) => urgeTask(db(), principalOf(req), req.params.id, req.body, today()),
  );

  const paths: Record<RecordKind, { path: string; zh: string; en: string }> = {
    warning_letter: { path: 'warning-letters', zh: '警示建议函', en: 'Warning letters' },
    interview: { path: 'interviews', zh: '约谈', en: 'Interviews' },
  };
  for (const kind of RECORD_KINDS) {
    const { path, zh, en } = paths[kind];
    r.get(
      `/api/v1/supervision/${path}`,
      {
        schema: {
          tags,
          summary: `${zh} / ${en} in scope`,
          querystring: z.object({ unitType: z.enum(UNIT_TYPES).optional(), unitId: z.uuid().optional(), ...pageQuery }),
        },
      },
      async (req) => listRecords(db(), principalOf(req), kind, req.query),
    );
    r.post(`/api/v1/supervision/${path}`, { schema: { tags, summary: `登记${zh} / Record one (${en})`, body: recordBody } }, async (req, reply) =>
      reply.status(201).send(await createRecord(db(), principalOf(req), kind, req.body)),
    );
    r.get(`/api/v1/supervision/${path}/:id`, { schema: { tags, summary: `${zh}详情 / One record (${en})`, params: id } }, async (req) =>
      getRecord(db(), principalOf(req), kind, req.params.id),
    );
  }
}
