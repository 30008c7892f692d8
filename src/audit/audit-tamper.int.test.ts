/**
 * Tamper evidence: someone with the database owner's rights switches the append-only trigger off
 * and edits or deletes audit rows. The hash chain must point at the first row touched.
 * (A file of its own: the chain of its database is broken on purpose.)
 */
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { auditLog } from '../db/schema/index.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { codes, createRegion, demoIds } from '../../test/factories.js';

describeOnEachDatabase('audit chain: tampering behind the platform\'s back', (ctx) => {
  let admin: Client;
  beforeAll(async () => {
    const ids = await demoIds(ctx().db);
    admin = await ctx().login('admin');
    const zhuanban = await ctx().login('zhuanban');
    // Some more history to tamper with.
    for (let i = 0; i < 3; i++) await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111') });
  });

  /** Run statements with the append-only trigger off, as the database owner could. */
  const behindTheBack = (statement: ReturnType<typeof sql>) =>
    ctx().db.transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
      await tx.execute(statement);
      await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
    });
  const verify = async () => {
    const res = await admin.post('/api/v1/audit/verify');
    expect(res.status).toBe(200);
    return res.body as { ok: boolean; checked: number; firstBroken?: { id: number; reason: string } };
  };
  const rowIds = async () => (await ctx().db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id)).map((r) => r.id);

  it('an edited `after` breaks the chain at that row; putting it back heals it', async () => {
    expect((await verify()).ok).toBe(true);
    const all = await rowIds();
    const target = all[Math.floor(all.length / 2)]!;
    const [original] = await ctx().db.select().from(auditLog).where(sql`${auditLog.id} = ${target}`);
    await behindTheBack(sql`UPDATE audit_log SET after = '{"x":1}' WHERE id = ${target}`);
    const report = await verify();
    expect(report).toEqual({ ok: false, checked: all.indexOf(target), firstBroken: { id: target, reason: 'hash' } });
    // The trigger is back on: the platform's own connection cannot edit it either.
    await expect(ctx().db.execute(sql`UPDATE audit_log SET after = NULL WHERE id = ${target}`)).rejects.toThrow();

    await behindTheBack(sql`UPDATE audit_log SET after = ${JSON.stringify(original!.after)}::jsonb WHERE id = ${target}`);
    expect((await verify()).ok).toBe(true);
  });

  it.each([
    ['actor', sql`actor_label = 'someone_else'`],
    ['time', sql`at = at - interval '1 day'`],
    ['action', sql`action = 'region.view'`],
    ['region', sql`region_id = NULL`],
    ['source address', sql`ip = '10.0.0.1'`],
    ['before', sql`before = '{"name":"x"}'`],
  ])('an edited %s breaks the chain at that row', async (_what, assignment) => {
    const all = await rowIds();
    const target = all[all.length - 2]!;
    const [original] = await ctx().db.select().from(auditLog).where(sql`${auditLog.id} = ${target}`);
    await behindTheBack(sql`UPDATE audit_log SET ${assignment} WHERE id = ${target}`);
    expect((await verify()).firstBroken).toEqual({ id: target, reason: 'hash' });
    const o = original!;
    await behindTheBack(
      sql`UPDATE audit_log SET actor_label = ${o.actorLabel}, at = ${o.at.toISOString()}::timestamptz, action = ${o.action}, region_id = ${o.regionId},
          ip = ${o.ip}, before = ${o.before === null ? null : JSON.stringify(o.before)}::jsonb WHERE id = ${target}`,
    );
    expect((await verify()).ok).toBe(true);
  });

  it('a deleted row breaks the link at the row after it; putting it back heals it', async () => {
    const all = await rowIds();
    const victim = all[2]!;
    const [row] = await ctx().db.select().from(auditLog).where(sql`${auditLog.id} = ${victim}`);
    await behindTheBack(sql`DELETE FROM audit_log WHERE id = ${victim}`);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toEqual({ id: all[3], reason: 'link' });
    await ctx().db.insert(auditLog).values(row!);
    expect((await verify()).ok).toBe(true);
  });
});
