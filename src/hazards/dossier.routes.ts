import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SUBJECT_TYPES, type SubjectType } from '../registry/subjects.js';
import { principalOf, typed } from '../shared/http.js';
import { todayInChina } from '../registry/registry.routes.js';
import { sendPdf, sendXlsx } from './downloads.js';
import { renderDossierPdf } from './dossier.pdf.js';
import { gatherDossier } from './dossier.service.js';
import { writeDossierXlsx } from './dossier.xlsx.js';

const tags = ['dossiers'];
const params = z.object({ type: z.enum(SUBJECT_TYPES as [SubjectType, ...SubjectType[]]), id: z.uuid() });

export function registerDossierRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = app.deps.db;

  r.get('/api/v1/subjects/:type/:id/dossier.pdf', { schema: { tags, summary: '责任倒查档案（PDF）/ Accountability dossier of a subject as PDF (R4.7)', params } }, async (req, reply) => {
    const d = await gatherDossier(db, principalOf(req), req.params.type, req.params.id, app.deps.clock.now());
    const day = todayInChina(app.deps.clock.now());
    return sendPdf(reply, await renderDossierPdf(d), `责任倒查档案-${d.subject.name}-${day}.pdf`, `dossier-${req.params.type}-${day}.pdf`);
  });

  r.get('/api/v1/subjects/:type/:id/dossier.xlsx', { schema: { tags, summary: '责任倒查档案（Excel，每类记录一张表）/ Accountability dossier as Excel, one sheet per kind of record', params } }, async (req, reply) => {
    const d = await gatherDossier(db, principalOf(req), req.params.type, req.params.id, app.deps.clock.now());
    const day = todayInChina(app.deps.clock.now());
    return sendXlsx(app, reply, `责任倒查档案-${d.subject.name}-${day}.xlsx`, `dossier-${req.params.type}-${day}.xlsx`, (out) => writeDossierXlsx(out, d));
  });
}
