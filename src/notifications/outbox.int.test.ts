import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditOf, demoIds, unique } from '../../test/factories.js';
import { describeOnEachDatabase, type Client, type TestContext } from '../../test/harness.js';
import type { Executor } from '../db/db.js';
import { webhookDeliveries, webhookEndpoints, webhookOutbox } from '../db/schema/index.js';
import { fakeClock } from '../shared/clock.js';
import { emit, type PlatformEvent } from './emit.js';
import type { EventKind } from './events.js';
import { runOutboxSender } from './outbox.sender.js';
import { fetchRobotSender, type RobotSender } from './robot.sender.js';

const PUBLIC_URL = 'https://gas.example.gov.cn';

/** A robot on 127.0.0.1 that records what it receives and answers from a script (200 by default). */
interface RobotServer {
  url: string;
  requests: { path: string; body: Record<string, unknown> }[];
  answers: number[];
  close(): Promise<void>;
}

async function startRobotServer(): Promise<RobotServer> {
  const requests: RobotServer['requests'] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      data += c;
    });
    req.on('end', () => {
      requests.push({ path: req.url ?? '', body: JSON.parse(data) as Record<string, unknown> });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"errcode":0,"errmsg":"ok"}' : '{"errcode":-1,"errmsg":"system busy"}');
    });
  });
  server.requestTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A robot of 大足区 straight in the database (the API allows only the two robots' hosts). */
async function robot(ctx: () => TestContext, input: { kind?: 'wecom' | 'dingtalk'; url: string; secret?: string; events?: EventKind[] }) {
  const ids = await demoIds(ctx().db);
  const crypto = ctx().app.deps.crypto;
  const [e] = await ctx()
    .db.insert(webhookEndpoints)
    // Stored encrypted, as the API stores them.
    .values({ name: unique('群'), kind: input.kind ?? 'wecom', url: crypto.encrypt(input.url), secret: input.secret ? crypto.encrypt(input.secret) : null, events: input.events ?? [], regionId: ids.dazu, ownerRegionId: ids.dazu })
    .returning();
  return e!;
}

/** A test event for one robot, keyed `key`. */
function event(endpointId: string, key: string, title = `测试 ${key}`): PlatformEvent {
  return { key, kind: 'webhook.test', entity: { type: 'webhook_endpoint', id: endpointId }, link: `/things/${key}`, regionId: null, departmentIds: [], recipients: [], inApp: () => ({ title, body: '' }), robot: { title, lines: ['第一行'], link: `/things/${key}` }, endpointId };
}

const outboxOf = (db: Executor, endpointId: string) => db.select().from(webhookOutbox).where(eq(webhookOutbox.endpointId, endpointId)).orderBy(webhookOutbox.id);

describeOnEachDatabase('group robots: endpoints, outbox and sender', (ctx) => {
  let server: RobotServer;
  beforeAll(async () => {
    server = await startRobotServer();
  });
  afterAll(async () => {
    await server.close();
  });
  // The real fetch sender, refusing anything but this machine's loopback (tests never reach out).
  const real = fetchRobotSender({ timeoutMs: 5_000 });
  const sender: RobotSender = {
    post: async (url, payload) => {
      if (new URL(url).hostname !== '127.0.0.1') throw new Error(`test sender: refusing ${new URL(url).hostname}`);
      return real.post(url, payload);
    },
  };

  it('a task force manages its robots; URLs are masked and secrets never come back', async () => {
    const ids = await demoIds(ctx().db);
    const tf = await ctx().login('zhuanban');
    const wecom = await tf.post('/api/v1/webhooks', {
      name: '大足区燃气专班群',
      kind: 'wecom',
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
      events: ['hazard.assigned', 'hazard.escalated'],
      regionId: ids.dazu,
    });
    expect(wecom.status, JSON.stringify(wecom.body)).toBe(201);
    expect(wecom.body).toMatchObject({ kind: 'wecom', format: 'markdown', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****5aaa', hasSecret: false, enabled: true });

    const secret = 'SECb6b1c9a4a2c8f3e0d5d';
    const ding = await tf.post('/api/v1/webhooks', { name: '市场监管群', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789', secret, events: ['hazard.review_requested'], departmentId: ids.marketSupervision });
    expect(ding.status, JSON.stringify(ding.body)).toBe(201);
    expect(ding.body.hasSecret).toBe(true);
    const list = await tf.get('/api/v1/webhooks');
    const all = JSON.stringify([ding.body, list.body, (await tf.get(`/api/v1/webhooks/${ding.body.id}`)).body]);
    expect(all).not.toContain(secret);
    expect(all).not.toContain('abcdef0123456789');
    expect(all).not.toContain('693a91f6');
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([wecom.body.id, ding.body.id]));
    expect(JSON.stringify(await auditOf(ctx().db, ding.body.id))).not.toContain(secret);

    // Replace the secret (write-only), change events, disable.
    const patched = await tf.patch(`/api/v1/webhooks/${ding.body.id}`, { secret: 'SECnew', events: ['hazard.rejected'], enabled: false });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ events: ['hazard.rejected'], enabled: false, hasSecret: true });
    // The URL (with its token) and the secret are encrypted at rest.
    const [stored] = await ctx().db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, ding.body.id));
    expect(stored!.secret).toMatch(/^v1:/);
    expect(stored!.url).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain('abcdef0123456789');
    expect(ctx().app.deps.crypto.decrypt(stored!.secret!)).toBe('SECnew');

    // Refused: other hosts (no pointing robots at the internal network), a 企业微信 secret, both or no unit.
    const bad = async (body: Record<string, unknown>) => tf.post('/api/v1/webhooks', { name: 'x', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', events: [], regionId: ids.dazu, ...body });
    expect((await bad({ url: `${server.url}/send` })).body.error.fields[0].path).toBe('url');
    expect((await bad({ url: 'https://10.0.0.8/send' })).status).toBe(422);
    expect((await bad({ secret: 'x' })).body.error.fields[0].path).toBe('secret');
    expect((await bad({ departmentId: ids.gasAuthority })).status).toBe(422);
    expect((await bad({ regionId: undefined })).status).toBe(422);

    // Others: a town officer may not manage robots; another district sees nothing of them.
    expect((await (await ctx().login('longgang')).get('/api/v1/webhooks')).status).toBe(403);
    const other = await ctx().login('tongliang');
    expect((await other.get('/api/v1/webhooks')).body.items).toEqual([]);
    expect((await other.get(`/api/v1/webhooks/${wecom.body.id}`)).status).toBe(404);
    expect((await other.patch(`/api/v1/webhooks/${wecom.body.id}`, { enabled: false })).status).toBe(404);
    expect((await other.delete(`/api/v1/webhooks/${wecom.body.id}`)).status).toBe(404);
    expect((await bad({ regionId: ids.tongliang })).status).toBe(404);

    expect((await tf.delete(`/api/v1/webhooks/${wecom.body.id}`)).status).toBe(204);
    expect((await tf.get(`/api/v1/webhooks/${wecom.body.id}`)).status).toBe(404);
  });

  it('a hazard event becomes an outbox row in its transaction, and the sender delivers it to the robot with a link back', async () => {
    const ep = await robot(ctx, { url: `${server.url}/cgi-bin/webhook/send?key=K1`, events: ['hazard.assigned'] });
    const grid = await ctx().login('wangge');
    const venue = (await grid.get(`/api/v1/registry/venue?q=${encodeURIComponent('老街火锅')}`)).body.items[0].id;
    const h = (await grid.post('/api/v1/hazards', { subjectType: 'venue', subjectId: venue, category: 'problem_hose', severity: 'general', description: '软管老化，店主电话 13812345678' })).body.hazard;
    expect(await outboxOf(ctx().db, ep.id)).toEqual([]); // not subscribed to creation
    await (await ctx().login('longgang')).post(`/api/v1/hazards/${h.id}/actions/assign`, { deadline: '2026-12-31', responsiblePerson: '张三 13812345678' });
    const rows = await outboxOf(ctx().db, ep.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'hazard.assigned', status: 'pending' });

    const before = server.requests.length;
    const run = await runOutboxSender({ db: ctx().db, clock: fakeClock(new Date()), sender, crypto: ctx().app.deps.crypto, publicUrl: PUBLIC_URL });
    expect(run).toMatchObject({ ran: true, requests: 1, delivered: 1 });
    const got = server.requests.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.path).toBe('/cgi-bin/webhook/send?key=K1');
    expect(got[0]!.body.msgtype).toBe('markdown');
    const content = (got[0]!.body.markdown as { content: string }).content;
    expect(content).toContain('隐患已交办：老街火锅');
    expect(content).toContain(`(${PUBLIC_URL}/hazards/${h.id})`);
    // No personal data: neither the phone in the description nor the responsible person.
    expect(JSON.stringify(got[0]!.body)).not.toMatch(/1[3-9]\d{9}|张三/);

    const [row] = await outboxOf(ctx().db, ep.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
    const [delivery] = await ctx().db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, row!.deliveryId!));
    expect(delivery).toMatchObject({ ok: true, responseStatus: 200, itemCount: 1, digest: false, responseBody: '{"errcode":0,"errmsg":"ok"}' });
    // Nothing left to send.
    expect((await runOutboxSender({ db: ctx().db, clock: fakeClock(new Date()), sender, crypto: ctx().app.deps.crypto, publicUrl: PUBLIC_URL })).requests).toBe(0);
  });

  it('retries after a 500 with exponential back-off (fake clock), recording each answer', async () => {
    const ep = await robot(ctx, { url: `${server.url}/retry?key=K2` });
    await emit(ctx().db, [event(ep.id, unique('retry'))]);
    const clock = fakeClock('2030-01-01T00:00:00Z');
    const deps = { db: ctx().db, clock, sender, crypto: ctx().app.deps.crypto, publicUrl: PUBLIC_URL };
    const before = server.requests.length;
    server.answers.push(500);
    expect(await runOutboxSender(deps)).toMatchObject({ requests: 1, delivered: 0, failed: 1 });
    let [row] = await outboxOf(ctx().db, ep.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toContain('HTTP 500');
    expect(row!.nextAttemptAt.toISOString()).toBe('2030-01-01T00:00:30.000Z');

    expect((await runOutboxSender(deps)).requests).toBe(0); // not yet due
    clock.advance(29_000);
    expect((await runOutboxSender(deps)).requests).toBe(0);
    server.answers.push(500);
    clock.advance(1_000);
    expect(await runOutboxSender(deps)).toMatchObject({ requests: 1, failed: 1 });
    [row] = await outboxOf(ctx().db, ep.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    expect(row!.nextAttemptAt.toISOString()).toBe('2030-01-01T00:01:30.000Z'); // 60 s after the second failure
    clock.advance(60_000);
    expect(await runOutboxSender(deps)).toMatchObject({ requests: 1, delivered: 1 });
    [row] = await outboxOf(ctx().db, ep.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
    expect(server.requests.length - before).toBe(3);
    const deliveries = await ctx().db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, ep.id)).orderBy(webhookDeliveries.id);
    expect(deliveries.map((d) => [d.ok, d.responseStatus])).toEqual([
      [false, 500],
      [false, 500],
      [true, 200],
    ]);
  });

  it('merges a burst of 30 into at most 20 signed 钉钉 messages a minute, with a digest', async () => {
    const secret = 'SECtest0123456789';
    const ep = await robot(ctx, { kind: 'dingtalk', url: `${server.url}/robot/send?access_token=T3`, secret });
    const tag = unique('burst');
    await emit(ctx().db, Array.from({ length: 30 }, (_, i) => event(ep.id, `${tag}-${i}`, `隐患已交办：店铺${i}`)));
    const clock = fakeClock(new Date());
    const before = server.requests.length;
    const run = await runOutboxSender({ db: ctx().db, clock, sender, crypto: ctx().app.deps.crypto, publicUrl: PUBLIC_URL });
    expect(run.delivered).toBe(30);
    const got = server.requests.slice(before);
    expect(got.length).toBe(run.requests);
    expect(got.length).toBeLessThanOrEqual(20);
    const digests = got.filter((r) => (r.body.markdown as { title: string }).title.includes('条新消息'));
    expect(digests.length).toBeGreaterThanOrEqual(1);
    const text = got.map((r) => (r.body.markdown as { text: string }).text).join('\n');
    for (let i = 0; i < 30; i++) expect(text).toContain(`${PUBLIC_URL}/things/${tag}-${i}`);
    // Each request is signed as conventions.md says; check it independently.
    for (const r of got) {
      const q = new URL(r.path, server.url).searchParams;
      const ts = q.get('timestamp')!;
      expect(q.get('access_token')).toBe('T3');
      expect(Math.abs(Number(ts) - clock.now().getTime())).toBeLessThan(3_600_000);
      expect(q.get('sign')).toBe(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));
    }
    expect((await outboxOf(ctx().db, ep.id)).every((r) => r.status === 'delivered')).toBe(true);
  });

  it('keeps to 20 requests a minute per robot: the 21st message waits for the next minute (fake sender)', async () => {
    const posted: string[] = [];
    const fake: RobotSender = {
      post: async (url) => {
        posted.push(url);
        return { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
      },
    };
    const ep = await robot(ctx, { url: `${server.url}/never-called?key=FAKE` });
    const tag = unique('limit');
    const clock = fakeClock('2030-02-01T00:00:00Z');
    const deps = { db: ctx().db, clock, sender: fake, crypto: ctx().app.deps.crypto, publicUrl: PUBLIC_URL };
    await emit(ctx().db, Array.from({ length: 20 }, (_, i) => event(ep.id, `${tag}-a${i}`)));
    expect((await runOutboxSender(deps)).requests).toBe(20); // each alone: they fit
    await emit(ctx().db, Array.from({ length: 5 }, (_, i) => event(ep.id, `${tag}-b${i}`)));
    clock.advance(30_000);
    expect((await runOutboxSender(deps)).requests).toBe(0); // the minute's allowance is spent
    clock.advance(31_000);
    expect(await runOutboxSender(deps)).toMatchObject({ requests: 5, delivered: 5 });
    expect(posted).toHaveLength(25);
  });

  it('is idempotent: the same event twice is one outbox row and one delivery', async () => {
    const ep = await robot(ctx, { url: `${server.url}/idem?key=K4` });
    const key = unique('same');
    const first = await emit(ctx().db, [event(ep.id, key)]);
    const second = await emit(ctx().db, [event(ep.id, key)]);
    expect([first.outbox, second.outbox]).toEqual([1, 0]);
    const before = server.requests.length;
    const deps = { db: ctx().db, clock: fakeClock(new Date()), sender, crypto: ctx().app.deps.crypto, publicUrl: PUBLIC_URL };
    await runOutboxSender(deps);
    await runOutboxSender(deps);
    expect(server.requests.length - before).toBe(1);
    expect(await outboxOf(ctx().db, ep.id)).toHaveLength(1);
  });

  it('one sender at a time; a disabled robot\'s pending messages are cancelled, not sent later', async () => {
    const holder = await ctx().db.$client.connect();
    await holder.query('SELECT pg_advisory_lock(7303002)');
    try {
      expect((await runOutboxSender({ db: ctx().db, clock: fakeClock(new Date()), sender, crypto: ctx().app.deps.crypto, publicUrl: PUBLIC_URL })).ran).toBe(false);
    } finally {
      await holder.query('SELECT pg_advisory_unlock(7303002)');
      holder.release();
    }
    const ids = await demoIds(ctx().db);
    const tf: Client = await ctx().login('zhuanban');
    const created = await tf.post('/api/v1/webhooks', { name: '停用测试', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=DIS', events: [], regionId: ids.dazu });
    expect((await tf.post(`/api/v1/webhooks/${created.body.id}/test`)).status).toBe(202);
    expect((await outboxOf(ctx().db, created.body.id)).map((r) => r.status)).toEqual(['pending']);
    const page = await tf.get(`/api/v1/webhooks/${created.body.id}/outbox`);
    expect(page.body.items[0]).toMatchObject({ kind: 'webhook.test', status: 'pending', attempts: 0 });
    await tf.patch(`/api/v1/webhooks/${created.body.id}`, { enabled: false });
    expect((await outboxOf(ctx().db, created.body.id)).map((r) => r.status)).toEqual(['cancelled']);
    const pending = await ctx().db.select().from(webhookOutbox).where(and(eq(webhookOutbox.endpointId, created.body.id), eq(webhookOutbox.status, 'pending')));
    expect(pending).toEqual([]);
  });
});
