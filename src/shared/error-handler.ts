import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from './errors.js';
import { t, type Locale } from './i18n.js';

/** Map a zod issue (as fastify-type-provider-zod reports it) to a message key in our dictionary. */
function zodIssueKey(keyword: string, params: Record<string, unknown>): { key: string; params: Record<string, unknown> } {
  switch (keyword) {
    case 'invalid_type':
      return params.input === undefined ? { key: 'field.required', params } : { key: 'field.invalidType', params };
    case 'too_small':
      return { key: params.origin === 'string' ? 'field.tooShort' : 'field.tooSmall', params };
    case 'too_big':
      return { key: params.origin === 'string' ? 'field.tooLong' : 'field.tooBig', params };
    case 'invalid_format':
      return { key: 'field.invalidFormat', params };
    case 'invalid_value':
    case 'invalid_union':
      return { key: 'field.invalidValue', params };
    case 'unrecognized_keys':
      return { key: 'field.unknownKeys', params: { keys: (params.keys as string[] | undefined)?.join(', ') } };
    default:
      return { key: 'field.invalid', params };
  }
}

export interface ErrorBody {
  error: { code: string; message: string; fields: { path: string; message: string }[] };
}

/** A parameter named `fooKey` holds a message key: its translation is passed as `foo` (e.g. entityKey → entity). */
function localiseParams(locale: Locale, params: Record<string, unknown> = {}): Record<string, unknown> {
  const p = { ...params };
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith('Key') && name.length > 3 && typeof value === 'string') p[name.slice(0, -3)] = t(locale, value);
  }
  return p;
}

export function renderError(locale: Locale, code: string, key: string, params: Record<string, unknown>, fields: FieldError[]): ErrorBody {
  return {
    error: {
      code,
      message: t(locale, key, localiseParams(locale, params)),
      fields: fields.map((f) => ({ path: f.path, message: f.key.includes('.') ? t(locale, f.key, localiseParams(locale, f.params)) : f.key })),
    },
  };
}

export function errorHandler(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  const locale = req.locale ?? 'zh-CN';
  if (err instanceof AppError) {
    return reply.status(err.status).send(renderError(locale, err.code, err.key, err.params, err.fields));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext;
    const fields: FieldError[] = err.validation.map((v) => {
      const { key, params } = zodIssueKey(v.keyword, v.params as Record<string, unknown>);
      // Custom refinements carry their own message key.
      const custom = v.keyword === 'custom' && v.message?.includes('.') ? v.message : null;
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return { path: where && where !== 'body' ? `${where}.${path}`.replace(/\.$/, '') : path, key: custom ?? key, params };
    });
    return reply.status(400).send(renderError(locale, 'VALIDATION', 'error.validation', {}, fields));
  }
  const fe = err as FastifyError;
  if (fe.statusCode === 429) return reply.status(429).send(renderError(locale, 'RATE_LIMITED', 'error.rateLimited', {}, []));
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors (malformed JSON, body too large, bad content type).
    return reply.status(fe.statusCode).send(renderError(locale, 'VALIDATION', 'error.validation', {}, [{ path: '', key: fe.message }]));
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send(renderError(locale, 'INTERNAL', 'error.internal', {}, []));
}
