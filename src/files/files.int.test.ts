import { expect, it } from 'vitest';
import { pngBytes } from '../../test/fixtures.js';
import { describeOnEachDatabase } from '../../test/harness.js';

describeOnEachDatabase('uploads', (ctx) => {
  it('accepts a photo by its content and serves it back with a safe content type', async () => {
    const c = await ctx().login('wangge');
    const up = await c.upload('/api/v1/files?purpose=photo', pngBytes(), 'photo.jpg');
    expect(up.status).toBe(201);
    expect(up.body.contentType).toBe('image/png');
    const down = await c.get(up.body.url);
    expect(down.status).toBe(200);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses HTML dressed up as a JPEG, in the user language', async () => {
    const c = await ctx().login('wangge');
    const up = await c.upload('/api/v1/files?purpose=photo', Buffer.from('<html><script>alert(1)</script></html>'), 'evil.jpg');
    expect(up.status).toBe(422);
    expect(up.body.error.fields[0].message).toContain('按文件内容识别');
  });

  it('does not show one account\'s unattached upload to an account of another district', async () => {
    const c = await ctx().login('wangge');
    const up = await c.upload('/api/v1/files?purpose=photo', pngBytes(), 'a.png');
    const other = await ctx().login('tongliang');
    expect((await other.get(up.body.url)).status).toBe(404);
  });
});
