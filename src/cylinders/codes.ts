/**
 * Cylinder codes (一瓶一码, R6.1) — the format is described in docs/cylinders.md.
 *
 * - Any code a cylinder already carries (the maker's electronic mark under GB 5842-2023, a former
 *   local system's code) is kept as it is: 4–40 characters of `0-9 A-Z -`, upper-cased on entry.
 * - A code the platform issues is `QP` + the owner's 6-digit district code (GB/T 2260) + an 8-digit
 *   serial from a database sequence (never reset, so never reused) + one ISO/IEC 7064 MOD 37,36
 *   check character, e.g. `QP50011100000042T`: the district tells an inspector whose jurisdiction
 *   issued it, the check character catches a mistyped code at a scale keyboard.
 *
 * Pure functions; tests in codes.test.ts.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Codes as stored: upper case, no spaces. */
export const CODE_PATTERN = /^[0-9A-Z][0-9A-Z-]{3,39}$/;
/** A platform-issued code: QP + 6-digit district + 8-digit serial + check character. */
export const ISSUED_PATTERN = /^QP(\d{6})(\d{8})([0-9A-Z])$/;

/** Trim, drop inner spaces, upper-case (`qp 5001…` as typed at a scale → `QP5001…`). */
export function normaliseCode(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** ISO/IEC 7064 MOD 37,36 (hybrid system) check character over `0-9 A-Z` (other characters ignored). */
export function checkChar(body: string): string {
  const m = 36;
  let p = m;
  for (const ch of body) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) continue;
    let s = (p + v) % m;
    if (s === 0) s = m;
    p = (s * 2) % (m + 1);
  }
  return ALPHABET[(m + 1 - p) % m]!;
}

/** The code for a serial issued in a district. */
export function issueCode(districtCode: string, serial: number): string {
  if (!/^\d{6}$/.test(districtCode)) throw new Error(`district code must be 6 digits, got ${districtCode}`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 99_999_999) throw new Error(`serial out of range: ${serial}`);
  const body = `QP${districtCode}${String(serial).padStart(8, '0')}`;
  return body + checkChar(body);
}

export type CodeProblem = 'format' | 'check';

/** Why a (normalised) code is not acceptable, or null. A code shaped like an issued one must carry its check character. */
export function codeProblem(code: string): CodeProblem | null {
  if (!CODE_PATTERN.test(code)) return 'format';
  const m = ISSUED_PATTERN.exec(code);
  if (m && checkChar(code.slice(0, -1)) !== m[3]) return 'check';
  return null;
}
