import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { todayInChina } from '../registry/registry.routes.js';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { sendXlsx } from './downloads.js';
import { hazardFilters } from './hazards.routes.js';
import { hazardWhere } from './hazards.service.js';
import { assertExportable, writeLedger } from './ledger.export.js';
import { listMajorHazards } from './major.service.js';

const tags = ['hazards'];

export function registerLedgerRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = app.deps.db;
  const today = () => todayInChina(app.deps.clock.now());

  r.get(
    '/api/v1/hazards/export.xlsx',
    { schema: { tags, summary: '导出隐患整治台账（与列表相同的筛选）/ Export the hazard ledger to Excel (same filters as the list)', querystring: z.object(hazardFilters) } },
    async (req, reply) => {
      const p = principalOf(req);
      const day = today();
      const where = await hazardWhere(db, p, req.query, day);
      await assertExportable(db, where);
      return sendXlsx(app, reply, `隐患整治台账-${day}.xlsx`, `hazard-ledger-${day}.xlsx`, (out) => writeLedger(out, db, where, day));
    },
  );

  r.get(
    '/api/v1/hazards/major',
    {
      schema: {
        tags,
        summary: '重大隐患清单：未销号及近期销号，逾期在前，含督办级别 / Major hazards, open and recently closed, overdue first (R4.8)',
        querystring: z.object({ regionId: z.uuid().optional(), recentDays: z.coerce.number().int().min(0).max(366).default(30), ...pageQuery }),
      },
    },
    async (req) => listMajorHazards(db, principalOf(req), req.query, app.deps.clock.now(), today()),
  );
}
