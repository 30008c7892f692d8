import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode, isValidIdNumber } from './codes.js';
import { isMobile, maskIdNumber, maskPersonName, maskPhone, normalizeMobile } from './validation.js';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts the published test vectors', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91110000600037341L')).toBe(true);
  });
  it('refuses a wrong check character, a bad length and letters outside the alphabet', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
  });
  it('computes the check character', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });
});

describe('居民身份证号 (GB 11643-1999)', () => {
  it('accepts the published test vectors, lower-case x normalised', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(true);
  });
  it('refuses a wrong check digit, an impossible date and a future birth date', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('110105194902300020')).toBe(false);
    expect(isValidIdNumber('110105209912310027', new Date('2026-01-01'))).toBe(false);
  });
});

describe('phones and masking', () => {
  it('normalises +86 and separators, checks the mobile pattern', () => {
    expect(normalizeMobile('+86 138-0013-8000')).toBe('13800138000');
    expect(isMobile('0086 13800138000')).toBe(true);
    expect(isMobile('12800138000')).toBe(false);
  });
  it('masks as users expect', () => {
    expect(maskPhone('13800131234')).toBe('138****1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧阳**');
    expect(maskPersonName('欧阳明')).toBe('欧阳*');
    expect(maskPersonName('王小明')).toBe('王**');
  });
});
