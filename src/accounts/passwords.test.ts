import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, PASSWORD_MIN_LENGTH, passwordProblems, verifyPassword } from './passwords.js';

const keys = (password: string, username = 'zhangsan') => passwordProblems(password, username).map((p) => p.key);

describe('password policy (等保)', () => {
  it('accepts 10+ characters with three of the four classes, not containing the username', () => {
    expect(keys('GasGuard@2026')).toEqual([]);
    expect(keys('abcdefgh1!')).toEqual([]);
    expect(keys('ABCDEFGH1!')).toEqual([]);
    expect(keys('Abcdefghi1')).toEqual([]);
    expect(keys('Abcdefghi!')).toEqual([]);
  });
  it(`refuses fewer than ${PASSWORD_MIN_LENGTH} characters, counting characters not bytes`, () => {
    expect(keys('Ab1!Ab1!A')).toEqual(['password.tooShort']);
    expect(passwordProblems('Ab1!', 'x')[0]).toEqual({ key: 'password.tooShort', params: { min: 10 } });
    expect(keys('燃气安全Ab1!')).toEqual(['password.tooShort']);
    expect(keys('燃气安全监管Ab1!')).toEqual([]);
  });
  it('refuses fewer than three character classes', () => {
    expect(keys('abcdefghijkl')).toEqual(['password.classes']);
    expect(keys('abcdefgh1234')).toEqual(['password.classes']);
    expect(keys('ABCDEFGH!!!!')).toEqual(['password.classes']);
    expect(keys('12345678!!!!')).toEqual(['password.classes']);
  });
  it('refuses a password containing the username, whatever the case', () => {
    expect(keys('Zhangsan@2026')).toEqual(['password.containsUsername']);
    expect(keys('xxZHANGSAN1!')).toEqual(['password.containsUsername']);
  });
  it('ignores usernames shorter than 3 characters', () => {
    expect(keys('Ab@2026abcd', 'ab')).toEqual([]);
  });
  it('reports every problem at once', () => {
    expect(keys('zhangsan', 'zhangsan')).toEqual(['password.tooShort', 'password.classes', 'password.containsUsername']);
  });
});

describe('hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('GasGuard@2026');
    // N is 2^15 in production; the test run lowers it through GASGUARD_SCRYPT_LOG_N.
    const n = 2 ** Number(process.env.GASGUARD_SCRYPT_LOG_N ?? 15);
    expect(hash).toMatch(new RegExp(`^scrypt\\$${n}\\$8\\$1\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+$`));
    expect(await verifyPassword('GasGuard@2026', hash)).toBe(true);
    expect(await verifyPassword('GasGuard@2027', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });
  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('Same#Password1'), hashPassword('Same#Password1')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Same#Password1', b)).toBe(true);
  });
  it('normalises Unicode (NFC), so the same characters typed differently match', async () => {
    const composed = 'Caf\u00e9#Gas2026';
    const decomposed = 'Cafe\u0301#Gas2026';
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });
  it('refuses a malformed or foreign hash instead of throwing', async () => {
    expect(await verifyPassword('x', '')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$2b$10$abc')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1$2$3')).toBe(false);
  });
});

describe('generated initial passwords', () => {
  it('always satisfy the policy and differ from each other', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(passwordProblems(p, 'someone')).toEqual([]);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
