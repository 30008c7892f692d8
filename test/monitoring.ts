/** Helpers of the monitoring integration tests (R7): devices, a gateway token, telemetry. */
import { expect } from 'vitest';
import type { Client, TestContext } from './harness.js';
import { unique } from './factories.js';

export async function venueIdByName(c: Client, name: string): Promise<string> {
  const res = await c.get(`/api/v1/registry/venue?q=${encodeURIComponent(name)}`);
  return res.body.items[0].id as string;
}

/** Register a device through the API and fail the test with the answer if refused. */
export async function registerDevice(c: Client, input: { subjectType: string; subjectId: string; type?: string; code?: string; [k: string]: unknown }) {
  const res = await c.post('/api/v1/devices', { type: 'methane_detector', code: unique('DEV-'), location: '后厨灶台上方', ...input });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; code: string; regionId: string };
}

/** A device_gateway API token of `regionId`, created by `admin` (a task force account). */
export async function gatewayToken(admin: Client, regionId: string, kind = 'device_gateway'): Promise<string> {
  const res = await admin.post('/api/v1/api-tokens', { name: unique('gw-'), kind, regionId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.token as string;
}

/** POST /api/v1/telemetry with a bearer token. */
export async function postTelemetry(ctx: TestContext, token: string | null, body: unknown) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/telemetry',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.json() as any };
}

let seq = 0;
/** A reading at the test clock's time (seq increasing per test process). */
export function reading(ctx: TestContext, device: string, over: Record<string, unknown> = {}, offsetMs = 0) {
  seq += 1;
  return { device, ts: ctx.clock.now().getTime() + offsetMs, seq, ...over };
}
