import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { KINDS, REGISTRY_KINDS, type KindDef } from './kinds.js';
import { bodySchema, filterSchema } from './registry.schema.js';
import { createRecord, getRecord, listRecords, revealField, updateRecord } from './registry.service.js';
import { licenceWatch } from './licence-watch.js';

const idParams = z.object({ id: z.uuid() });

export { todayInChina } from '../shared/clock.js';
import { todayInChina } from '../shared/clock.js';

function registerKind(app: FastifyInstance, def: KindDef) {
  const r = typed(app);
  const base = `/api/v1/registry/${def.kind}`;
  const tags = [`registry: ${def.kind}`];
  const today = () => todayInChina(app.deps.clock.now());
  const filters = filterSchema(def);

  r.get(
    base,
    {
      schema: {
        tags,
        summary: `${def.label.zh}列表 / List ${def.label.en} (region subtree, filters, search, sort, paging)`,
        querystring: z.object({
          regionId: z.uuid().optional(),
          q: z.string().max(100).optional(),
          sort: z.string().max(40).optional(),
          order: z.enum(['asc', 'desc']).optional(),
          ...(def.kind === 'licence' ? { validity: z.enum(['expired', 'due', 'valid']).optional() } : {}),
          ...filters,
          ...pageQuery,
        }),
      },
    },
    async (req) => {
      const q = req.query as Record<string, unknown> & { page: number; pageSize: number };
      const f: Record<string, string | boolean> = {};
      for (const key of Object.keys(filters)) {
        const v = q[key];
        if (typeof v === 'string') f[key] = v === 'true' ? true : v === 'false' ? false : v;
      }
      return listRecords(
        app.deps.db,
        principalOf(req),
        def,
        { regionId: q.regionId as string | undefined, q: q.q as string | undefined, sort: q.sort as string | undefined, order: q.order as 'asc' | 'desc' | undefined, validity: q.validity as 'expired' | undefined, filters: f, page: q.page, pageSize: q.pageSize },
        today(),
      );
    },
  );

  r.get(`${base}/:id`, { schema: { tags, summary: `${def.label.zh}详情与变更历史 / One ${def.label.en} with its history`, params: idParams } }, async (req) =>
    getRecord(app.deps.db, principalOf(req), def, req.params.id, today()),
  );

  r.post(base, { schema: { tags, summary: `新增${def.label.zh} / Create`, body: bodySchema(def, false) } }, async (req, reply) =>
    reply.status(201).send(await createRecord(app.deps.db, principalOf(req), def, req.body as Record<string, unknown>, today())),
  );

  r.patch(`${base}/:id`, { schema: { tags, summary: `修改${def.label.zh} / Update`, params: idParams, body: bodySchema(def, true) } }, async (req) =>
    updateRecord(app.deps.db, principalOf(req), def, req.params.id, req.body as Record<string, unknown>, today()),
  );

  if (def.fields.some((f) => f.personal)) {
    r.post(
      `${base}/:id/reveal`,
      {
        schema: {
          tags,
          summary: '查看完整个人信息（留痕）/ Reveal one personal field (audited)',
          params: idParams,
          body: z.object({ field: z.enum(def.fields.filter((f) => f.personal).map((f) => f.key) as [string, ...string[]]) }),
        },
      },
      async (req) => revealField(app.deps.db, principalOf(req), def, req.params.id, req.body.field),
    );
  }
}

export function registerRegistryRoutes(app: FastifyInstance) {
  for (const kind of REGISTRY_KINDS) registerKind(app, KINDS[kind]);
  const r = typed(app);

  r.get('/api/v1/registry/meta', { schema: { tags: ['registry'], summary: '台账字段定义 / Kinds and their fields (for forms and tables)' } }, async (req) => {
    principalOf(req);
    return {
      kinds: REGISTRY_KINDS.map((k) => {
        const d = KINDS[k];
        return { kind: d.kind, label: d.label, fields: d.fields, refs: d.refs, naturalKey: d.naturalKey, writers: d.writers, public: d.public ?? false };
      }),
    };
  });

  r.get(
    '/api/v1/registry/licence-watch',
    {
      schema: {
        tags: ['registry'],
        summary: '证照预警：过期、临期（90天）、缺失 / Expired, due (90 days) and missing licences',
        querystring: z.object({ regionId: z.uuid().optional(), state: z.enum(['expired', 'due', 'missing']).optional(), enterpriseId: z.uuid().optional() }),
      },
    },
    async (req) => licenceWatch(app.deps.db, principalOf(req), req.query, todayInChina(app.deps.clock.now())),
  );
}
