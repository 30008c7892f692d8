import { describe, expect, it } from 'vitest';
import { KINDS } from './kinds.js';
import { cellsToInput, codeText, exportColumns, kindColumns, readColumns } from './registry.excel.js';

describe('registry Excel columns', () => {
  it('references appear by natural key, codes as text, enums and booleans as drop-downs', () => {
    const cols = kindColumns(KINDS.licence);
    const byKey = new Map(cols.map((c) => [c.key, c]));
    expect(byKey.get('enterpriseId')).toMatchObject({ header: '持证企业（信用代码）', format: 'text', required: true });
    expect(byKey.get('personId')).toMatchObject({ header: '持证人员（身份证号）', format: 'text', required: false });
    expect(byKey.get('kind')?.list).toContain('燃气经营许可证');
    expect(byKey.get('validUntil')?.format).toBe('date');
    const household = new Map(kindColumns(KINDS.household).map((c) => [c.key, c]));
    expect(household.get('regionId')).toMatchObject({ header: '所属区域代码', required: true, format: 'text' });
    expect(household.get('holderIdNumber')?.format).toBe('text');
    expect(household.get('oldCommunity')?.list).toEqual(['是', '否']);
  });

  it('reads headers by Chinese or English label, key, or the plain reference label', () => {
    const region = readColumns(KINDS.household).find((c) => c.key === 'regionId')!;
    expect(region.names).toEqual(expect.arrayContaining(['所属区域代码', 'Region code', '所属区域']));
  });

  it('export adds the names of what the codes refer to', () => {
    const headers = exportColumns(KINDS.vehicle).map((c) => c.header);
    expect(headers).toEqual(expect.arrayContaining(['所属企业（信用代码）', '所属企业名称', '绑定送气工（身份证号）', '绑定送气工姓名', '配送区域（区域代码）', '配送区域名称']));
  });

  it('turns cells into API input: codes as text without exponent, dates in text columns as ISO dates', () => {
    expect(codeText(500111001001)).toBe('500111001001');
    expect(codeText(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    const input = cellsToInput(KINDS.household, { address: '五星大道 1 号', room: new Date('2024-03-01T00:00:00Z'), regionId: 500111001001 });
    expect(input).toEqual({ address: '五星大道 1 号', room: '2024-03-01', regionId: '500111001001' });
  });
});
