/**
 * R1.4 — the authorisation matrix, generated from the route table. Every operation of the OpenAPI
 * document must have a rule in the policy tables (test/trust/authz/*.ts): who may call it in their
 * own scope, how to make that request, and the same request aimed at the other district. Then,
 * for every route and every caller (each demo account — one per role and binding, two districts —
 * each kind of API token, and nobody):
 * - anonymous → 401, except the public routes;
 * - a caller the rule does not name → 403 (or 404 when the target is out of its sight);
 * - a caller the rule names, in its own scope → through (2xx, or the business answer the rule names);
 * - a caller the rule names, aimed at the other district → 403/404 (lists: nothing from there);
 * and every refused request leaves the database exactly as it was. A new route without a rule
 * fails the first test with its name.
 */
import { beforeAll, expect, it } from 'vitest';
import { fingerprint } from '../factories.js';
import { describeOnEachDatabase, type Response } from '../harness.js';
import { buildFixtures, type Fx } from './authz/fixtures.js';
import { allowed, type Rule, type SetupCtx, type Table } from './authz/rules.js';
import { MODULES } from './authz/index.js';
import { CALLERS, Callers, isToken, sendAs, type Call, type Caller } from './support.js';

/** Development aid: TRUST_MATRIX_ONLY=<regex> runs only the matching routes (the coverage test still checks all). */
const only = process.env.TRUST_MATRIX_ONLY ? new RegExp(process.env.TRUST_MATRIX_ONLY) : null;

const ALL: Table = Object.assign({}, ...MODULES.map((m) => m.table));

function operations(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths).flatMap(([route, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${route}`));
}

const refusedStatuses = (rule: Rule) => rule.refused ?? [403, 404];

/** An "other district" answer that reveals nothing: refused, or an empty list. */
function revealsNothing(res: Response, rule: Rule): boolean {
  if ((rule.otherStatus ?? [403, 404]).includes(res.status)) return true;
  if (res.status !== 200 || !res.body || typeof res.body !== 'object') return false;
  const b = res.body as Record<string, unknown>;
  const list = Array.isArray(b.items) ? b.items : Array.isArray(b.rules) ? b.rules : null;
  return list !== null && list.length === 0;
}

const describeStatus = (res: Response) => `${res.status}${res.body?.error?.code ? ` ${res.body.error.code}` : ''}`;

describeOnEachDatabase('trust: authorisation matrix (every route × every caller × own / other district)', (ctx) => {
  let callers: Callers;
  let f: Fx;
  const mine = new Map<string, unknown>();
  const selected = Object.entries(ALL).filter(([key]) => !only || only.test(key));

  beforeAll(async () => {
    callers = new Callers(ctx);
    f = await buildFixtures(ctx(), callers);
    const s: SetupCtx = { ctx: ctx(), f, callers };
    for (const m of MODULES) await m.fixtures?.(s);
    // Every account logged in and every token used once, so logins and "last used" stamps happen
    // before the refused phase measures the database.
    for (const c of CALLERS) await callers.send(c, { method: 'GET', url: '/api/v1/me' });
    for (const [key, rule] of selected) {
      if (!rule.setup) continue;
      for (const as of allowed(rule.who, CALLERS)) mine.set(`${key}|${as}`, await rule.setup(s, as));
    }
  }, 300_000);

  it('every operation of the OpenAPI document has a rule, and every rule an operation', () => {
    const ops = operations(ctx().app.swagger() as never);
    expect(ops.length).toBeGreaterThan(200);
    expect(ops.filter((o) => !ALL[o]), 'routes missing from the policy table (test/trust/authz/*.ts)').toEqual([]);
    expect(Object.keys(ALL).filter((k) => !ops.includes(k)), 'rules for routes that no longer exist').toEqual([]);
  });

  async function send(as: Caller | null, call: Call, rule: Rule, fresh = false): Promise<Response> {
    if (rule.stream && as !== null) {
      // Server-sent events never end: read the status and type, then hang up.
      const headers: Record<string, string> = isToken(as) ? { authorization: `Bearer ${callers.token(as)}` } : {};
      const client = isToken(as) ? ctx().anonymous() : await callers.client(as);
      const res = await ctx().app.inject({ method: 'GET', url: call.url, cookies: client.cookies, headers, payloadAsStream: true });
      res.stream().destroy();
      let body: unknown = null;
      if (res.statusCode >= 400) body = await new Promise((r) => setTimeout(r, 0)).then(() => null);
      return { status: res.statusCode, body, headers: res.headers as Record<string, unknown> };
    }
    return callers.send(as, call, { fresh });
  }

  for (const m of MODULES) {
    it(`${m.name}: anonymous, unnamed and other-district callers are refused, and nothing changes`, async () => {
      const rules = selected.filter(([key]) => m.table[key]);
      if (!rules.length) return;
      const before = await fingerprint(ctx().db);
      const wrong: string[] = [];
      for (const [key, rule] of rules) {
        const may = allowed(rule.who, CALLERS);
        // Nobody: 401 before anything else, except the public routes.
        if (rule.who !== 'public') {
          const anonCall = rule.call(f, 'zhuanban', undefined);
          const res = await sendAs(ctx().anonymous(), anonCall, {}, ctx().app);
          if (res.status !== 401) wrong.push(`${key} as nobody → ${describeStatus(res)} (expected 401)`);
        }
        for (const as of CALLERS) {
          if (may.has(as)) continue;
          const res = await send(as, rule.call(f, as, undefined), rule);
          if (!refusedStatuses(rule).includes(res.status)) wrong.push(`${key} as ${as} → ${describeStatus(res)} (expected refused ${refusedStatuses(rule).join('/')})`);
        }
        if (rule.other) {
          for (const as of may) {
            if (as === 'admin') continue; // the whole platform is the admin's own scope
            const res = await send(as, rule.other(f, as), rule);
            if (!revealsNothing(res, rule)) wrong.push(`${key} as ${as} at the other district → ${describeStatus(res)} (expected 403/404 or nothing)`);
          }
        }
      }
      expect(wrong).toEqual([]);
      const after = await fingerprint(ctx().db);
      if (process.env.TRUST_DEBUG && JSON.stringify(after) !== JSON.stringify(before)) {
        const { sql } = await import('drizzle-orm');
        console.log((await ctx().db.execute(sql`SELECT action, actor_label, entity_type, after FROM audit_log ORDER BY id DESC LIMIT 10`)).rows);
      }
      expect(after).toEqual(before);
    }, 120_000);
  }

  for (const m of MODULES) {
    it(`${m.name}: the callers each rule names get through in their own scope`, async () => {
      const wrong: string[] = [];
      for (const [key, rule] of selected.filter(([k]) => m.table[k])) {
        for (const as of allowed(rule.who, CALLERS)) {
          const t0 = Date.now();
          const res = await send(as, rule.call(f, as, mine.get(`${key}|${as}`)), rule, rule.fresh);
          if (process.env.TRUST_DEBUG && Date.now() - t0 > 300) console.log(`slow: ${key} as ${as} ${Date.now() - t0} ms`);
          const good = rule.ok ? rule.ok.includes(res.status) || (res.status >= 200 && res.status < 300) : res.status >= 200 && res.status < 300;
          if (!good) wrong.push(`${key} as ${as} → ${describeStatus(res)} ${JSON.stringify(res.body?.error?.fields ?? res.body?.error?.message ?? '').slice(0, 160)}`);
        }
        if (rule.who === 'public') {
          const res = await sendAs(ctx().anonymous(), rule.call(f, 'zhuanban', undefined), {}, ctx().app);
          if (res.status === 401 || res.status === 403 || res.status >= 500) wrong.push(`${key} as nobody → ${describeStatus(res)} (public route)`);
        }
      }
      expect(wrong).toEqual([]);
    }, 180_000);
  }
});
