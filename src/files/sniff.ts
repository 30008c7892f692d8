/**
 * What a file really is, judged by its first bytes, never by its name (uploads, 等保): only images
 * and documents the platform uses are accepted.
 */
export const ALLOWED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;
export type AllowedType = (typeof ALLOWED_TYPES)[number];

export function sniffType(head: Uint8Array): AllowedType | null {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47 && b(4) === 0x0d && b(5) === 0x0a && b(6) === 0x1a && b(7) === 0x0a) return 'image/png';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50) return 'image/webp';
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46 && b(4) === 0x2d) return 'application/pdf';
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return null;
}

export const EXTENSION: Record<AllowedType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

export const isImage = (t: string) => t.startsWith('image/');

/** Default size limits: photos 10 MiB, documents 20 MiB. */
export function maxBytes(t: AllowedType): number {
  return isImage(t) ? 10 * 1024 * 1024 : 20 * 1024 * 1024;
}
