/**
 * SQL expression builders for the city generator: deterministic pseudo-randomness from
 * hashint8extended (stable across PostgreSQL versions since 11), picks from arrays, weighted
 * choices and the national check characters, all evaluated inside PostgreSQL so a million rows
 * never cross the wire.
 */

const MASK63 = '9223372036854775807';

/** A SQL string literal. */
export const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A SQL text[] literal. */
export const arr = (xs: readonly string[]): string => `ARRAY[${xs.map(lit).join(',')}]::text[]`;

/** Pseudo-random numbers keyed by (seed, stream tag, row number): the same inputs, the same values. */
export class SqlRandom {
  constructor(private readonly seed: number) {}

  /** A non-negative bigint for row `i` (an SQL integer expression) in stream `tag` (0–999). */
  r(i: string, tag: number): string {
    return `(hashint8extended((${i})::int8, ${this.seed * 1000 + tag}::int8) & ${MASK63})`;
  }

  /** An integer in [0, n). */
  int(i: string, tag: number, n: number | string): string {
    return `(${this.r(i, tag)} % (${n}))::int`;
  }

  /** A float in [0, 1). */
  u(i: string, tag: number): string {
    return `((${this.r(i, tag)} % 1000000)::float8 / 1000000.0)`;
  }

  /** One element of a literal array. */
  pick(xs: readonly string[], i: string, tag: number): string {
    return `(${arr(xs)})[1 + ${this.int(i, tag, xs.length)}]`;
  }

  /** One element of an array-valued SQL expression (NULL when the array is empty or NULL). */
  pickFrom(arrayExpr: string, i: string, tag: number): string {
    return `(${arrayExpr})[1 + ${this.int(i, tag, `greatest(coalesce(cardinality(${arrayExpr}), 0), 1)`)}]`;
  }

  /** A deterministic version-4-shaped UUID (the API's z.uuid() checks version and variant). */
  uuid(key: string): string {
    const m = `md5(${key})`;
    return `overlay(overlay(${m} placing '4' from 13 for 1) placing translate(substr(${m}, 17, 1), '0123456789abcdef', '89ab89ab89ab89ab') from 17 for 1)::uuid`;
  }
}

/** CASE over cumulative shares: `u` (a float in [0,1)) picks a value; the last takes the rest. */
export function weighted(u: string, items: readonly (readonly [string, number])[]): string {
  if (items.length === 1) return lit(items[0]![0]);
  const total = items.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const whens = items.slice(0, -1).map(([v, w]) => {
    acc += w / total;
    return `WHEN ${u} < ${acc.toFixed(6)} THEN ${lit(v)}`;
  });
  return `(CASE ${whens.join(' ')} ELSE ${lit(items[items.length - 1]![0])} END)`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643 check character of an SQL expression holding the first 17 digits. */
export function idCheckChar(b17: string): string {
  const terms = ID_WEIGHTS.map((w, k) => `substr(${b17}, ${k + 1}, 1)::int * ${w}`).join(' + ');
  return `substr('10X98765432', ((${terms}) % 11) + 1, 1)`;
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 check character of an SQL expression holding the first 17 characters. */
export function creditCheckChar(b17: string): string {
  const a = lit(CREDIT_ALPHABET);
  const terms = CREDIT_WEIGHTS.map((w, k) => `(strpos(${a}, substr(${b17}, ${k + 1}, 1)) - 1) * ${w}`).join(' + ');
  return `substr(${a}, ((31 - ((${terms}) % 31)) % 31) + 1, 1)`;
}

/** `n` (an SQL integer expression, 0 ≤ n < 31^len) written in `len` characters of the credit-code alphabet. */
export function base31(n: string, len: number): string {
  const a = lit(CREDIT_ALPHABET);
  const parts: string[] = [];
  for (let k = len - 1; k >= 0; k--) parts.push(`substr(${a}, ((${n}) / ${31 ** k}::int8 % 31)::int + 1, 1)`);
  return parts.join(' || ');
}
