/**
 * Sending generated documents: PDFs as bytes, workbooks streamed, both as attachments with the
 * Chinese file name for browsers and an ASCII fallback.
 */
import { PassThrough, type Writable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { XLSX_TYPE } from '../shared/excel.js';

export function disposition(name: string, fallback: string, inline = false): string {
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function sendPdf(reply: FastifyReply, bytes: Buffer, name: string, fallback: string) {
  reply.header('Content-Type', 'application/pdf').header('Content-Disposition', disposition(name, fallback, true)).header('X-Content-Type-Options', 'nosniff');
  return reply.send(bytes);
}

/** Stream an xlsx produced by `write`; a failure after the headers went out cuts the download. */
export function sendXlsx(app: FastifyInstance, reply: FastifyReply, name: string, fallback: string, write: (out: Writable) => Promise<void>) {
  const out = new PassThrough();
  write(out).catch((err: unknown) => {
    app.log.error({ err }, 'excel download failed');
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', disposition(name, fallback));
  return reply.send(out);
}

/** The origin the caller reached us at (behind a trusted proxy: the forwarded one), for printed links. */
export function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}
