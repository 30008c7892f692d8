/**
 * Routes of cylinder traceability (一瓶一码, R6), registered as one plugin from app.ts. Every route
 * runs the same steps: authenticate (app hook) → validate (zod) → authorise (service) → one service
 * call → present. See docs/cylinders.md for the whole API with examples.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { XLSX_TYPE } from '../shared/excel.js';
import { AppError, invalidField } from '../shared/errors.js';
import { principalOf, typed } from '../shared/http.js';
import { registerAnomalyRoutes } from './anomalies.routes.js';
import { registerCustodyRoutes } from './custody.routes.js';
import { codeParam, createBody, listQuery, updateBody } from './cylinders.schema.js';
import { registerCylinderImportRoutes } from './cylinders.import.routes.js';
import { createCylinder, cylindersByCodes, cylindersForLabels, cylinderWhere, getCylinder, listCylinders, publicUrlOf, updateCylinder } from './cylinders.service.js';
import { writeExport } from './cylinders.excel.js';
import { chinaDate } from './dates.js';
import { FILL_REASONS, FILL_WARNINGS } from './fill-check.rules.js';
import { registerFillCheckRoutes } from './fill-check.routes.js';
import { labelsPdf, MAX_LABELS } from './labels.js';
import { CYLINDER_MODELS, CYLINDER_STATES, EVENT_LABELS, EVENT_TYPES, MODEL_KEYS, STATE_LABELS } from './models.js';
import { ANOMALY_KINDS } from './anomalies.sql.js';
import { registerPublicCylinderRoutes } from './public.routes.js';
import { attachRuntime, CylinderRuntime } from './runtime.js';
import { settingsSchema, updateSettings } from './settings.js';
import { loadTimeline, presentTimeline } from './timeline.js';

const tags = ['cylinders'];

export async function registerCylinderRoutes(app: FastifyInstance): Promise<void> {
  const rt = new CylinderRuntime(app.deps.db, app.deps.clock, (msg, err) => app.log.error({ err }, msg));
  attachRuntime(app.deps, rt);
  app.addHook('onReady', async () => rt.start());
  app.addHook('onClose', async () => rt.close());
  const r = typed(app);
  const db = app.deps.db;
  const now = () => app.deps.clock.now();
  const today = () => chinaDate(now());

  r.get('/api/v1/cylinders/meta', { schema: { tags, summary: '一瓶一码字典：型号、状态、环节、拒充原因、异常类型 / Vocabulary for forms and tables' } }, async (req) => {
    principalOf(req);
    return {
      models: MODEL_KEYS.map((k) => ({ key: k, ...CYLINDER_MODELS[k] })),
      states: CYLINDER_STATES.map((k) => ({ key: k, label: STATE_LABELS[k] })),
      eventTypes: EVENT_TYPES.map((k) => ({ key: k, label: EVENT_LABELS[k] })),
      fillReasons: FILL_REASONS,
      fillWarnings: FILL_WARNINGS,
      anomalyKinds: ANOMALY_KINDS,
      settings: await rt.settings(),
    };
  });

  r.get(
    '/api/v1/cylinders',
    {
      schema: {
        tags,
        summary: '气瓶台账列表（R6.1）/ Cylinder registry: region subtree, filters (state, model, inspection overdue/due_soon/valid, design life, refurbished, holder), code prefix or serial search, paging; total capped at 10000 (totalCapped)',
        querystring: listQuery,
      },
    },
    async (req) => listCylinders(db, principalOf(req), req.query, today(), await rt.settings()),
  );

  r.post(
    '/api/v1/cylinders',
    {
      schema: {
        tags,
        summary: '气瓶建档赋码（R6.1）/ Register a cylinder: government roles or the owner’s enterprise admin; no code → platform code QP+district+serial+check; next inspection = last (or manufacture) + interval; writes a commissioning event',
        body: createBody,
      },
    },
    async (req, reply) => reply.status(201).send(await createCylinder(db, principalOf(req), req.body, now(), today(), await rt.settings())),
  );

  r.get(
    '/api/v1/cylinders/labels.pdf',
    {
      schema: {
        tags,
        summary: `打印二维码标签 PDF / Printable QR labels (A4, 3×7): ?codes=A,B,… or a batch ?ownerEnterpriseId=&createdFrom=YYYY-MM-DD&createdTo=; at most ${MAX_LABELS}; each QR links to <publicBaseUrl>/c/<code>`,
        querystring: z.object({
          codes: z.string().max(20_000).optional(),
          ownerEnterpriseId: z.uuid().optional(),
          createdFrom: z.iso.date().optional(),
          createdTo: z.iso.date().optional(),
        }),
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const s = await rt.settings();
      let rows;
      if (req.query.codes) {
        const codes = req.query.codes.split(/[,\s]+/).filter(Boolean);
        if (codes.length > MAX_LABELS) throw invalidField('codes', 'cylinder.labels.tooMany', { max: MAX_LABELS });
        const found = await cylindersByCodes(db, p, codes);
        if (found.missing.length) throw new AppError('NOT_FOUND', 'cylinder.labels.missing', { codes: found.missing.slice(0, 20).join('、') });
        rows = found.rows;
      } else {
        const where = await cylinderWhere(db, p, { ownerEnterpriseId: req.query.ownerEnterpriseId }, today(), s);
        rows = await cylindersForLabels(db, where, req.query.createdFrom, req.query.createdTo, MAX_LABELS + 1);
        if (rows.length > MAX_LABELS) throw invalidField('createdFrom', 'cylinder.labels.tooMany', { max: MAX_LABELS });
      }
      if (!rows.length) throw new AppError('NOT_FOUND', 'cylinder.labels.none');
      const pdf = await labelsPdf(rows.map((x) => ({ code: x.c.code, url: publicUrlOf(s, x.c.code), ownerName: x.ownerName, modelLabel: CYLINDER_MODELS[x.c.model as keyof typeof CYLINDER_MODELS]?.label.zh ?? x.c.model, serialNumber: x.c.serialNumber })));
      return reply.header('Content-Type', 'application/pdf').header('Content-Disposition', 'inline; filename="cylinder-labels.pdf"').send(pdf);
    },
  );

  r.get(
    '/api/v1/cylinders/export.xlsx',
    { schema: { tags, summary: '导出气瓶台账（Excel，最多 200000 行）/ Export the filtered registry as xlsx', querystring: listQuery.omit({ page: true, pageSize: true }) } },
    async (req, reply) => {
      const p = principalOf(req);
      const s = await rt.settings();
      const where = await cylinderWhere(db, p, req.query, today(), s);
      const out = new PassThrough();
      writeExport(out, db, where, today(), s).catch((err: unknown) => {
        app.log.error({ err }, 'cylinder export failed');
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      return reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', `attachment; filename="cylinders.xlsx"; filename*=UTF-8''${encodeURIComponent('气瓶台账.xlsx')}`).send(out);
    },
  );

  r.get('/api/v1/cylinders/settings', { schema: { tags, summary: '一瓶一码部署设置 / Deployment settings (inspection interval, design life, tolerance, denial rule, anomaly thresholds, label URL)' } }, async (req) => {
    principalOf(req);
    return rt.settings();
  });

  r.patch(
    '/api/v1/cylinders/settings',
    { schema: { tags, summary: '修改一瓶一码设置（平台管理员，留痕）/ Change settings (platform admin, audited)', body: settingsSchema.partial().strict() } },
    async (req) => {
      const after = await updateSettings(db, principalOf(req), req.body);
      rt.invalidate('settings');
      return after;
    },
  );

  r.get(
    '/api/v1/cylinders/:code',
    {
      schema: {
        tags,
        summary: '气瓶详情与全程追溯时间线（R6.1, R6.3）/ One cylinder (derived inspection and design-life status, holder, last filling) with its full timeline',
        params: z.object({ code: codeParam }),
      },
    },
    async (req) => {
      const p = principalOf(req);
      const cylinder = await getCylinder(db, p, req.params.code, today(), await rt.settings());
      return { cylinder, events: presentTimeline(await loadTimeline(db, cylinder.id)) };
    },
  );

  r.patch(
    '/api/v1/cylinders/:code',
    { schema: { tags, summary: '修改气瓶档案（编码不可改；产权变更仅政府账号；留痕）/ Correct a cylinder record', params: z.object({ code: codeParam }), body: updateBody } },
    async (req) => updateCylinder(db, principalOf(req), req.params.code, req.body, now(), today(), await rt.settings()),
  );

  await registerFillCheckRoutes(app, rt);
  registerCustodyRoutes(app, rt);
  registerAnomalyRoutes(app);
  registerPublicCylinderRoutes(app);
  await app.register(registerCylinderImportRoutes, { runtime: rt });
}
