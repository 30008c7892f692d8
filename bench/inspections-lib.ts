/**
 * Helpers of the inspection and hazard benchmarks (bench/inspections-*.ts, bench/hazards-*.ts):
 * real PNG bytes of a given size, multipart uploads and JSON calls with the session's CSRF token,
 * and a bench grid-worker account made through the API.
 */
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { login, type Session } from './lib.js';

/** A PNG file (IHDR, IDAT, IEND with CRCs) of about `targetBytes`: an RGB picture of noise over a gradient, incompressible. */
export function makePng(targetBytes: number, seed: number): Buffer {
  const side = Math.max(8, Math.floor(Math.sqrt(targetBytes / 3)));
  const width = side;
  const height = Math.max(8, Math.floor(targetBytes / (width * 3 + 1)));
  const raw = Buffer.alloc(height * (width * 3 + 1));
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      const o = row + 1 + x * 3;
      raw[o] = ((x * 255) / width + (s & 0x7f)) & 0xff;
      raw[o + 1] = ((y * 255) / height + ((s >>> 8) & 0x7f)) & 0xff;
      raw[o + 2] = (s >>> 16) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}

/** POST /api/v1/files (multipart) and return the stored file's id. */
export async function upload(session: Session, bytes: Buffer, name: string, purpose: 'photo' | 'signature', regionId?: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
  const qs = new URLSearchParams({ purpose, ...(regionId ? { regionId } : {}) });
  const res = await fetch(`${session.baseUrl}/api/v1/files?${qs.toString()}`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, body: form });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 201 || !body.id) throw new Error(`upload ${name}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** A JSON call with the CSRF header; throws unless the status is one of `ok`. */
export async function call<T>(session: Session, method: string, pathAndQuery: string, body?: unknown, ok: number[] = [200, 201]): Promise<{ status: number; body: T }> {
  const res = await fetch(`${session.baseUrl}${pathAndQuery}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as T;
  if (!ok.includes(res.status)) throw new Error(`${method} ${pathAndQuery}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return { status: res.status, body: json };
}

/**
 * A grid worker (网格员) of `regionId`, made through the API by the task force: created once
 * (username `username`), its password reset and changed on every run, then logged in.
 */
export async function gridWorkerSession(admin: Session, username: string, regionId: string): Promise<Session> {
  const list = await call<{ items: { id: string; username: string }[] }>(admin, 'GET', `/api/v1/accounts?q=${encodeURIComponent(username)}&role=grid_worker&pageSize=10`);
  const found = list.body.items.find((a) => a.username === username);
  let initial: string;
  if (found) {
    initial = (await call<{ initialPassword: string }>(admin, 'POST', `/api/v1/accounts/${found.id}/reset-password`)).body.initialPassword;
  } else {
    initial = (await call<{ initialPassword: string }>(admin, 'POST', '/api/v1/accounts', { username, displayName: '基准测试网格员', role: 'grid_worker', regionId })).body.initialPassword;
  }
  const first = await login(admin.baseUrl, username, initial);
  const password = `Bench-${randomBytes(6).toString('hex')}-Aa1!`;
  await call(first, 'POST', '/api/v1/auth/change-password', { currentPassword: initial, newPassword: password });
  return login(admin.baseUrl, username, password);
}
