import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HAZARD_CATEGORIES, TASK_KINDS } from '../departments/taxonomy.js';
import { claimFiles } from '../files/files.service.js';
import { todayInChina } from '../registry/registry.routes.js';
import { loadSubject, SUBJECT_TYPES } from '../registry/subjects.js';
import { AppError } from '../shared/errors.js';
import { actorOf, principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { queryBool } from '../shared/validation.js';
import { HAZARD_ACTIONS, HAZARD_STATES } from './hazard.rules.js';
import { actOnHazard, createHazard, getHazard, HAZARD_SOURCES, listHazards } from './hazards.service.js';
import { defaultTaskKind } from './routing.rules.js';

const tags = ['hazards'];
const isoDate = z.iso.date();
/** Roles that put hazards on the ledger by hand; subject users do it as self-checks (R3.8). */
const FINDERS = new Set(['platform_admin', 'task_force', 'dept_officer', 'town_officer', 'grid_worker']);
const SELF = new Set(['venue_user', 'enterprise_admin', 'enterprise_staff']);

/** The ledger's filters, shared by the list and its Excel export (ledger.routes.ts). */
export const hazardFilters = {
  regionId: z.uuid().optional(),
  state: z.union([z.enum(HAZARD_STATES), z.literal('open')]).optional(),
  category: z.enum(HAZARD_CATEGORIES).optional(),
  severity: z.enum(['major', 'general']).optional(),
  source: z.enum(HAZARD_SOURCES).optional(),
  departmentId: z.uuid().optional(),
  overdue: queryBool.optional(),
  subjectType: z.enum(SUBJECT_TYPES as [string, ...string[]]).optional(),
  subjectId: z.uuid().optional(),
  q: z.string().max(100).optional(),
};

export function registerHazardRoutes(app: FastifyInstance) {
  const r = typed(app);
  const today = () => todayInChina(app.deps.clock.now());

  r.get(
    '/api/v1/hazards',
    {
      schema: {
        tags,
        summary: '隐患台账 / Hazard ledger (filter by region, state, category, severity, source, department, overdue)',
        querystring: z.object({ ...hazardFilters, ...pageQuery }),
      },
    },
    async (req) => listHazards(app.deps.db, principalOf(req), req.query, today()),
  );

  r.get('/api/v1/hazards/:id', { schema: { tags, summary: '隐患详情与全过程记录 / One hazard with every event', params: z.object({ id: z.uuid() }) } }, async (req) =>
    getHazard(app.deps.db, principalOf(req), req.params.id, today()),
  );

  r.post(
    '/api/v1/hazards',
    {
      schema: {
        tags,
        summary: '登记隐患（手工/自查）/ Put a hazard on the ledger by hand or as a self-check',
        body: z.object({
          subjectType: z.enum(SUBJECT_TYPES as [string, ...string[]]),
          subjectId: z.uuid(),
          category: z.enum(HAZARD_CATEGORIES),
          taskKind: z.enum(TASK_KINDS).optional(),
          severity: z.enum(['major', 'general']),
          description: z.string().trim().min(1).max(2000),
          photos: z.array(z.uuid()).max(20).default([]),
          fixedOnSpot: z.boolean().default(false),
        }),
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      if (p.role === 'machine' || !(FINDERS.has(p.role) || SELF.has(p.role))) throw new AppError('FORBIDDEN', 'error.forbidden');
      const b = req.body;
      if (b.fixedOnSpot && b.photos.length === 0) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'photos', key: 'hazard.evidence.required' }]);
      const row = await app.deps.db.transaction(async (tx) => {
        const subject = await loadSubject(tx, p, b.subjectType as (typeof SUBJECT_TYPES)[number], b.subjectId);
        await claimFiles(tx, p, b.photos, subject.regionId);
        return createHazard(tx, actorOf(p), {
          subject,
          category: b.category,
          taskKind: b.taskKind ?? defaultTaskKind(subject.type, subject.kind),
          severity: b.severity,
          description: b.description,
          source: SELF.has(p.role) ? 'self_check' : 'manual',
          photos: b.photos,
          foundAt: app.deps.clock.now(),
          fixedOnSpot: b.fixedOnSpot,
        });
      });
      return reply.status(201).send(await getHazard(app.deps.db, p, row.id, today()));
    },
  );

  r.post(
    '/api/v1/hazards/:id/actions/:action',
    {
      schema: {
        tags,
        summary: '隐患流转：交办、开始整改、申请复核、驳回、销号、作废 / Move a hazard through its states',
        params: z.object({ id: z.uuid(), action: z.enum(HAZARD_ACTIONS) }),
        body: z.object({
          deadline: isoDate.optional(),
          responsiblePerson: z.string().trim().max(100).optional(),
          fixableAtOnce: z.boolean().optional(),
          controlMeasures: z.string().trim().max(1000).optional(),
          watcher: z.string().trim().max(100).optional(),
          reason: z.string().trim().max(1000).optional(),
          comment: z.string().trim().max(1000).optional(),
          photos: z.array(z.uuid()).max(20).optional(),
        }),
      },
    },
    async (req) => actOnHazard(app.deps.db, principalOf(req), req.params.id, req.params.action, req.body, app.deps.clock.now()),
  );
}
