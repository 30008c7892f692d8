import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.js';
import { PHASE_KEYS, type PhaseKey } from '../campaigns/calendar.rules.js';
import { resolvePeriod } from '../dashboard/period.js';
import { todayInChina } from '../registry/registry.routes.js';
import { actorOf, principalOf, typed } from '../shared/http.js';
import { bulletinPdf } from './bulletin.pdf.js';
import { evaluate, getWeights, putWeights } from './evaluation.service.js';

const tags = ['evaluation'];
const isoDate = z.iso.date();
const periodQuery = {
  regionId: z.uuid().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  campaignId: z.uuid().optional(),
  phase: z.enum(PHASE_KEYS as [PhaseKey, ...PhaseKey[]]).optional(),
};
const weightsBody = z.object({
  coverage: z.number().min(0).max(100),
  rectification: z.number().min(0).max(100),
  overdue: z.object({ weight: z.number().min(0).max(100), perItem: z.number().min(0).max(100) }),
  rebounds: z.object({ weight: z.number().min(0).max(100), perItem: z.number().min(0).max(100) }),
  timeliness: z.number().min(0).max(100),
});

export function registerEvaluationRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;
  const today = () => todayInChina(app.deps.clock.now());

  r.get('/api/v1/evaluation', { schema: { tags, summary: '督导评估：镇街与部门得分、排名、各项得分说明 / Scores and ranking of towns and departments', querystring: z.object(periodQuery) } }, async (req) => {
    const p = principalOf(req);
    const period = await resolvePeriod(db(), p, req.query, today());
    return evaluate(db(), p, req.query.regionId, period, today());
  });

  r.get('/api/v1/evaluation/weights', { schema: { tags, summary: '评估权重（可编辑）/ The evaluation weights of a region', querystring: z.object({ regionId: z.uuid() }) } }, async (req) =>
    getWeights(db(), principalOf(req), req.query.regionId),
  );

  r.put(
    '/api/v1/evaluation/weights',
    { schema: { tags, summary: '修改评估权重（合计 100 分）/ Edit the weights (total 100)', querystring: z.object({ regionId: z.uuid() }), body: weightsBody } },
    async (req) => putWeights(db(), principalOf(req), req.query.regionId, req.body),
  );

  r.get(
    '/api/v1/evaluation/bulletin',
    { schema: { tags, summary: '督导评估通报（PDF）/ The bulletin (通报) as PDF', querystring: z.object({ ...periodQuery, issuer: z.string().trim().max(60).optional() }) } },
    async (req, reply) => {
      const p = principalOf(req);
      const period = await resolvePeriod(db(), p, req.query, today());
      const ev = await evaluate(db(), p, req.query.regionId, period, today());
      const pdf = await bulletinPdf(ev, req.query.issuer ?? `${ev.region.name}燃气安全专项整治工作专班`, today());
      await recordAudit(db(), actorOf(p), { action: 'evaluation.bulletin', entityType: 'region', entityId: ev.region.id, regionId: ev.region.id, after: { period, towns: ev.towns.length, departments: ev.departments.length } });
      return reply.header('Content-Type', 'application/pdf').header('Content-Disposition', `attachment; filename="bulletin-${period.from}-${period.to}.pdf"`).send(pdf);
    },
  );
}
