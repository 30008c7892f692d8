/**
 * The one way the web app talks to the server: same-origin fetch with the session cookie, the
 * CSRF header on every write, JSON in and out, and the server's error body turned into ApiError.
 * Some answers change the page instead of reaching the caller's catch: 401 (go to the login page),
 * PASSWORD_CHANGE_REQUIRED (change-password page) and TOTP_SETUP_REQUIRED (authenticator set-up);
 * the app registers the handlers.
 */
import type { FormInstance } from 'antd';

export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** Set when the client already reacted (went to the login or change-password page). */
  handled = false;
}

type Query = Record<string, string | number | boolean | null | undefined>;

interface Handlers {
  onUnauthenticated(): void;
  onPasswordChangeRequired(): void;
  onTotpSetupRequired(): void;
  /** Texts for failures that carry no server message (network down, proxy error page). */
  networkMessage(): string;
  httpMessage(status: number): string;
}

let handlers: Handlers = {
  onUnauthenticated: () => undefined,
  onPasswordChangeRequired: () => undefined,
  onTotpSetupRequired: () => undefined,
  networkMessage: () => 'Network error',
  httpMessage: (status) => `HTTP ${status}`,
};

export function configureApi(h: Partial<Handlers>): void {
  handlers = { ...handlers, ...h };
}

export const CSRF_COOKIE = 'gg_csrf';

export function readCookie(name: string): string | undefined {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : undefined;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  query?: Query;
  /** The login call: a 401 there means wrong credentials, not an expired session. */
  noRedirect?: boolean;
}

async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', handlers.networkMessage());
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (res.ok) return parsed as T;

  const err = (parsed as { error?: { code?: string; message?: string; fields?: FieldProblem[] } } | null)?.error;
  const error = err?.code
    ? new ApiError(res.status, err.code, err.message ?? err.code, err.fields ?? [])
    : new ApiError(res.status, 'HTTP', handlers.httpMessage(res.status));
  if (!opts.noRedirect) {
    if (res.status === 401) {
      error.handled = true;
      handlers.onUnauthenticated();
    } else if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
      error.handled = true;
      handlers.onPasswordChangeRequired();
    } else if (error.code === 'TOTP_SETUP_REQUIRED') {
      error.handled = true;
      handlers.onTotpSetupRequired();
    }
  }
  throw error;
}

export const api = {
  get: <T>(path: string, query?: Query, opts: RequestOptions = {}) => request<T>('GET', path, undefined, { ...opts, ...(query ? { query } : {}) }),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** True when the client already reacted to the error by changing the page (nothing to show). */
export function isHandled(e: unknown): boolean {
  return e instanceof ApiError && e.handled;
}

/**
 * Put the server's field messages on the form's fields. Returns the problems that match no field
 * on the form, so the caller can show them with the main message.
 */
export function applyFieldErrors(form: FormInstance | undefined, error: ApiError): FieldProblem[] {
  if (!form || error.fields.length === 0) return error.fields;
  // Forms here are flat: a problem at `cooperatingKeys.1` belongs on the `cooperatingKeys` field.
  const mounted = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
  const unmatched: FieldProblem[] = [];
  const byField = new Map<string, string[]>();
  for (const f of error.fields) {
    const head = f.path.split('.')[0] ?? '';
    if (!head || !mounted.has(head)) {
      unmatched.push(f);
      continue;
    }
    byField.set(head, [...(byField.get(head) ?? []), f.message]);
  }
  form.setFields([...byField.entries()].map(([name, errors]) => ({ name, errors: [...new Set(errors)] })));
  return unmatched;
}
