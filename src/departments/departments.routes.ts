import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf, requireCapability, typed } from '../shared/http.js';
import { queryBool } from '../shared/validation.js';
import { createDepartment, listDepartments, updateDepartment } from './departments.service.js';
import { applyPreset, createRule, deleteRule, getMatrix, listPresets, routeHazard, updateRule } from './matrix.service.js';
import { loadRegionVisible } from '../shared/scope.js';
import { HAZARD_CATEGORIES, TASK_KINDS } from './taxonomy.js';

const idParams = z.object({ id: z.uuid() });
const deptKey = z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/);
const category = z.union([z.enum(HAZARD_CATEGORIES), z.literal('*')]);
const taskKind = z.union([z.enum(TASK_KINDS), z.literal('*')]);

export function registerDepartmentRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;

  r.get(
    '/api/v1/departments',
    {
      schema: {
        tags: ['departments'],
        summary: '部门列表 / Departments of a region (and, with inherited, of the regions above)',
        querystring: z.object({ regionId: z.uuid().optional(), inherited: queryBool.optional() }),
      },
    },
    async (req) => {
      const p = principalOf(req);
      return { items: await listDepartments(db(), p, req.query.regionId ?? p.regionId, req.query.inherited ?? false) };
    },
  );

  r.post(
    '/api/v1/departments',
    {
      schema: {
        tags: ['departments'],
        summary: '新建部门 / Create a department',
        body: z.object({ regionId: z.uuid(), key: deptKey, name: z.string().trim().min(1).max(100), isGasAuthority: z.boolean().optional() }),
      },
    },
    async (req, reply) => reply.status(201).send(await createDepartment(db(), requireCapability(req, 'department.manage'), req.body)),
  );

  r.patch(
    '/api/v1/departments/:id',
    {
      schema: {
        tags: ['departments'],
        summary: '修改或停用部门 / Edit or retire a department',
        params: idParams,
        body: z.object({
          key: deptKey.optional(),
          name: z.string().trim().min(1).max(100).optional(),
          isGasAuthority: z.boolean().optional(),
          status: z.enum(['active', 'retired']).optional(),
        }),
      },
    },
    async (req) => updateDepartment(db(), requireCapability(req, 'department.manage'), req.params.id, req.body),
  );

  r.get('/api/v1/matrix/presets', { schema: { tags: ['matrix'], summary: '职责矩阵预设 / Matrix presets' } }, async (req) => {
    principalOf(req);
    return { items: listPresets() };
  });

  r.get(
    '/api/v1/matrix',
    { schema: { tags: ['matrix'], summary: '职责矩阵 / Effective responsibility matrix of a region', querystring: z.object({ regionId: z.uuid().optional() }) } },
    async (req) => {
      const p = principalOf(req);
      return getMatrix(db(), p, req.query.regionId ?? p.regionId);
    },
  );

  r.post(
    '/api/v1/matrix/apply-preset',
    {
      schema: {
        tags: ['matrix'],
        summary: '应用预设 / Apply a preset to a region (creates missing departments, replaces rules)',
        body: z.object({ regionId: z.uuid(), presetKey: z.string().min(1).max(40) }),
      },
    },
    async (req) => applyPreset(db(), requireCapability(req, 'matrix.manage'), req.body.regionId, req.body.presetKey),
  );

  const ruleBody = z.object({
    category,
    taskKind,
    leadKey: deptKey,
    cooperatingKeys: z.array(deptKey).max(20).default([]),
    basis: z.string().max(500).optional(),
  });

  r.post(
    '/api/v1/matrix/rules',
    { schema: { tags: ['matrix'], summary: '新增职责规则 / Add a rule', body: ruleBody.extend({ regionId: z.uuid() }) } },
    async (req, reply) => {
      const { regionId, ...input } = req.body;
      return reply.status(201).send(await createRule(db(), requireCapability(req, 'matrix.manage'), regionId, input));
    },
  );

  r.patch(
    '/api/v1/matrix/rules/:id',
    {
      schema: {
        tags: ['matrix'],
        summary: '修改职责规则 / Edit a rule',
        params: idParams,
        body: z.object({ leadKey: deptKey.optional(), cooperatingKeys: z.array(deptKey).max(20).optional(), basis: z.string().max(500).optional() }),
      },
    },
    async (req) => updateRule(db(), requireCapability(req, 'matrix.manage'), req.params.id, req.body),
  );

  r.delete('/api/v1/matrix/rules/:id', { schema: { tags: ['matrix'], summary: '删除职责规则 / Delete a rule', params: idParams } }, async (req, reply) => {
    await deleteRule(db(), requireCapability(req, 'matrix.manage'), req.params.id);
    return reply.status(204).send();
  });

  r.get(
    '/api/v1/matrix/route',
    {
      schema: {
        tags: ['matrix'],
        summary: '隐患分派 / Which departments and town a hazard of this category and task kind goes to',
        querystring: z.object({ regionId: z.uuid(), category: z.enum(HAZARD_CATEGORIES), taskKind: z.enum(TASK_KINDS) }),
      },
    },
    async (req) => {
      const p = principalOf(req);
      await loadRegionVisible(db(), p, req.query.regionId);
      return { routing: await routeHazard(db(), req.query.regionId, req.query.category, req.query.taskKind) };
    },
  );
}
