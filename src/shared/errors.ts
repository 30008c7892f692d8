/**
 * One error type for the whole server. Services throw AppError with a message key; the HTTP layer
 * renders `{"error":{"code","message","fields":[{"path","message"}]}}` in the caller's language.
 */
export interface FieldError {
  path: string;
  /** Message key (see i18n.ts) or literal text. */
  key: string;
  params?: Record<string, unknown>;
}

export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'BAD_CREDENTIALS'
  | 'LOCKED'
  | 'FORBIDDEN'
  | 'CSRF'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNPROCESSABLE'
  | 'RATE_LIMITED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'TOTP_SETUP_REQUIRED'
  | 'OTP_REQUIRED'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  BAD_CREDENTIALS: 401,
  LOCKED: 429,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  PASSWORD_CHANGE_REQUIRED: 403,
  TOTP_SETUP_REQUIRED: 403,
  OTP_REQUIRED: 401,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly key: string,
    readonly params: Record<string, unknown> = {},
    readonly fields: FieldError[] = [],
  ) {
    super(key);
    this.status = STATUS[code];
  }
}

export const notFound = (entityKey: string) => new AppError('NOT_FOUND', 'error.notFound', { entityKey });
export const forbidden = (key = 'error.forbidden', params: Record<string, unknown> = {}) =>
  new AppError('FORBIDDEN', key, params);
export const outOfScope = () => new AppError('FORBIDDEN', 'error.outOfScope');
export const conflict = (key: string, params: Record<string, unknown> = {}, path?: string) =>
  new AppError('CONFLICT', key, params, path ? [{ path, key, params }] : []);
/** A single bad field: 422 when the shape was right but the value breaks a rule. */
export const invalidField = (path: string, key: string, params: Record<string, unknown> = {}) =>
  new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path, key, params }]);
export const invalidFields = (fields: FieldError[]) => new AppError('UNPROCESSABLE', 'error.validation', {}, fields);
