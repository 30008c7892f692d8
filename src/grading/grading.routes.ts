import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { todayInChina } from '../registry/registry.routes.js';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { configVersion, enterpriseGrade, gradingConfig, listGrades, putGradingConfig, recomputeOne } from './grading.service.js';
import { DEFAULT_GRADING, DIMENSIONS, GRADES, VETOES, type Dimension, type Grade, type Veto } from './grading.rules.js';

const tags = ['grading'];
const grade = z.enum(GRADES);
const record = <K extends string, V extends z.ZodTypeAny>(keys: readonly K[], v: V) => z.object(Object.fromEntries(keys.map((k) => [k, v])) as Record<K, V>);
const configBody = z.object({
  weights: record<Dimension, z.ZodNumber>(DIMENSIONS, z.number().min(0).max(1000)),
  thresholds: z.object({ A: z.number().min(0).max(1000), B: z.number().min(0).max(1000), C: z.number().min(0).max(1000) }),
  vetoCaps: record<Veto, typeof grade>(VETOES, grade),
  majorWeight: z.number().min(1).max(100),
  inspectionIntervalMonths: record<Grade, z.ZodNumber>(GRADES, z.number().int().min(1).max(60)),
  lookbackMonths: z.number().int().min(1).max(60),
});

export function registerGradingRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;
  const now = () => app.deps.clock.now();

  r.get('/api/v1/grading/config', { schema: { tags, summary: '企业分级配置（权重、阈值、否决项、各等级检查频次）/ Grading configuration' } }, async (req) => {
    principalOf(req);
    const config = await gradingConfig(db());
    return { config, version: configVersion(config), defaults: DEFAULT_GRADING };
  });

  r.put('/api/v1/grading/config', { schema: { tags, summary: '修改企业分级配置（平台管理员）/ Edit the grading configuration', body: configBody } }, async (req) =>
    putGradingConfig(db(), principalOf(req), req.body),
  );

  r.get('/api/v1/grading/intervals', { schema: { tags, summary: '各等级日常检查间隔（月），供周期检查计划使用 / Inspection interval in months by grade' } }, async (req) => {
    principalOf(req);
    return (await gradingConfig(db())).inspectionIntervalMonths;
  });

  r.get(
    '/api/v1/grading/enterprises',
    { schema: { tags, summary: '企业分级结果（当前）/ Current grades of the enterprises in a region', querystring: z.object({ regionId: z.uuid().optional(), grade: grade.optional(), ...pageQuery }) } },
    async (req) => listGrades(db(), principalOf(req), req.query),
  );

  r.get('/api/v1/grading/enterprises/:id', { schema: { tags, summary: '一家企业的等级、得分说明与历史 / One enterprise: grade, explanation, history', params: z.object({ id: z.uuid() }) } }, async (req) =>
    enterpriseGrade(db(), principalOf(req), req.params.id),
  );

  r.post('/api/v1/grading/enterprises/:id/recompute', { schema: { tags, summary: '立即重新评定 / Grade one enterprise now', params: z.object({ id: z.uuid() }) } }, async (req) =>
    recomputeOne(db(), principalOf(req), req.params.id, now(), todayInChina(now())),
  );
}
