import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where uploaded bytes live, as a port. The default keeps them under the data folder, outside the
 * web root, with random names; a multi-instance deployment mounts that folder from shared storage
 * (or swaps this for an object store).
 */
export interface FileStore {
  put(bytes: Buffer, ext: string): Promise<string>;
  get(key: string): Promise<Buffer>;
}

export function diskFileStore(root: string): FileStore {
  return {
    async put(bytes, ext) {
      const now = new Date();
      const dir = path.join(String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'));
      const key = path.join(dir, `${randomBytes(16).toString('hex')}.${ext}`);
      await fs.mkdir(path.join(root, dir), { recursive: true });
      await fs.writeFile(path.join(root, key), bytes, { flag: 'wx' });
      return key;
    },
    async get(key) {
      // Keys are ours (random names); refuse anything that could climb out of the root.
      if (key.includes('..') || path.isAbsolute(key)) throw new Error('bad file key');
      return fs.readFile(path.join(root, key));
    },
  };
}

/** In-memory store for tests. */
export function memoryFileStore(): FileStore {
  const m = new Map<string, Buffer>();
  return {
    async put(bytes, ext) {
      const key = `${randomBytes(8).toString('hex')}.${ext}`;
      m.set(key, bytes);
      return key;
    },
    async get(key) {
      const b = m.get(key);
      if (!b) throw new Error('no such file');
      return b;
    },
  };
}
