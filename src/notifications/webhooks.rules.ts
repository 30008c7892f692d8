/**
 * What a robot endpoint may look like. Pure: the service applies it before writing.
 */
import type { FieldError } from '../shared/errors.js';

export const ROBOT_KINDS = ['wecom', 'dingtalk'] as const;
export const ROBOT_FORMATS = ['markdown', 'text'] as const;

export interface EndpointInput {
  kind: (typeof ROBOT_KINDS)[number];
  format: (typeof ROBOT_FORMATS)[number];
  url: string;
  secret: string | null;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A robot URL must be https to a host the deployment allows (by default the two robots' hosts),
 * without user info. Plain http is accepted only to an allowed loopback host (a local relay, or a
 * test server). This keeps a robot from being pointed at the platform's internal network.
 */
export function checkEndpoint(input: EndpointInput, allowedHosts: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  let u: URL | null = null;
  try {
    u = new URL(input.url);
  } catch {
    errors.push({ path: 'url', key: 'webhook.url.invalid' });
  }
  if (u) {
    const host = u.host.toLowerCase();
    const hostname = u.hostname.toLowerCase();
    const allowed = allowedHosts.includes(host) || allowedHosts.includes(hostname);
    const schemeOk = u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(hostname));
    if (!schemeOk || u.username || u.password) errors.push({ path: 'url', key: 'webhook.url.invalid' });
    else if (!allowed) errors.push({ path: 'url', key: 'webhook.url.host', params: { host: hostname, allowed: allowedHosts.join(', ') } });
  }
  if (input.kind === 'wecom' && input.secret) errors.push({ path: 'secret', key: 'webhook.secret.wecom' });
  if (input.kind === 'dingtalk' && input.format !== 'markdown') errors.push({ path: 'format', key: 'webhook.format.dingtalk' });
  return errors;
}
