/** Routes of the chain of custody (R6.3, R6.6): record a step, read the timeline (JSON or EPCIS), the 随瓶安检 form. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { presentItem } from '../checklists/checklists.service.js';
import { loadSubject } from '../registry/subjects.js';
import { forbidden } from '../shared/errors.js';
import { principalOf, typed } from '../shared/http.js';
import { deliveryItems } from './custody.delivery.js';
import { eventBody } from './custody.schema.js';
import { presentEvent, recordStep } from './custody.service.js';
import { codeParam } from './cylinders.schema.js';
import { loadCylinder, publicUrlOf } from './cylinders.service.js';
import { epcisDocument } from './epcis.js';
import type { CylinderRuntime } from './runtime.js';
import { loadTimeline, presentTimeline } from './timeline.js';

const tags = ['cylinders: custody'];

export function registerCustodyRoutes(app: FastifyInstance, rt: CylinderRuntime): void {
  const r = typed(app);
  const db = app.deps.db;

  r.post(
    '/api/v1/cylinders/:code/events',
    {
      schema: {
        tags,
        summary: '登记流转环节（R6.3/R6.6）/ Record a custody step',
        description:
          'One scan with time, place (GPS or region) and the caller. `type`: post_fill_check (re-weigh/leak after a failed post-fill check), leave_station (refused while the last post-fill check failed), ' +
          'load (vehicle + worker; 人车不对应 and other mismatches are recorded as `flags`, not refused), deliver (real-name venue or household user + 随瓶安检 answers of GET /cylinders/delivery-checklist; failures become hazards of the user), ' +
          'collect_empty, send_to_inspection, inspection_result (pass → last/next inspection dates; fail = 判废 → scrapped), scrap (去功能化), recall, seize, blacklist, release (government). ' +
          'Who may record what: docs/cylinders.md. Delivery is idempotent on check.clientUuid.',
        params: z.object({ code: codeParam }),
        body: eventBody,
      },
    },
    async (req, reply) => {
      const out = await recordStep(db, principalOf(req), req.params.code, req.body, rt.clock.now(), await rt.settings());
      return reply.status(out.duplicate ? 200 : 201).send({ ...out, event: presentEvent(out.event) });
    },
  );

  r.get(
    '/api/v1/cylinders/:code/events',
    {
      schema: {
        tags,
        summary: '全程追溯时间线 / The full timeline; ?format=epcis gives a GS1 EPCIS 2.0 JSON-LD EPCISDocument (application/ld+json)',
        params: z.object({ code: codeParam }),
        querystring: z.object({ format: z.enum(['json', 'epcis']).default('json') }),
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const { c } = await loadCylinder(db, p, req.params.code);
      const events = await loadTimeline(db, c.id);
      if (req.query.format === 'json') return { code: c.code, events: presentTimeline(events) };
      const s = await rt.settings();
      const doc = epcisDocument({ epc: c.grai ?? publicUrlOf(s, c.code), code: c.code, events, created: rt.clock.now(), baseUrl: s.publicBaseUrl });
      return reply.header('Content-Type', 'application/ld+json; charset=utf-8').send(JSON.stringify(doc));
    },
  );

  r.get(
    '/api/v1/cylinders/delivery-checklist',
    {
      schema: {
        tags,
        summary: '随瓶安检表 / The 随瓶安检 items (DLV-…) for a user, to answer in a delivery',
        querystring: z.object({ userType: z.enum(['venue', 'household']), userId: z.uuid() }),
      },
    },
    async (req) => {
      const p = principalOf(req);
      if (p.kind !== 'account') throw forbidden();
      const subject = await loadSubject(db, p, req.query.userType, req.query.userId);
      return { subject: { type: subject.type, id: subject.id, name: subject.name }, items: (await deliveryItems(db, subject)).map(presentItem) };
    },
  );
}
