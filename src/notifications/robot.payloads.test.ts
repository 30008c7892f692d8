import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dingtalkMarkdown, dingtalkSign, dingtalkSignedUrl, maskRobotUrl, truncateUtf8, wecomMarkdown, wecomText } from './robot.payloads.js';
import { fitsInOneDigest, linkTo, robotPayload } from './robot.render.js';

describe('企业微信 group robot payloads (conventions.md)', () => {
  it('text: {"msgtype":"text","text":{"content":…}} and nothing else (no mentions: they need phones)', () => {
    expect(wecomText('隐患已交办')).toEqual({ msgtype: 'text', text: { content: '隐患已交办' } });
    expect(JSON.stringify(wecomText('x'))).toBe('{"msgtype":"text","text":{"content":"x"}}');
  });

  it('markdown: {"msgtype":"markdown","markdown":{"content":…}}', () => {
    const content = '### 隐患已交办\n>区域：<font color="comment">龙岗街道</font>';
    expect(wecomMarkdown(content)).toEqual({ msgtype: 'markdown', markdown: { content } });
  });

  it('keeps text within 2048 bytes and markdown within 4096 bytes of UTF-8, cutting whole characters', () => {
    const long = '燃'.repeat(2000); // 6000 bytes
    const text = wecomText(long).text.content;
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(2048);
    expect(text.endsWith('…')).toBe(true);
    expect(text.replace('…', '')).toMatch(/^燃+$/);
    expect(Buffer.byteLength(wecomMarkdown(long).markdown.content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(truncateUtf8('abc', 3)).toBe('abc');
  });
});

describe('钉钉 custom robot payloads and signing (conventions.md)', () => {
  it('markdown: {"msgtype":"markdown","markdown":{"title","text"},"at":{…}} mentioning nobody', () => {
    expect(dingtalkMarkdown('隐患已交办', '### 隐患已交办\n\n> 龙岗街道')).toEqual({
      msgtype: 'markdown',
      markdown: { title: '隐患已交办', text: '### 隐患已交办\n\n> 龙岗街道' },
      at: { atMobiles: [], isAtAll: false },
    });
  });

  it('signs timestamp + "\\n" + secret with HMAC-SHA256 keyed by the secret, Base64, URL-encoded', () => {
    const secret = 'SEC1234567890abcdef';
    const ts = 1_767_225_600_000; // 2026-01-01T00:00:00Z
    // The documented recipe, computed here independently.
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(`${ts}\n${secret}`, 'utf8')).digest('base64');
    expect(dingtalkSign(secret, ts)).toBe(expected);
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=TOKEN';
    const signed = dingtalkSignedUrl(url, secret, ts);
    expect(signed).toBe(`${url}&timestamp=${ts}&sign=${encodeURIComponent(expected)}`);
    // Base64 carries + / = which must be escaped in the query.
    const sign = new URL(signed).searchParams.get('sign');
    expect(sign).toBe(expected);
    expect(signed).not.toMatch(/sign=[^&]*[+/=]/);
  });

  it('a fixed vector: secret "this is secret", timestamp 1577262236757', () => {
    const sign = dingtalkSign('this is secret', 1577262236757);
    const independent = createHmac('sha256', 'this is secret').update('1577262236757\nthis is secret').digest('base64');
    expect(sign).toBe(independent);
    expect(sign).toHaveLength(44); // 32 bytes in Base64
    expect(dingtalkSignedUrl('https://oapi.dingtalk.com/robot/send', 'this is secret', 1577262236757)).toBe(
      `https://oapi.dingtalk.com/robot/send?timestamp=1577262236757&sign=${encodeURIComponent(independent)}`,
    );
  });
});

describe('robot messages rendered from the outbox', () => {
  const base = 'https://gas.example.gov.cn/';
  const m = { title: '隐患已交办：老街火锅', lines: ['YH202600000001（问题软管，一般隐患）已交办，请于 2026-12-31 前整改完毕。', '属地：龙岗街道'], link: '/hazards/abc' };

  it('every message links back into the platform at the public base URL', () => {
    expect(linkTo(base, '/hazards/abc')).toBe('https://gas.example.gov.cn/hazards/abc');
    const md = robotPayload('wecom', 'markdown', [m], base);
    expect(md).toMatchObject({ msgtype: 'markdown' });
    expect(JSON.stringify(md)).toContain('(https://gas.example.gov.cn/hazards/abc)');
    expect(JSON.stringify(robotPayload('wecom', 'text', [m], base))).toContain('https://gas.example.gov.cn/hazards/abc');
    const ding = robotPayload('dingtalk', 'markdown', [m], base);
    expect(ding).toMatchObject({ msgtype: 'markdown', markdown: { title: m.title } });
    expect(JSON.stringify(ding)).toContain('https://gas.example.gov.cn/hazards/abc');
  });

  it('merges several into one digest with a count and one link per item', () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ ...m, title: `隐患已交办：店${i}`, link: `/hazards/${i}` }));
    const p = robotPayload('wecom', 'markdown', items, base);
    expect(p.msgtype).toBe('markdown');
    const content = (p as { markdown: { content: string } }).markdown.content;
    expect(content).toContain('5 条新消息');
    for (let i = 0; i < 5; i++) expect(content).toContain(`(https://gas.example.gov.cn/hazards/${i})`);
    expect(content).toContain('https://gas.example.gov.cn/notifications');
  });

  it('knows when a digest would no longer fit the robot', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ ...m, link: `/hazards/${i}` }));
    expect(fitsInOneDigest('wecom', 'markdown', many.slice(0, 3), base)).toBe(true);
    expect(fitsInOneDigest('wecom', 'markdown', many, base)).toBe(false);
    expect(fitsInOneDigest('wecom', 'text', many.slice(0, 40), base)).toBe(false);
  });

  it('masks the key or token of a robot URL when showing it', () => {
    expect(maskRobotUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****5aaa',
    );
    expect(maskRobotUrl('not a url')).toBe('****');
  });
});
