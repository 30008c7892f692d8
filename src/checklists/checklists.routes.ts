import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loadSubject, SUBJECT_TYPES, type SubjectType } from '../registry/subjects.js';
import { principalOf, typed } from '../shared/http.js';
import type { ChecklistItemDef } from './checklist.types.js';
import { itemDefSchema } from './checklists.schema.js';
import { activeItems, addLocalItem, editItem, itemHistory, itemsForSubject, presentItem, regionPathOf } from './checklists.service.js';
import { LIBRARY_VERSION } from './library/index.js';

const tags = ['checklists'];

export function registerChecklistRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;

  r.get(
    '/api/v1/checklists/items',
    {
      schema: {
        tags,
        summary: '检查项库（当前版本）/ The checklist library in force for a region',
        querystring: z.object({ regionId: z.uuid().optional(), category: z.string().max(40).optional(), subjectType: z.enum(SUBJECT_TYPES as [string, ...string[]]).optional(), q: z.string().max(50).optional() }),
      },
    },
    async (req) => {
      const p = principalOf(req);
      const rows = await activeItems(db(), await regionPathOf(db(), req.query.regionId ?? p.regionId));
      const q = req.query;
      const items = rows
        .filter((x) => !q.category || x.def.category === q.category)
        .filter((x) => !q.subjectType || x.def.appliesTo.some((a) => a.subject === q.subjectType))
        .filter((x) => !q.q || x.def.text.zh.includes(q.q) || x.code.includes(q.q.toUpperCase()))
        .map(presentItem);
      return { libraryVersion: LIBRARY_VERSION, items };
    },
  );

  r.get(
    '/api/v1/checklists/for-subject',
    {
      schema: {
        tags,
        summary: '某检查对象适用的检查项（检查表单）/ The items an inspection form for this subject shows',
        querystring: z.object({ subjectType: z.enum(SUBJECT_TYPES as [string, ...string[]]), subjectId: z.uuid() }),
      },
    },
    async (req) => {
      const p = principalOf(req);
      const subject = await loadSubject(db(), p, req.query.subjectType as SubjectType, req.query.subjectId);
      const rows = itemsForSubject(await activeItems(db(), await regionPathOf(db(), subject.regionId)), { type: subject.type, kind: subject.kind, attrs: subject.attrs });
      return { subject: { type: subject.type, id: subject.id, name: subject.name, kind: subject.kind, regionId: subject.regionId }, libraryVersion: LIBRARY_VERSION, items: rows.map(presentItem) };
    },
  );

  r.get('/api/v1/checklists/items/:code/history', { schema: { tags, summary: '检查项修订历史 / Revisions of an item', params: z.object({ code: z.string().max(60) }) } }, async (req) => {
    principalOf(req);
    return { items: await itemHistory(db(), req.params.code) };
  });

  r.post(
    '/api/v1/checklists/items',
    { schema: { tags, summary: '新增本地检查项 / Add a local item for a region', body: z.object({ regionId: z.uuid(), def: itemDefSchema }) } },
    async (req, reply) => reply.status(201).send(await addLocalItem(db(), principalOf(req), req.body.regionId, req.body.def as ChecklistItemDef)),
  );

  r.put(
    '/api/v1/checklists/items/:code',
    { schema: { tags, summary: '修订检查项（旧版本保留）/ Correct an item; the old revision is kept', params: z.object({ code: z.string().max(60) }), body: z.object({ def: itemDefSchema }) } },
    async (req) => editItem(db(), principalOf(req), req.params.code, req.body.def as ChecklistItemDef),
  );

  r.post(
    '/api/v1/checklists/items/:code/retire',
    { schema: { tags, summary: '停用检查项 / Retire an item', params: z.object({ code: z.string().max(60) }), body: z.object({ def: itemDefSchema }) } },
    async (req) => editItem(db(), principalOf(req), req.params.code, req.body.def as ChecklistItemDef, true),
  );
}
