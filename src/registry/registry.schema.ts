import { z } from 'zod';
import type { FieldDef } from './fields.js';
import type { KindDef } from './kinds.js';

/** JSON shape of one field in API bodies; semantic checks (checksums, dates) run in the service. */
function fieldSchema(f: FieldDef): z.ZodType {
  switch (f.type) {
    case 'bool':
      return z.boolean();
    case 'int':
    case 'number':
      return z.number();
    case 'enum':
      return z.enum(f.options as [string, ...string[]]);
    default:
      return z.string().max(f.max ?? 500);
  }
}

/** Body schema of create (required fields required) or update (everything optional). */
export function bodySchema(def: KindDef, partial: boolean) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of def.fields) {
    const s = fieldSchema(f).describe(f.label.zh);
    shape[f.key] = partial || !f.required ? s.nullable().optional() : s;
  }
  for (const r of def.refs) {
    const s = z.uuid().describe(r.label.zh);
    shape[r.key] = partial || !r.required ? s.nullable().optional() : s;
  }
  return z.object(shape).strict();
}

/** List filters: one query parameter per filterable field. */
export function filterSchema(def: KindDef) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of def.fields.filter((x) => x.filter)) {
    shape[f.key] = f.type === 'bool' ? z.enum(['true', 'false']).optional() : z.enum(f.options as [string, ...string[]]).optional();
  }
  return shape;
}
