import { describe, expect, it } from 'vitest';
import { t } from '../shared/i18n.js';
import { addDays, audienceMask, EVENT_KINDS, eventOfHazardAction, hazardAudiences, isDeadlineApproaching } from './events.js';
import { hazardNotification, hazardRobotMessage, renderMessage } from './messages.js';
import { backoffMs, MAX_DIGEST_ITEMS, planDeliveries, robotOutcome } from './outbox.rules.js';
import { checkEndpoint } from './webhooks.rules.js';

describe('who hears of a hazard event (R4.3)', () => {
  it('assignment and deadline: the subject, the lead department, the town', () => {
    expect(hazardAudiences('hazard.assigned')).toEqual(['subject', 'leadDepartment', 'town']);
    expect(hazardAudiences('hazard.deadline_approaching')).toEqual(['subject', 'leadDepartment', 'town']);
  });
  it('review requested: the potential reviewers; rejected: the subject and the requester', () => {
    expect(hazardAudiences('hazard.review_requested')).toEqual(['leadDepartment', 'town']);
    expect(hazardAudiences('hazard.rejected')).toEqual(['subject', 'reviewRequester']);
  });
  it('escalation goes to the level concerned', () => {
    expect(hazardAudiences('hazard.escalated', 1)).toEqual(['town', 'leadDepartment']);
    expect(hazardAudiences('hazard.escalated', 2)).toEqual(['districtTaskForce']);
    expect(hazardAudiences('hazard.escalated', 3)).toEqual(['upperTaskForce']);
  });
  it('audiences are bits, so one query serves many hazards', () => {
    expect(audienceMask(['subject', 'leadDepartment', 'town'])).toBe(7);
    expect(audienceMask([])).toBe(0);
  });
  it('only assign, request_review, reject and close produce events', () => {
    expect(['assign', 'start', 'request_review', 'reject', 'close', 'void'].map(eventOfHazardAction)).toEqual([
      'hazard.assigned',
      null,
      'hazard.review_requested',
      'hazard.rejected',
      'hazard.closed',
      null,
    ]);
  });
  it('deadline approaching: from N days before up to the day itself', () => {
    expect(isDeadlineApproaching('2026-03-07', '2026-03-10', 3)).toBe(true);
    expect(isDeadlineApproaching('2026-03-06', '2026-03-10', 3)).toBe(false);
    expect(isDeadlineApproaching('2026-03-10', '2026-03-10', 3)).toBe(true);
    expect(isDeadlineApproaching('2026-03-11', '2026-03-10', 3)).toBe(false);
    expect(isDeadlineApproaching('2026-03-11', null, 3)).toBe(false);
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
  });
});

describe('notification wording', () => {
  const facts = {
    id: 'h1',
    code: 'YH202600000001',
    subjectType: 'venue',
    subjectName: '老街火锅',
    category: 'problem_hose',
    severity: 'general',
    deadline: '2026-12-31',
    townName: '龙岗街道',
    departmentName: '区市场监管局',
    reason: '照片看不到软管接口，联系 13812345678',
  };

  it('every event kind has a title and a body in both languages', () => {
    for (const kind of [...EVENT_KINDS, 'webhook.test' as const]) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const m = renderMessage(kind, {}, locale);
        expect(m.title).not.toBe(`notify.${kind}.title`);
        expect(m.body).not.toBe(`notify.${kind}.body`);
      }
    }
    expect(t('en', 'notify.hazard.assigned.title', { subject: 'x' })).toBe('Hazard assigned: x');
  });

  it('the bell says what happened in the reader\'s language, with the reason for the people concerned', () => {
    expect(hazardNotification('hazard.assigned', facts, 'zh-CN')).toEqual({
      title: '隐患已交办：老街火锅',
      body: 'YH202600000001（问题软管，一般隐患）已交办，请于 2026-12-31 前整改完毕。',
    });
    expect(hazardNotification('hazard.assigned', facts, 'en').body).toBe('YH202600000001 (Problem hose, general hazard) was assigned; rectify it by 2026-12-31.');
    expect(hazardNotification('hazard.rejected', facts, 'zh-CN').body).toContain('原因：照片看不到软管接口');
  });

  it('a group robot never gets free text (reasons may hold phones), nor a household\'s address', () => {
    const m = hazardRobotMessage('hazard.rejected', facts);
    expect(JSON.stringify(m)).not.toMatch(/1[3-9]\d{9}/);
    expect(JSON.stringify(m)).not.toContain('照片');
    expect(m.link).toBe('/hazards/h1');
    const household = hazardRobotMessage('hazard.assigned', { ...facts, subjectType: 'household', subjectName: '龙岗街道五星大道 88 号 3 单元 502' });
    expect(household.title).toBe('【燃气安全】隐患已交办：居民用户');
    expect(JSON.stringify(household)).not.toContain('502');
  });
});

describe('outbox delivery rules', () => {
  const fitsAll = () => true;
  it('sends each due item alone while they fit in the minute\'s allowance', () => {
    expect(planDeliveries([1, 2, 3], 20, fitsAll)).toEqual([1, 2, 3].map((i) => ({ items: [i], digest: false })));
    expect(planDeliveries([1, 2, 3], 0, fitsAll)).toEqual([]);
  });
  it('merges a burst larger than the allowance into digests, never more messages than allowed', () => {
    const burst = Array.from({ length: 30 }, (_, i) => i);
    const plan = planDeliveries(burst, 20, fitsAll);
    expect(plan.length).toBeLessThanOrEqual(20);
    expect(plan.every((m) => m.digest)).toBe(true);
    expect(plan.flatMap((m) => m.items)).toEqual(burst);
    // Digests limited by size: 5 per digest, 3 messages allowed → 15 sent, 15 wait.
    const bySize = planDeliveries(burst, 3, (items) => items.length <= 5);
    expect(bySize.map((m) => m.items.length)).toEqual([5, 5, 5]);
    expect(planDeliveries(Array.from({ length: 100 }, (_, i) => i), 20, fitsAll)[0]!.items).toHaveLength(MAX_DIGEST_ITEMS);
  });
  it('backs off exponentially, capped at an hour', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(20)).toBe(3_600_000);
  });
  it('success is HTTP 2xx with errcode 0; anything else is a failure with the reason', () => {
    expect(robotOutcome(200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
    expect(robotOutcome(200, '{"errcode":45009,"errmsg":"api freq out of limit"}')).toEqual({ ok: false, error: 'errcode 45009: api freq out of limit' });
    expect(robotOutcome(500, 'oops')).toEqual({ ok: false, error: 'HTTP 500: oops' });
    expect(robotOutcome(200, '<html>')).toMatchObject({ ok: false });
  });
});

describe('robot endpoints', () => {
  const hosts = ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'];
  it('accepts the two robots\' https addresses', () => {
    expect(checkEndpoint({ kind: 'wecom', format: 'markdown', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K', secret: null }, hosts)).toEqual([]);
    expect(checkEndpoint({ kind: 'dingtalk', format: 'markdown', url: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret: 'SEC' }, hosts)).toEqual([]);
  });
  it('refuses other hosts, plain http, user info and a 企业微信 secret', () => {
    const keys = (url: string, kind: 'wecom' | 'dingtalk' = 'wecom', secret: string | null = null) => checkEndpoint({ kind, format: 'markdown', url, secret }, hosts).map((e) => e.key);
    expect(keys('https://169.254.169.254/latest/meta-data')).toEqual(['webhook.url.host']);
    expect(keys('http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K')).toEqual(['webhook.url.invalid']);
    expect(keys('https://u:p@qyapi.weixin.qq.com/x')).toEqual(['webhook.url.invalid']);
    expect(keys('nonsense')).toEqual(['webhook.url.invalid']);
    expect(keys('https://qyapi.weixin.qq.com/x', 'wecom', 'S')).toEqual(['webhook.secret.wecom']);
    expect(checkEndpoint({ kind: 'dingtalk', format: 'text', url: 'https://oapi.dingtalk.com/robot/send', secret: null }, hosts).map((e) => e.key)).toEqual(['webhook.format.dingtalk']);
  });
  it('allows plain http only to an allowed loopback host (a local relay or a test server)', () => {
    expect(checkEndpoint({ kind: 'wecom', format: 'markdown', url: 'http://127.0.0.1:8080/send', secret: null }, [...hosts, '127.0.0.1:8080'])).toEqual([]);
    expect(checkEndpoint({ kind: 'wecom', format: 'markdown', url: 'http://127.0.0.1:8080/send', secret: null }, hosts).map((e) => e.key)).toEqual(['webhook.url.host']);
  });
});
