import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireCapability, principalOf, typed } from '../shared/http.js';
import { queryBool } from '../shared/validation.js';
import { REGION_LEVELS } from './regions.rules.js';
import { createRegion, deleteRegion, getRegion, listRegions, moveRegion, setRegionStatus, updateRegion } from './regions.service.js';

const idParams = z.object({ id: z.uuid() });
const tags = ['regions'];

export function registerRegionRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;

  r.get(
    '/api/v1/regions',
    {
      schema: {
        tags,
        summary: '区域列表（某区域的下级，或按名称/代码搜索）/ List child regions or search',
        querystring: z.object({
          parentId: z.uuid().optional(),
          q: z.string().max(50).optional(),
          includeRetired: queryBool.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(500),
        }),
      },
    },
    async (req) => ({ items: await listRegions(db(), principalOf(req), req.query) }),
  );

  r.get('/api/v1/regions/:id', { schema: { tags, summary: '区域详情 / Region with its ancestors', params: idParams } }, async (req) =>
    getRegion(db(), principalOf(req), req.params.id),
  );

  r.post(
    '/api/v1/regions',
    {
      schema: {
        tags,
        summary: '新建区域 / Create a region',
        body: z.object({
          parentId: z.uuid().nullable(),
          level: z.enum(REGION_LEVELS),
          code: z.string().trim().min(1).max(32),
          name: z.string().trim().min(1).max(100),
          isVirtualCode: z.boolean().optional(),
          codeVersion: z.string().max(20).optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createRegion(db(), requireCapability(req, 'region.manage'), req.body)),
  );

  r.patch(
    '/api/v1/regions/:id',
    {
      schema: {
        tags,
        summary: '重命名或改代码 / Rename or re-code a region',
        params: idParams,
        body: z.object({ name: z.string().trim().min(1).max(100).optional(), code: z.string().trim().min(1).max(32).optional(), codeVersion: z.string().max(20).optional() }),
      },
    },
    async (req) => updateRegion(db(), requireCapability(req, 'region.manage'), req.params.id, req.body),
  );

  r.post(
    '/api/v1/regions/:id/move',
    { schema: { tags, summary: '移动区域 / Move a region under another parent', params: idParams, body: z.object({ parentId: z.uuid() }) } },
    async (req) => moveRegion(db(), requireCapability(req, 'region.manage'), req.params.id, req.body.parentId),
  );

  r.post('/api/v1/regions/:id/retire', { schema: { tags, summary: '停用区域 / Retire a region', params: idParams } }, async (req) =>
    setRegionStatus(db(), requireCapability(req, 'region.manage'), req.params.id, 'retired'),
  );

  r.post('/api/v1/regions/:id/restore', { schema: { tags, summary: '恢复区域 / Restore a retired region', params: idParams } }, async (req) =>
    setRegionStatus(db(), requireCapability(req, 'region.manage'), req.params.id, 'active'),
  );

  r.delete(
    '/api/v1/regions/:id',
    { schema: { tags, summary: '删除未被引用的区域 / Delete a region nothing refers to', params: idParams } },
    async (req, reply) => {
      await deleteRegion(db(), requireCapability(req, 'region.manage'), req.params.id);
      return reply.status(204).send();
    },
  );
}
