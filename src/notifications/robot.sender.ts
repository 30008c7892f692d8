/**
 * The HTTP side of the robots as a port, so the outbox is tested against a local server or a fake.
 */

export interface RobotResponse {
  status: number;
  /** The response body, cut to a few kilobytes. */
  body: string;
}

export interface RobotSender {
  /** POST `payload` as JSON to `url`. Throws on a network error or timeout. */
  post(url: string, payload: unknown): Promise<RobotResponse>;
}

const MAX_BODY_CHARS = 2000;

/**
 * The real sender: fetch with a timeout, no redirects followed (a robot answers directly; a
 * redirect could lead a request somewhere it was never configured to go).
 */
export function fetchRobotSender(opts: { timeoutMs?: number } = {}): RobotSender {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    async post(url, payload) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(payload),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      return { status: res.status, body: text.slice(0, MAX_BODY_CHARS) };
    },
  };
}
