/** The public check of a cylinder by its code (R6.5): no login (under /api/v1/public/). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typed } from '../shared/http.js';
import { chinaDate } from './dates.js';
import { PUBLIC_PROBLEMS, publicCheck } from './public.js';

export function registerPublicCylinderRoutes(app: FastifyInstance): void {
  typed(app).get(
    '/api/v1/public/cylinders/:code',
    {
      schema: {
        tags: ['public'],
        summary: '扫码查验气瓶（无需登录，R6.5）/ Public check of a cylinder',
        description:
          'For the page /c/{code} the QR label links to. `legitimate` = registered, not scrapped/seized/blacklisted/recalled, inspection valid, within design life, not two-phase; ' +
          `\`problems\`: ${PUBLIC_PROBLEMS.join(', ')}. Shows the owner, next inspection date and last filling (station, date, net weight) — nothing personal. ` +
          '`reportUrl` opens the public report of a suspicious cylinder.',
        params: z.object({ code: z.string().trim().min(1).max(200) }),
      },
    },
    async (req) => publicCheck(app.deps.db, req.params.code, chinaDate(app.deps.clock.now()), req.locale),
  );
}
