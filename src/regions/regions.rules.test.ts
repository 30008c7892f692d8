import { describe, expect, it } from 'vitest';
import { childPath, isMoveIntoOwnSubtree, regionCodeProblems, townshipKind, type ParentInfo, type RegionLevel } from './regions.rules.js';

const COUNTRY: ParentInfo = { level: 'country', code: '000000' };
const PROVINCE: ParentInfo = { level: 'province', code: '500000' };
const CITY: ParentInfo = { level: 'city', code: '500100' };
const DISTRICT: ParentInfo = { level: 'district', code: '500111' };
const TOWN: ParentInfo = { level: 'town', code: '500111001000' };
const COMMUNITY: ParentInfo = { level: 'community', code: '500111001001' };

const keys = (level: RegionLevel, code: string, parent: ParentInfo | null, virtual = false) =>
  regionCodeProblems(level, code, parent, virtual).map((p) => `${p.path}:${p.key}`);

describe('R1.1 region codes (GB/T 2260 and 12-digit statistical codes)', () => {
  // [level, parent, valid codes, invalid codes with the expected problem key]
  const CASES: [RegionLevel, ParentInfo | null, string[], [string, string][]][] = [
    ['country', null, ['000000'], [['100000', 'code:field.invalidFormat']]],
    [
      'province',
      COUNTRY,
      ['110000', '500000', '650000'],
      [
        ['010000', 'code:region.code.province'],
        ['500100', 'code:region.code.province'],
        ['50000', 'code:region.code.province'],
        ['5000000', 'code:region.code.province'],
        ['50000A', 'code:region.code.province'],
      ],
    ],
    [
      'city',
      PROVINCE,
      ['500100', '500200'],
      [
        ['500000', 'code:region.code.city'],
        ['500101', 'code:region.code.city'],
        ['510100', 'code:region.code.prefix'],
      ],
    ],
    [
      'district',
      CITY,
      ['500111', '500151', '500199'],
      [
        ['500100', 'code:region.code.district'],
        ['500211', 'code:region.code.prefix'],
        ['50011', 'code:region.code.district'],
        ['50011X', 'code:region.code.district'],
      ],
    ],
    ['district', PROVINCE, ['500230'], [['510230', 'code:region.code.prefix']]],
    [
      'town',
      DISTRICT,
      ['500111001000', '500111100000', '500111599000'],
      [
        ['500111000000', 'code:region.code.town'],
        ['500111600000', 'code:region.code.town'],
        ['500111001001', 'code:region.code.town'],
        ['50011100100', 'code:region.code.town'],
        ['500151001000', 'code:region.code.prefix'],
      ],
    ],
    [
      'community',
      TOWN,
      ['500111001001', '500111001399', '500111001200'],
      [
        ['500111001000', 'code:region.code.community'],
        ['500111001400', 'code:region.code.community'],
        ['5001110010011', 'code:region.code.community'],
        ['500111002001', 'code:region.code.prefix'],
      ],
    ],
    [
      'grid',
      COMMUNITY,
      ['5001110010011', '500111001001123456'],
      [
        ['500111001001', 'code:region.code.grid'],
        ['5001110010011234567', 'code:region.code.grid'],
        ['5001110010021', 'code:region.code.grid'],
        ['500111001001A', 'code:region.code.grid'],
      ],
    ],
    ['grid', TOWN, ['50011100100001'], [['50011100200001', 'code:region.code.grid']]],
  ];

  for (const [level, parent, valid, invalid] of CASES) {
    describe(`${level} under ${parent?.level ?? 'nothing'}`, () => {
      it.each(valid)('accepts %s', (code) => {
        expect(keys(level, code, parent)).toEqual([]);
      });
      it.each(invalid)('refuses %s (%s)', (code, problem) => {
        expect(keys(level, code, parent)).toEqual([problem]);
      });
    });
  }

  it('names the expected prefix', () => {
    expect(regionCodeProblems('town', '500151001000', DISTRICT)).toEqual([{ path: 'code', key: 'region.code.prefix', params: { prefix: '500111' } }]);
    expect(regionCodeProblems('district', '510111', PROVINCE)).toEqual([{ path: 'code', key: 'region.code.prefix', params: { prefix: '50' } }]);
  });

  // [level, parent level that is not allowed]
  const WRONG_PARENTS: [RegionLevel, RegionLevel | null][] = [
    ['country', 'country'],
    ['province', 'city'],
    ['city', 'country'],
    ['city', null],
    ['district', 'district'],
    ['district', null],
    ['town', 'city'],
    ['town', 'town'],
    ['community', 'district'],
    ['community', 'community'],
    ['grid', 'district'],
    ['grid', 'grid'],
  ];
  it.each(WRONG_PARENTS)('refuses a %s under %s on parentId, with the level names as message keys', (level, parentLevel) => {
    const parent = parentLevel ? { level: parentLevel, code: '000000' } : null;
    const problems = regionCodeProblems(level, '500111', parent);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('parentId');
    if (parentLevel) {
      expect(problems[0]).toEqual({ path: 'parentId', key: 'region.level.parent', params: { levelKey: `region.levelName.${level}`, parentLevelKey: `region.levelName.${parentLevel}` } });
    } else {
      expect(problems[0]).toEqual({ path: 'parentId', key: 'region.level.root', params: { levelKey: `region.levelName.${level}` } });
    }
  });

  it('allows a province at the top or under the country, and a district directly under a province', () => {
    expect(keys('province', '110000', null)).toEqual([]);
    expect(keys('province', '110000', COUNTRY)).toEqual([]);
    expect(keys('district', '500230', PROVINCE)).toEqual([]);
  });

  it('development zones may carry virtual codes (6–15 letters or digits), still under an allowed parent', () => {
    expect(keys('district', 'CQKFQ01', CITY, true)).toEqual([]);
    expect(keys('district', 'KFQ', CITY, true)).toEqual(['code:field.invalidFormat']);
    expect(keys('district', 'CQ-KFQ-01', CITY, true)).toEqual(['code:field.invalidFormat']);
    expect(keys('district', 'CQKFQ01', TOWN, true)).toEqual(['parentId:region.level.parent']);
  });
});

describe('R1.1 townshipKind (the 3-digit township segment)', () => {
  it.each([
    ['500111001000', 'street'],
    ['500111099000', 'street'],
    ['500111100000', 'town'],
    ['500111199000', 'town'],
    ['500111200000', 'township'],
    ['500111399000', 'township'],
    ['500111400000', 'other'],
    ['500111599000', 'other'],
    ['500111000000', null],
    ['500111600000', null],
    ['500111001', null],
    ['50011100100A', null],
  ] as const)('%s → %s', (code, kind) => {
    expect(townshipKind(code)).toBe(kind);
  });
});

describe('materialised paths', () => {
  it('a child path is the parent path plus the id', () => {
    expect(childPath(null, 'a')).toBe('/a/');
    expect(childPath('/a/', 'b')).toBe('/a/b/');
  });
  it('a move into the region itself or below it is detected; a sibling with a longer id is not', () => {
    expect(isMoveIntoOwnSubtree('/a/b/', '/a/b/')).toBe(true);
    expect(isMoveIntoOwnSubtree('/a/b/', '/a/b/c/')).toBe(true);
    expect(isMoveIntoOwnSubtree('/a/b/', '/a/')).toBe(false);
    expect(isMoveIntoOwnSubtree('/a/b/', '/a/bb/')).toBe(false);
  });
});
