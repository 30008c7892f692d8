import { z } from 'zod';
import { HAZARD_CATEGORIES, TASK_KINDS } from '../departments/taxonomy.js';
import { MEASURES } from './checklist.types.js';

const label = z.object({ zh: z.string().trim().min(1).max(500), en: z.string().trim().max(500) });

/** An item as admins submit it (local items, corrections); checked further by validateLibrary. */
export const itemDefSchema = z.object({
  code: z.string().trim().regex(/^[A-Z]{2,5}-[A-Z0-9.-]{1,40}$/),
  text: label,
  category: z.enum(HAZARD_CATEGORIES),
  appliesTo: z
    .array(
      z.object({
        subject: z.enum(['venue', 'household', 'enterprise', 'facility', 'vehicle']),
        kinds: z.array(z.string().max(40)).max(50).optional(),
        where: z.record(z.string(), z.array(z.union([z.string(), z.boolean()]))).optional(),
      }),
    )
    .min(1),
  severity: z.union([
    z.object({ kind: z.literal('fixed'), severity: z.enum(['major', 'general']) }),
    z.object({ kind: z.literal('operator_if_no_notice'), article: z.string().regex(/^9\.\d$/), subjectSeverity: z.enum(['major', 'general']).optional() }),
  ]),
  basis: z.string().trim().min(1).max(300),
  taskKind: z.enum(TASK_KINDS),
  measure: z.enum(MEASURES),
  measured: z
    .object({
      unit: z.enum(['m', 'kg', 'mm', 'year', 'month', '%LEL', 'ppm', 'kPa', 'count']),
      failWhen: z.enum(['>', '>=', '<', '<=', 'outside']),
      limit: z.number(),
      upper: z.number().optional(),
      unlessFlag: z.object({ key: z.string().regex(/^[a-zA-Z]\w{0,39}$/), label }).optional(),
      limitKey: z.string().max(60).optional(),
      upperKey: z.string().max(60).optional(),
    })
    .optional(),
  standardArticle: z.object({ id: z.string().max(10), status: z.enum(['confirmed', 'to confirm']) }).optional(),
});
