import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, totpCode, verifyTotp } from './totp.js';

// RFC 6238 appendix B test vectors for SHA1 (secret "12345678901234567890"), last 6 digits.
const SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC test vectors', () => {
    expect(totpCode(SECRET, new Date(59_000))).toBe('287082');
    expect(totpCode(SECRET, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpCode(SECRET, new Date(1_234_567_890_000))).toBe('005924');
    expect(totpCode(SECRET, new Date(2_000_000_000_000))).toBe('279037');
  });
  it('round-trips base32', () => {
    expect(base32Decode(SECRET).toString()).toBe('12345678901234567890');
  });
  it('accepts one step of drift either side, not two, and nothing malformed', () => {
    const now = new Date(1_234_567_890_000);
    expect(verifyTotp(SECRET, totpCode(SECRET, new Date(now.getTime() - 30_000)), now)).toBe(true);
    expect(verifyTotp(SECRET, totpCode(SECRET, new Date(now.getTime() + 30_000)), now)).toBe(true);
    expect(verifyTotp(SECRET, totpCode(SECRET, new Date(now.getTime() + 90_000)), now)).toBe(false);
    expect(verifyTotp(SECRET, '12345', now)).toBe(false);
  });
});
