/**
 * Encryption of sensitive values at rest (TOTP secrets; personal data columns): AES-256-GCM with a
 * random IV per value, stored as `v1:<iv>:<tag>:<ciphertext>` (base64url). The key comes from
 * GASGUARD_DATA_KEY (64 hex characters, shared by all instances) or, for the embedded default, a
 * key file created once in the data folder.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface FieldCrypto {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** A keyed hash for equality lookups on encrypted columns (blind index). */
  blindIndex(plain: string): string;
}

export function fieldCrypto(key: Buffer): FieldCrypto {
  if (key.length !== 32) throw new Error('data key must be 32 bytes');
  const indexKey = createHmac('sha256', key).update('blind-index').digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1:${iv.toString('base64url')}:${c.getAuthTag().toString('base64url')}:${ct.toString('base64url')}`;
    },
    decrypt(stored) {
      const [v, iv, tag, ct] = stored.split(':');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not an encrypted value');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
    },
    blindIndex(plain) {
      return createHmac('sha256', indexKey).update(plain).digest('base64url');
    },
  };
}

/** The key from configuration, or the data folder's key file (created on first use). */
export function loadDataKey(opts: { dataKeyHex: string | undefined; dataDir: string }): Buffer {
  if (opts.dataKeyHex) return Buffer.from(opts.dataKeyHex, 'hex');
  const file = path.join(opts.dataDir, 'keys', 'data.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
}
