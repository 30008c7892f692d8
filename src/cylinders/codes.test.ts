import { describe, expect, it } from 'vitest';
import { checkChar, codeProblem, issueCode, normaliseCode } from './codes.js';

describe('R6.1 cylinder codes', () => {
  it('R6.1 an issued code is QP + district + 8-digit serial + a MOD 37,36 check character that validates', () => {
    const code = issueCode('500111', 42);
    expect(code).toMatch(/^QP50011100000042[0-9A-Z]$/);
    expect(codeProblem(code)).toBeNull();
  });

  it('R6.1 a mistyped digit or swapped pair is caught by the check character', () => {
    const code = issueCode('500111', 1234567);
    const typo = code.slice(0, 10) + (code[10] === '9' ? '8' : '9') + code.slice(11);
    expect(codeProblem(typo)).toBe('check');
    const swapped = code.slice(0, 8) + code[9] + code[8] + code.slice(10);
    if (swapped !== code) expect(codeProblem(swapped)).toBe('check');
  });

  it('R6.1 codes cylinders already carry are kept (4–40 of 0-9 A-Z -), normalised to upper case without spaces', () => {
    expect(normaliseCode(' ab 12-cd ')).toBe('AB12-CD');
    expect(codeProblem('AB12-CD')).toBeNull();
    expect(codeProblem('ABC')).toBe('format');
    expect(codeProblem('-ABC1')).toBe('format');
    expect(codeProblem('AB_12')).toBe('format');
    expect(codeProblem('A'.repeat(41))).toBe('format');
  });

  it('the check character satisfies the ISO 7064 hybrid-system property', () => {
    // Running the hybrid algorithm over body + check ends with the running value 1.
    for (const body of ['QP50011100000001', 'QP44081100999999', '0', 'ZZZZ']) {
      const full = body + checkChar(body);
      let p = 36;
      let last = 0;
      for (const ch of full) {
        let s = (p + '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(ch)) % 36;
        if (s === 0) s = 36;
        last = s;
        p = (s * 2) % 37;
      }
      expect(last).toBe(1);
    }
  });
});
