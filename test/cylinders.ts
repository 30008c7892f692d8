/**
 * Factories for the cylinder tests (src/cylinders/*.int.test.ts): each test makes its own
 * cylinders, users, stations and tokens, so tests sharing a database never depend on each other.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { enterprises, personnel, regions, vehicles, venues } from '../src/db/schema/index.js';
import { idNumberCheckChar } from '../src/shared/codes.js';
import { runtimeOf } from '../src/cylinders/runtime.js';
import { creditCode, unique } from './factories.js';
import type { Client, TestContext } from './harness.js';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** ISO date `days` from today (China calendar). */
export function day(days: number, from = new Date()): string {
  return new Date(from.getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

export async function demo(ctx: TestContext) {
  const one = async <T>(p: Promise<T[]>) => (await p)[0]!;
  const ent = await one(ctx.db.select().from(enterprises).where(eq(enterprises.name, '大足燃气有限公司')));
  const station = await one(ctx.db.select().from(enterprises).where(eq(enterprises.name, '大足区宝顶液化气充装站')));
  const zhou = await one(ctx.db.select().from(personnel).where(eq(personnel.name, '周平')));
  const liu = await one(ctx.db.select().from(personnel).where(eq(personnel.name, '刘强')));
  const van = await one(ctx.db.select().from(vehicles).where(eq(vehicles.plateNumber, '渝AD2026')));
  const shop = await one(ctx.db.select().from(venues).where(eq(venues.name, '五星小面馆')));
  const region = async (name: string) => (await one(ctx.db.select().from(regions).where(eq(regions.name, name)))).id;
  return { ent, station, zhou, liu, van, shop, longgang: await region('龙岗街道'), baoding: await region('宝顶镇'), dazu: await region('大足区'), wuxing: await region('五星社区') };
}
export type Demo = Awaited<ReturnType<typeof demo>>;

export interface NewCylinderBody {
  model?: string;
  manufactureDate?: string;
  lastInspectionDate?: string | null;
  nextInspectionDate?: string;
  designLifeYears?: number;
  refurbished?: boolean;
  ownerEnterpriseId?: string;
  code?: string;
}

/** Register a cylinder through the API (as `client`, an enterprise admin or a government account). */
export async function registerCylinder(client: Client, body: NewCylinderBody = {}) {
  const res = await client.post('/api/v1/cylinders', { maker: '重庆渝安钢瓶制造有限公司', serialNumber: unique('SN'), model: 'YSP-15', manufactureDate: day(-400), ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; code: string; ownerEnterpriseId: string; nextInspectionDate: string; designLifeYears: number; regionId: string };
}

/** A filling-station API token of the caller's enterprise (created by its enterprise admin). */
export async function stationToken(admin: Client, regionId: string): Promise<string> {
  const res = await admin.post('/api/v1/api-tokens', { name: unique('充装秤'), kind: 'filling_station', regionId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.token as string;
}

/** A new enterprise (kind given) in a region, straight in the database. */
export async function createStation(ctx: TestContext, regionId: string, kind = 'filling_station', name = unique('充装站')) {
  const [e] = await ctx.db.insert(enterprises).values({ regionId, name, creditCode: creditCode(), kind }).returning();
  return e!;
}

let idSeq = 100;
/** A valid 18-digit ID number that no other call in this process returns. */
export function idNumber(): string {
  idSeq += 2;
  const body = `500111199001${String(10 + (idSeq % 18)).padStart(2, '0')}${String(idSeq % 1000).padStart(3, '0')}`;
  return body.slice(0, 17) + idNumberCheckChar(body.slice(0, 17))!;
}

/** A person of an enterprise, straight in the database. */
export async function createPerson(ctx: TestContext, enterpriseId: string, regionId: string, role = 'delivery_worker') {
  const [p] = await ctx.db.insert(personnel).values({ regionId, enterpriseId, name: unique('王'), idNumber: randomUUID().replace(/-/g, '').slice(0, 18).toUpperCase(), role }).returning();
  return p!;
}

interface FormItem {
  id: string;
  code: string;
  measured?: { failWhen: string; limit: number; upper?: number };
}

/** Answers to a 随瓶安检 form that pass every item, except those given. */
export function passing(items: FormItem[], special: Record<string, Record<string, unknown>> = {}) {
  return items.map((i) => {
    if (special[i.code]) return { itemId: i.id, ...special[i.code] };
    const m = i.measured;
    if (!m) return { itemId: i.id, result: 'pass' };
    const value = m.failWhen === 'outside' ? (m.limit + (m.upper ?? m.limit)) / 2 : m.failWhen === '>' || m.failWhen === '<' ? m.limit : m.failWhen === '>=' ? Math.max(0, m.limit - 1) : m.limit + 1;
    return { itemId: i.id, value };
  });
}

export async function deliveryForm(worker: Client, userType: string, userId: string): Promise<FormItem[]> {
  const res = await worker.get(`/api/v1/cylinders/delivery-checklist?userType=${userType}&userId=${userId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as FormItem[];
}

/** A delivery body with a passing 随瓶安检 (or with the given special answers). */
export async function deliverBody(worker: Client, userType: 'venue' | 'household', userId: string, extra: Record<string, unknown> = {}, special: Record<string, Record<string, unknown>> = {}) {
  const items = await deliveryForm(worker, userType, userId);
  return { type: 'deliver', userType, userId, check: { clientUuid: randomUUID(), answers: passing(items, special) }, ...extra };
}

/** Write the queued fill-check log now (it is batched every 100 ms). */
export async function flushFillLog(ctx: TestContext): Promise<void> {
  await runtimeOf(ctx.app.deps).fillLog.flush();
}

/** A passing filling body. */
export const fillingBody = (code: string, netWeightKg = 14.6, extra: Record<string, unknown> = {}) => ({
  code,
  netWeightKg,
  preFillCheck: { passed: true },
  postFillCheck: { leakOk: true },
  ...extra,
});
