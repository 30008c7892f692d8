/**
 * Before/after of an audit entry as rows, one per field. For a change (both sides present) the
 * changed fields are marked and come first; a creation or deletion lists its fields as they are.
 */
export interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Stable JSON (sorted keys) so that reordered objects do not count as changes. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export function diffRows(before: unknown, after: unknown): DiffRow[] {
  if (before == null && after == null) return [];
  if ((before == null || isRecord(before)) && (after == null || isRecord(after))) {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    const both = before != null && after != null;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    const rows = keys.map((field) => ({
      field,
      before: before == null ? undefined : b[field],
      after: after == null ? undefined : a[field],
      changed: both && canonical(b[field]) !== canonical(a[field]),
    }));
    return both ? [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)] : rows;
  }
  // Lists and plain values (e.g. the rules a preset replaced) are compared whole.
  return [{ field: '(value)', before, after, changed: before != null && after != null && canonical(before) !== canonical(after) }];
}

export function formatValue(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v, null, 1);
}
