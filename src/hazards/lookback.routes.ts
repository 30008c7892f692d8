import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { createLookback, getLookback, listLookbacks, reboundStats, recordLookbackItem } from './lookback.service.js';

const tags = ['lookbacks'];
/** Record times are real time, like the hazard events they interleave with in trails (hazards.service.ts). */
const recordTime = () => new Date();
const isoDate = z.iso.date();

export function registerLookbackRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = app.deps.db;

  r.post(
    '/api/v1/hazards/lookbacks',
    {
      schema: {
        tags,
        summary: '发起回头看：随机抽取期间内已销号隐患 / Draw a random sample of hazards closed in a period for re-inspection (R4.6)',
        body: z.object({ regionId: z.uuid(), from: isoDate, to: isoDate, size: z.number().int().min(1).max(1000) }),
      },
    },
    async (req, reply) => reply.status(201).send(await createLookback(db, principalOf(req), req.body)),
  );

  r.get('/api/v1/hazards/lookbacks', { schema: { tags, summary: '回头看批次 / Look-back batches', querystring: z.object(pageQuery) } }, async (req) =>
    listLookbacks(db, principalOf(req), req.query),
  );

  r.get('/api/v1/hazards/lookbacks/:batchId', { schema: { tags, summary: '回头看批次及复查结果 / One batch with its items', params: z.object({ batchId: z.uuid() }) } }, async (req) =>
    getLookback(db, principalOf(req), req.params.batchId),
  );

  r.post(
    '/api/v1/hazards/lookbacks/:batchId/items/:itemId',
    {
      schema: {
        tags,
        summary: '记录复查结果：合格，或反弹（登记反弹隐患）/ Record a re-inspection: passed, or failed (a rebound hazard)',
        params: z.object({ batchId: z.uuid(), itemId: z.uuid() }),
        body: z.object({
          result: z.enum(['passed', 'failed']),
          note: z.string().trim().max(1000).optional(),
          photos: z.array(z.uuid()).max(20).default([]),
          description: z.string().trim().min(1).max(2000).optional(),
        }),
      },
    },
    async (req) => recordLookbackItem(db, principalOf(req), req.params.batchId, req.params.itemId, req.body, recordTime()),
  );

  r.get(
    '/api/v1/hazards/rebounds/stats',
    {
      schema: {
        tags,
        summary: '改后反弹统计（按区域、按复核销号人）/ Rebound counts per region and per reviewer',
        querystring: z.object({ regionId: z.uuid().optional(), from: isoDate.optional(), to: isoDate.optional() }),
      },
    },
    async (req) => reboundStats(db, principalOf(req), req.query),
  );
}
