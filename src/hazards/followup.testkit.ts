/** Helpers for the integration tests of notices, enforcement, 回头看, dossiers and the ledger export. */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { pngBytes } from '../../test/fixtures.js';
import type { Client, TestContext } from '../../test/harness.js';

export async function venueIdOf(c: Client, name: string): Promise<string> {
  const res = await c.get(`/api/v1/registry/venue?q=${encodeURIComponent(name)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items[0].id as string;
}

export async function upload(c: Client, purpose: 'evidence' | 'signature' | 'photo' = 'evidence'): Promise<string> {
  const res = await c.upload(`/api/v1/files?purpose=${purpose}`, pngBytes(40, 20, [20, 20, 160]), `${purpose}.png`);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** A hazard put on the ledger by hand; returns the hazard as the API presents it. */
export async function reportHazard(c: Client, subjectId: string, over: Record<string, unknown> = {}) {
  const res = await c.post('/api/v1/hazards', { subjectType: 'venue', subjectId, category: 'problem_hose', severity: 'general', description: '软管老化', ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.hazard as { id: string; code: string; state: string; leadDepartmentId: string | null; townId: string | null };
}

/** Move a hazard one step and fail the test with the response if refused. */
export async function act(c: Client, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await c.post(`/api/v1/hazards/${id}/actions/${action}`, body);
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** A GET whose body is binary (PDF, xlsx): the raw bytes, headers and status. */
export async function download(ctx: () => TestContext, c: Client, url: string) {
  const res = await ctx().app.inject({ method: 'GET', url, cookies: c.cookies });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, json: () => JSON.parse(res.body) as unknown };
}

export async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** A sheet's rows as arrays of plain cell values (row 1 = header). */
export function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** A sheet's data rows as objects keyed by the header texts. */
export function sheetObjects(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const [header, ...rows] = sheetRows(ws);
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [String(h), r[i] ?? null])));
}
