import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, toJsonValue } from './audit.js';

describe('canonicalJson', () => {
  it('does not depend on key order, at any depth', () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: 'x' } };
    const b = { a: { x: 'x', y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"x","y":[1,{"p":2,"q":1}]},"b":1}');
  });
  it('keeps array order (order in an array is meaning)', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });
  it('drops undefined members, writes null for null and undefined, dates as ISO strings', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(new Date('2026-01-02T03:04:05.006Z'))).toBe('"2026-01-02T03:04:05.006Z"');
  });
  it('escapes strings as JSON does, Chinese included', () => {
    expect(canonicalJson({ name: '龙岗街道 "一"' })).toBe('{"name":"龙岗街道 \\"一\\""}');
  });
  it('gives the same text for a value and its round trip through jsonb-like JSON', () => {
    const value = { at: new Date('2026-01-02T03:04:05.006Z'), n: 1.5, nested: { z: true, a: [null] } };
    expect(canonicalJson(toJsonValue(value))).toBe(canonicalJson(value));
  });
});

describe('entryHash', () => {
  const base = {
    id: 7,
    at: new Date('2026-01-02T03:04:05.006Z'),
    actorId: null,
    actorLabel: 'system',
    action: 'region.create',
    entityType: 'region',
    entityId: 'r1',
    regionId: null,
    before: null,
    after: { name: '龙岗街道', code: '500111001000' },
    ip: '127.0.0.1',
    prevHash: '0'.repeat(64),
  };
  it('is a SHA-256 hex digest independent of the key order of before/after', () => {
    const h = entryHash(base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...base, after: { code: '500111001000', name: '龙岗街道' } })).toBe(h);
  });
  it('changes when any recorded field or the previous hash changes', () => {
    const h = entryHash(base);
    const variants = [
      { id: 8 },
      { at: new Date('2026-01-02T03:04:05.007Z') },
      { actorId: 'a' },
      { actorLabel: 'admin' },
      { action: 'region.update' },
      { entityType: 'account' },
      { entityId: 'r2' },
      { regionId: 'r1' },
      { before: {} },
      { after: { name: '龙岗街道', code: '500111001001' } },
      { ip: '10.0.0.1' },
      { prevHash: '1'.repeat(64) },
    ];
    for (const v of variants) expect(entryHash({ ...base, ...v }), JSON.stringify(v)).not.toBe(h);
  });
});
