/**
 * PostgreSQL array literals for `unnest($1::uuid[], …)` batch statements, built by hand for the
 * hot path (node-postgres would quote and escape every element). Only for values that need no
 * escaping: uuids, numbers, and device codes (letters, digits and . _ : -). Text that may hold
 * anything goes as a plain JS array, which node-postgres escapes.
 */
export const uuidArray = (ids: readonly string[]): string => `{${ids.join(',')}}`;

export const numArray = (xs: readonly (number | null)[]): string => `{${xs.map((x) => (x === null ? 'NULL' : String(x))).join(',')}}`;

/** Quoted, so that a code like "null" stays a string. Codes never contain quotes or backslashes. */
export const codeArray = (codes: readonly string[]): string => `{${codes.map((c) => `"${c}"`).join(',')}}`;
