/** Routes of 一扫一充 (R6.2): the fill check, fillings, the check log, denial counts, entrustments. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { createEntrustment, listEntrustments, revokeEntrustment } from './entrustments.js';
import { denialCounts, listFillChecks } from './fill-check.report.js';
import { FILL_REASONS, FILL_WARNINGS } from './fill-check.rules.js';
import { fillCheck, recordFilling } from './fill-check.service.js';
import type { CylinderRuntime } from './runtime.js';

const tags = ['cylinders: 一扫一充'];

const fillCheckResponse = z.object({
  allowed: z.boolean().describe('true: 可以充装'),
  reasons: z.array(z.enum(FILL_REASONS)).describe('拒充原因代码（见 docs/cylinders.md）'),
  messages: z.array(z.string()).describe('拒充原因的中文说明（按请求语言）'),
  warnings: z.array(z.enum(FILL_WARNINGS)),
  warningMessages: z.array(z.string()),
  cylinder: z
    .object({
      code: z.string(),
      model: z.string(),
      modelLabel: z.string(),
      ownerName: z.string(),
      state: z.string(),
      allowableFillKg: z.number(),
      nextInspectionDate: z.string(),
      designLifeEnds: z.string().nullable(),
      lastFilledAt: z.date().nullable(),
    })
    .nullable()
    .describe('未登记时为 null'),
});

export async function registerFillCheckRoutes(app: FastifyInstance, rt: CylinderRuntime): Promise<void> {
  const r = typed(app);
  const db = app.deps.db;

  r.post(
    '/api/v1/cylinders/fill-checks',
    {
      schema: {
        tags,
        summary: '扫码充装前检查（一扫一充，R6.2）/ Fill check before filling',
        description:
          'Called by filling-station scales with `Authorization: Bearer <filling_station token>`, or by a station account (filling operator, enterprise admin). ' +
          'The station is the caller’s enterprise; `stationId`, when given, must be it. Answers allowed/denied with every reason: ' +
          FILL_REASONS.join(', ') +
          ' (docs/cylinders.md). Inspection due today is allowed; due yesterday is INSPECTION_OVERDUE. Every check is logged (append-only) and counted per station.',
        body: z.object({ code: z.string().trim().min(1).max(200).describe('扫到的气瓶编码'), stationId: z.uuid().optional().describe('充装单位（缺省为调用者所属企业）') }).strict(),
        response: { 200: fillCheckResponse },
      },
    },
    async (req) => fillCheck(rt, principalOf(req), req.body, req.locale),
  );

  r.post(
    '/api/v1/cylinders/fillings',
    {
      schema: {
        tags,
        summary: '登记充装（R6.2）/ Record a filling after an allowed scan',
        description:
          'Re-checks inside the filling transaction: a denied cylinder answers 409 with the reasons and nothing is recorded. A token must name the certified operator (`operatorId`, a person of the station with a valid 特种设备作业人员证). ' +
          'Pre-fill check must have passed. Net weight above allowable fill + tolerance (setting, default 0.5 kg) is an overfill: recorded as a failed post-fill check, `mayLeaveStation: false` until a passing `post_fill_check` event.',
        body: z
          .object({
            code: z.string().trim().min(1).max(200),
            stationId: z.uuid().optional(),
            netWeightKg: z.number().positive().max(200).describe('充装净重（千克）'),
            filledAt: z.iso.datetime({ offset: true }).optional(),
            operatorId: z.uuid().optional().describe('充装人员（从业人员 id）'),
            scaleId: z.string().trim().max(60).optional().describe('充装秤编号'),
            preFillCheck: z.object({ passed: z.boolean(), note: z.string().max(500).optional(), items: z.record(z.string(), z.boolean()).optional() }).describe('充装前检查'),
            postFillCheck: z.object({ leakOk: z.boolean().describe('检漏合格'), note: z.string().max(500).optional() }).describe('充装后检查（复秤由净重判定）'),
            lat: z.number().min(-90).max(90).optional(),
            lng: z.number().min(-180).max(180).optional(),
          })
          .strict(),
      },
    },
    async (req, reply) => reply.status(201).send(await recordFilling(db, rt, principalOf(req), req.body, req.locale, await rt.settings())),
  );

  r.get(
    '/api/v1/cylinders/fill-checks',
    {
      schema: {
        tags,
        summary: '扫码充装记录（含被拒）/ The fill-check log in scope, newest first',
        querystring: z.object({ stationId: z.uuid().optional(), allowed: z.enum(['true', 'false']).optional(), code: z.string().max(60).optional(), from: z.iso.date().optional(), to: z.iso.date().optional(), ...pageQuery }),
      },
    },
    async (req) => {
      await rt.fillLog.flush();
      return listFillChecks(db, principalOf(req), { ...req.query, allowed: req.query.allowed === undefined ? undefined : req.query.allowed === 'true' }, req.locale);
    },
  );

  r.get(
    '/api/v1/cylinders/fill-checks/denials',
    {
      schema: {
        tags,
        summary: '各充装单位拒充次数（按日/周/月，市场监管）/ Denied fill checks per station per period',
        description: 'For market supervision and the task force (and an enterprise for its own stations): per station and period (China calendar), checks, denials and denials by reason, most denials first.',
        querystring: z.object({
          regionId: z.uuid().optional(),
          stationId: z.uuid().optional(),
          period: z.enum(['day', 'week', 'month']).default('day'),
          from: z.iso.date().optional().describe('缺省为 30 天前'),
          to: z.iso.date().optional().describe('缺省为今天'),
        }),
      },
    },
    async (req) => {
      await rt.fillLog.flush();
      return denialCounts(db, principalOf(req), req.query, rt.clock.now());
    },
  );

  r.get('/api/v1/cylinders/entrustments', { schema: { tags, summary: '委托充装关系 / Entrustments (owner → station) in scope' } }, async (req) => ({ items: await listEntrustments(db, principalOf(req)) }));

  r.post(
    '/api/v1/cylinders/entrustments',
    {
      schema: {
        tags,
        summary: '登记委托充装 / Entrust a station to fill the owner’s cylinders (owner admin or government; saves over an existing pair)',
        body: z.object({ ownerEnterpriseId: z.uuid().optional(), stationId: z.uuid(), validFrom: z.iso.date(), validUntil: z.iso.date().nullable().optional(), contractNo: z.string().trim().max(60).optional() }).strict(),
      },
    },
    async (req, reply) => {
      const row = await createEntrustment(db, principalOf(req), req.body);
      rt.invalidate(`station:${row.stationId}`);
      return reply.status(201).send(row);
    },
  );

  r.post(
    '/api/v1/cylinders/entrustments/:id/revoke',
    { schema: { tags, summary: '撤销委托充装 / Revoke an entrustment', params: z.object({ id: z.uuid() }) } },
    async (req) => {
      const row = await revokeEntrustment(db, principalOf(req), req.params.id);
      rt.invalidate(`station:${row.stationId}`);
      return row;
    },
  );
}
