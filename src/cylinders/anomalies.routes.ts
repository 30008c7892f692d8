/** Routes of the anomalies pointing to illegal gas (R6.4): lists per region with explanations, summary, on-demand scan. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { anomalySummary, listAnomalies, scanOnDemand, setAnomalyStatus } from './anomalies.service.js';
import { ANOMALY_KINDS } from './anomalies.sql.js';

const tags = ['cylinders: anomalies'];
const status = z.enum(['open', 'confirmed', 'dismissed']);

export function registerAnomalyRoutes(app: FastifyInstance): void {
  const r = typed(app);
  const db = app.deps.db;

  r.get(
    '/api/v1/cylinders/anomalies',
    {
      schema: {
        tags,
        summary: '黑气异常线索列表（R6.4）/ Anomalies in scope with an explanation each, newest first',
        description: `Kinds: ${ANOMALY_KINDS.join(', ')} (docs/cylinders.md). Filter by region subtree (where it happened), kind, status, dates (China calendar), cylinder code.`,
        querystring: z.object({
          regionId: z.uuid().optional(),
          kind: z.enum(ANOMALY_KINDS).optional(),
          status: status.optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
          code: z.string().max(60).optional(),
          ...pageQuery,
        }),
      },
    },
    async (req) => listAnomalies(db, principalOf(req), req.query, req.locale),
  );

  r.get(
    '/api/v1/cylinders/anomalies/summary',
    {
      schema: {
        tags,
        summary: '异常线索按下级区域汇总 / Counts per kind for each child region of a region (drill-down)',
        querystring: z.object({ regionId: z.uuid().optional(), status: status.optional(), from: z.iso.date().optional(), to: z.iso.date().optional() }),
      },
    },
    async (req) => anomalySummary(db, principalOf(req), req.query),
  );

  r.post(
    '/api/v1/cylinders/anomalies/scan',
    {
      schema: {
        tags,
        summary: '立即运行异常扫描 / Run the scan now (task force, platform admin; full=true re-scans everything, platform admin). Also runs every minute in the background.',
        body: z.object({ full: z.boolean().default(false) }).strict().optional(),
      },
    },
    async (req) => scanOnDemand(db, principalOf(req), app.deps.clock.now(), req.body?.full ?? false),
  );

  r.post(
    '/api/v1/cylinders/anomalies/:id/status',
    {
      schema: {
        tags,
        summary: '核查异常线索：确认或排除 / Confirm or dismiss an anomaly after checking it',
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z.object({ status, note: z.string().trim().max(500).optional() }).strict(),
      },
    },
    async (req) => setAnomalyStatus(db, principalOf(req), req.params.id, req.body.status, req.body.note),
  );
}
