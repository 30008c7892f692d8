import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

// scrypt N=2^15, r=8, p=1 (32 MiB per hash). GASGUARD_SCRYPT_LOG_N lowers it for the test suite
// only (each hash stores its own N, so verification always uses the cost it was made with).
const logN = Math.min(20, Math.max(10, Number(process.env.GASGUARD_SCRYPT_LOG_N ?? 15) || 15));
const PARAMS = { N: 1 << logN, r: 8, p: 1 };
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEYLEN, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password.normalize('NFC'), Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_HISTORY = 5;

/** Password policy (等保): length, three of four character classes, not the username. */
export function passwordProblems(password: string, username: string): { key: string; params?: Record<string, unknown> }[] {
  const problems: { key: string; params?: Record<string, unknown> }[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push({ key: 'password.tooShort', params: { min: PASSWORD_MIN_LENGTH } });
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push({ key: 'password.classes' });
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({ key: 'password.containsUsername' });
  }
  return problems;
}

/** A random initial password that satisfies the policy, for new accounts and resets. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(12);
  const body = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${body}#7a`;
}
