import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SUBJECT_TYPES, type SubjectType } from '../registry/subjects.js';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { queryBool } from '../shared/validation.js';
import { createPlan, decideJointVisit, getJointVisit, listJointVisits, listPlans, listTasks } from './plans.service.js';

const tags = ['plans'];

export function registerPlanRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;

  r.post(
    '/api/v1/inspection-plans',
    {
      schema: {
        tags,
        summary: '新建排查计划（专项全覆盖或周期巡查），生成检查任务并提出联合检查建议 / Create a plan; generates visits and proposes joint visits',
        body: z.object({
          name: z.string().trim().min(1).max(200),
          kind: z.enum(['campaign', 'recurring']),
          regionId: z.uuid(),
          subjectType: z.enum(SUBJECT_TYPES as [string, ...string[]]),
          subjectKinds: z.array(z.string().max(40)).max(30).default([]),
          startDate: z.iso.date(),
          endDate: z.iso.date(),
          intervalMonths: z.number().int().min(1).max(60).optional(),
          openHazardIntervalDays: z.number().int().min(1).max(365).optional(),
          assigneeId: z.uuid().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createPlan(db(), principalOf(req), { ...req.body, subjectType: req.body.subjectType as SubjectType })),
  );

  r.get('/api/v1/inspection-plans', { schema: { tags, summary: '排查计划列表 / Plans in scope', querystring: z.object({ ...pageQuery }) } }, async (req) =>
    listPlans(db(), principalOf(req), req.query),
  );

  r.get(
    '/api/v1/inspection-tasks',
    {
      schema: {
        tags,
        summary: '检查任务（我的任务或辖区任务）/ Visits to make: mine, or the region\'s',
        querystring: z.object({ mine: queryBool.optional(), status: z.enum(['open', 'done', 'cancelled']).optional(), planId: z.uuid().optional(), ...pageQuery }),
      },
    },
    async (req) => listTasks(db(), principalOf(req), req.query),
  );

  r.get(
    '/api/v1/joint-visits',
    { schema: { tags, summary: '联合检查建议 / Proposed joint visits', querystring: z.object({ status: z.enum(['proposed', 'accepted', 'declined', 'done']).optional(), ...pageQuery }) } },
    async (req) => listJointVisits(db(), principalOf(req), req.query),
  );

  r.get(
    '/api/v1/joint-visits/:id',
    { schema: { tags, summary: '联合检查：各部门检查内容 / A joint visit with what each department will check', params: z.object({ id: z.uuid() }) } },
    async (req) => getJointVisit(db(), principalOf(req), req.params.id),
  );

  r.post(
    '/api/v1/joint-visits/:id/:decision',
    { schema: { tags, summary: '接受或拒绝联合检查 / Accept or decline a joint visit', params: z.object({ id: z.uuid(), decision: z.enum(['accept', 'decline']) }) } },
    async (req) => decideJointVisit(db(), principalOf(req), req.params.id, req.params.decision === 'accept'),
  );
}
