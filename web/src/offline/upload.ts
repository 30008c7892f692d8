/**
 * Photos and signatures to the server (POST /api/v1/files, multipart field `file`), and photos
 * made smaller on the phone first: a camera picture of 4000 px and 5 MB becomes a JPEG of at most
 * 1600 px, which a poor connection can carry.
 */
import { ApiError, CSRF_COOKIE, readCookie } from '../api.js';
import { markOffline, markOnline } from './connection.js';

export const MAX_PHOTO_PX = 1600;
/** Pictures smaller than this (and of a type the server takes) are sent as they are. */
const KEEP_BYTES = 1_200_000;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

function loadImage(blob: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(blob);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('not an image this browser can read'));
    };
    img.src = url;
  });
}

/**
 * A photo ready to upload: small pictures of an accepted type unchanged; anything larger redrawn
 * on a canvas at most 1600 px on its longer side and saved as JPEG (quality 0.82). The browser
 * applies the camera's orientation when it draws an <img>.
 */
export async function compressPhoto(file: Blob): Promise<Blob> {
  const img = await loadImage(file);
  const w = img.naturalWidth;
  const h = img.naturalHeight;
  const longer = Math.max(w, h);
  if (longer <= MAX_PHOTO_PX && file.size <= KEEP_BYTES && ACCEPTED.includes(file.type)) return file;
  const scale = Math.min(1, MAX_PHOTO_PX / longer);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(w * scale));
  canvas.height = Math.max(1, Math.round(h * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) return file;
  // JPEG has no transparency: a white ground instead of black.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const out = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
  return out ?? file;
}

export function dataUrlToBlob(dataUrl: string): Blob {
  const [head, body = ''] = dataUrl.split(',');
  const type = /data:([^;]+)/.exec(head ?? '')?.[1] ?? 'application/octet-stream';
  const bin = atob(body);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** True for a failure that a later attempt may not have: no connection, a gateway error. */
export function isTransient(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 0 || e.status === 401 || e.status === 408 || e.status === 429 || e.status >= 500);
}

/**
 * A JSON or multipart request without the page-changing reactions of api.ts (a 401 here must not
 * jump to the login page while the outbox works in the background).
 */
export async function rawRequest<T>(method: string, path: string, body: FormData | unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const isForm = body instanceof FormData;
  if (!isForm) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: isForm ? body : JSON.stringify(body) });
  } catch {
    markOffline();
    throw new ApiError(0, 'NETWORK', 'network');
  }
  markOnline();
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (res.ok) return parsed as T;
  const err = (parsed as { error?: { code?: string; message?: string; fields?: { path: string; message: string }[] } } | null)?.error;
  throw new ApiError(res.status, err?.code ?? 'HTTP', err?.message ?? `HTTP ${res.status}`, err?.fields ?? []);
}

export async function uploadFile(blob: Blob, purpose: 'photo' | 'signature', name: string): Promise<string> {
  const form = new FormData();
  form.append('file', blob, name);
  const res = await rawRequest<{ id: string }>('POST', `/api/v1/files?purpose=${purpose}`, form);
  return res.id;
}
