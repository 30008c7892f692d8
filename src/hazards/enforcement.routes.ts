import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { todayInChina } from '../registry/registry.routes.js';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { ENFORCEMENT_KINDS } from './enforcement.rules.js';
import { hazardEnforcement, recordEnforcement, restoreSupply, supplyHazards, suspendSupply } from './enforcement.service.js';

const tags = ['enforcement'];
/** Record times are real time, like the hazard events they interleave with in trails (hazards.service.ts). */
const recordTime = () => new Date();
const params = z.object({ id: z.uuid() });
const text = (max: number) => z.string().trim().min(1).max(max);

/** What every enforcement step records: date, officer, document number, files, note. */
const stepFields = {
  /** Defaults to today (China time). */
  actionDate: z.iso.date().optional(),
  officer: text(100),
  documentNo: text(100).optional(),
  files: z.array(z.uuid()).max(20).default([]),
  note: text(2000).optional(),
};

export function registerEnforcementRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = app.deps.db;
  const today = () => todayInChina(app.deps.clock.now());

  r.post(
    '/api/v1/hazards/:id/enforcement',
    {
      schema: {
        tags,
        summary: '记录执法措施：责令停止使用、查封扣押、罚款、吊销许可证、移送市场监管溯源、移送公安 / Record an enforcement step (R4.5)',
        params,
        body: z.object({ kind: z.enum(ENFORCEMENT_KINDS), amountYuan: z.number().positive().max(1e11).multipleOf(0.01).optional(), ...stepFields }),
      },
    },
    async (req, reply) => {
      const { kind, ...input } = req.body;
      const row = await recordEnforcement(db, principalOf(req), req.params.id, kind, { ...input, actionDate: input.actionDate ?? today() }, recordTime());
      return reply.status(201).send(row);
    },
  );

  r.get('/api/v1/hazards/:id/enforcement', { schema: { tags, summary: '隐患的执法措施与供气状态 / Enforcement steps and supply state of a hazard', params } }, async (req) =>
    hazardEnforcement(db, principalOf(req), req.params.id),
  );

  r.post(
    '/api/v1/hazards/:id/supply/suspend',
    { schema: { tags, summary: '暂停供气（拒不整改的用户；供气企业或监管人员）/ Suspend gas supply to the user of this hazard', params, body: z.object(stepFields) } },
    async (req, reply) => {
      const b = req.body;
      return reply.status(201).send(await suspendSupply(db, principalOf(req), req.params.id, { ...b, actionDate: b.actionDate ?? today() }, recordTime()));
    },
  );

  r.post(
    '/api/v1/hazards/:id/supply/restore',
    { schema: { tags, summary: '恢复供气（隐患销号后）/ Restore gas supply once the hazard is closed', params, body: z.object(stepFields) } },
    async (req, reply) => {
      const b = req.body;
      return reply.status(201).send(await restoreSupply(db, principalOf(req), req.params.id, { ...b, actionDate: b.actionDate ?? today() }, recordTime()));
    },
  );

  r.get(
    '/api/v1/hazards/supply',
    { schema: { tags, summary: '供气用户的隐患（可暂停、待恢复供气）/ Hazards of gas users the caller supplies', querystring: z.object(pageQuery) } },
    async (req) => supplyHazards(db, principalOf(req), req.query),
  );
}
