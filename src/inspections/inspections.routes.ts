import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SUBJECT_TYPES, type SubjectType } from '../registry/subjects.js';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { queryBool } from '../shared/validation.js';
import { coverage, uninspected } from './coverage.service.js';
import { getInspection, listInspections, submitInspection } from './inspections.service.js';

const tags = ['inspections'];
const subjectType = z.enum(SUBJECT_TYPES as [string, ...string[]]);

export function registerInspectionRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;

  r.post(
    '/api/v1/inspections',
    {
      schema: {
        tags,
        summary: '提交检查记录（提交后不可修改，更正须新建记录）/ Submit an inspection; immutable once stored',
        body: z.object({
          clientUuid: z.uuid(),
          subjectType,
          subjectId: z.uuid(),
          taskId: z.uuid().optional(),
          jointVisitId: z.uuid().optional(),
          startedAt: z.iso.datetime({ offset: true }).optional(),
          lat: z.number().min(-90).max(90).optional(),
          lng: z.number().min(-180).max(180).optional(),
          gpsAccuracyM: z.number().min(0).max(100000).optional(),
          notes: z.string().max(2000).optional(),
          coInspectorIds: z.array(z.uuid()).max(10).optional(),
          inspectorSignatures: z.array(z.uuid()).max(10),
          representativeName: z.string().trim().max(50).optional(),
          representativeSignature: z.uuid().optional(),
          writtenNoticeIssued: z.boolean().optional(),
          correctsId: z.uuid().optional(),
          answers: z
            .array(
              z.object({
                itemId: z.uuid(),
                result: z.enum(['pass', 'fail', 'na']).optional(),
                value: z.number().optional(),
                flags: z.record(z.string(), z.boolean()).optional(),
                photos: z.array(z.uuid()).max(10).optional(),
                note: z.string().max(1000).optional(),
              }),
            )
            .max(300),
        }),
      },
    },
    async (req, reply) => {
      const res = await submitInspection(db(), principalOf(req), { ...req.body, subjectType: req.body.subjectType as SubjectType }, app.deps.clock.now());
      return reply.status(res.duplicate ? 200 : 201).send({ inspection: res.inspection, hazards: res.hazards.map((h) => ({ id: h.id, code: h.code, severity: h.severity, subjectName: h.subjectName, itemCode: h.itemCode })), duplicate: res.duplicate });
    },
  );

  r.get(
    '/api/v1/inspections',
    { schema: { tags, summary: '检查记录列表 / Inspection records', querystring: z.object({ subjectType: subjectType.optional(), subjectId: z.uuid().optional(), kind: z.enum(['official', 'self', 'company']).optional(), ...pageQuery }) } },
    async (req) => listInspections(db(), principalOf(req), req.query),
  );

  r.get('/api/v1/inspections/:id', { schema: { tags, summary: '检查记录详情 / One inspection with its answers', params: z.object({ id: z.uuid() }) } }, async (req) =>
    getInspection(db(), principalOf(req), req.params.id),
  );

  const coverageQuery = z.object({
    regionId: z.uuid(),
    subjectType,
    kind: z.string().max(40).optional(),
    from: z.iso.date(),
    to: z.iso.date(),
    includeSelf: queryBool.optional(),
  });

  r.get('/api/v1/coverage', { schema: { tags, summary: '排查覆盖率 / Coverage by region, subject type and period', querystring: coverageQuery } }, async (req) =>
    coverage(db(), principalOf(req), { ...req.query, subjectType: req.query.subjectType as SubjectType }),
  );

  r.get(
    '/api/v1/coverage/uninspected',
    { schema: { tags, summary: '未排查对象清单 / Subjects not inspected in the period', querystring: coverageQuery.extend(pageQuery) } },
    async (req) => {
      const { page, pageSize, ...q } = req.query;
      return uninspected(db(), principalOf(req), { ...q, subjectType: q.subjectType as SubjectType }, { page, pageSize });
    },
  );
}
