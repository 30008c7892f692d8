import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SUBJECT_TYPES, type SubjectType } from '../registry/subjects.js';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { queryBool } from '../shared/validation.js';
import { createCase, listCases, updateCase } from './cases.service.js';
import { REPORT_STATUSES } from './public.rules.js';
import { assignReport, getReport, listReports, reportToHazard, transferReport, verifyReport } from './reports.service.js';

const tags = ['public reports'];
const idParams = z.object({ id: z.uuid() });
const isoDate = z.iso.date();

/** Officers' side of public reports (R8.1) and the typical cases they publish (R8.2). */
export function registerReportRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;
  const crypto = () => app.deps.crypto;

  r.get(
    '/api/v1/reports',
    {
      schema: {
        tags,
        summary: '群众举报办理台账（举报人信息脱敏）/ Public reports in the caller’s region (reporter masked)',
        querystring: z.object({ regionId: z.uuid().optional(), status: z.enum(REPORT_STATUSES).optional(), from: isoDate.optional(), to: isoDate.optional(), mine: queryBool.optional(), ...pageQuery }),
      },
    },
    async (req) => listReports(db(), principalOf(req), crypto(), req.query),
  );

  r.get('/api/v1/reports/:id', { schema: { tags, summary: '举报详情（仅承办人可见举报人信息，查看留痕）/ One report; identity only for the assigned officer, audited', params: idParams } }, async (req) =>
    getReport(db(), principalOf(req), crypto(), req.params.id),
  );

  r.post(
    '/api/v1/reports/:id/assign',
    { schema: { tags, summary: '承办（本人认领，或专班指定承办人）/ Take the report, or assign an officer', params: idParams, body: z.object({ accountId: z.uuid().optional() }) } },
    async (req) => assignReport(db(), principalOf(req), crypto(), req.params.id, req.body.accountId ?? null),
  );

  r.post(
    '/api/v1/reports/:id/transfer',
    { schema: { tags, summary: '转至辖区并重新分派 / Move to a region and route again', params: idParams, body: z.object({ regionId: z.uuid() }) } },
    async (req) => transferReport(db(), principalOf(req), crypto(), req.params.id, req.body.regionId),
  );

  r.post(
    '/api/v1/reports/:id/verify',
    {
      schema: {
        tags,
        summary: '核查结论：查实（列入奖励）或不实 / Verify as substantiated (flagged for reward) or not',
        params: idParams,
        body: z.object({ result: z.enum(['substantiated', 'unsubstantiated']), notes: z.string().trim().min(1).max(2000), publicOutcome: z.string().trim().min(1).max(500).optional() }),
      },
    },
    async (req) => verifyReport(db(), principalOf(req), crypto(), req.params.id, req.body),
  );

  r.post(
    '/api/v1/reports/:id/hazard',
    {
      schema: {
        tags,
        summary: '查实举报登记为隐患（来源：群众举报）/ Put a substantiated report on the hazard ledger',
        params: idParams,
        body: z.object({ subjectType: z.enum(SUBJECT_TYPES as [string, ...string[]]), subjectId: z.uuid(), severity: z.enum(['major', 'general']), description: z.string().trim().min(1).max(2000).optional() }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await reportToHazard(db(), principalOf(req), crypto(), req.params.id, { ...req.body, subjectType: req.body.subjectType as SubjectType }, app.deps.clock.now())),
  );

  const caseBody = z.object({ regionId: z.uuid(), title: z.string().trim().min(1).max(100), summary: z.string().trim().min(1).max(5000), caseDate: isoDate, hazardId: z.uuid().nullable().optional() });
  r.get('/api/v1/cases', { schema: { tags, summary: '典型案例管理 / Typical cases (curated)' } }, async (req) => listCases(db(), principalOf(req)));
  r.post('/api/v1/cases', { schema: { tags, summary: '新增典型案例 / Add a typical case', body: caseBody } }, async (req, reply) => reply.status(201).send(await createCase(db(), principalOf(req), req.body)));
  r.patch(
    '/api/v1/cases/:id',
    { schema: { tags, summary: '修改、发布或撤回典型案例 / Edit, publish or withdraw a case', params: idParams, body: caseBody.omit({ regionId: true }).partial().extend({ published: z.boolean().optional() }) } },
    async (req) => updateCase(db(), principalOf(req), req.params.id, req.body),
  );
}
