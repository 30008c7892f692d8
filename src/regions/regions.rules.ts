/**
 * Region codes and levels (R1.1): GB/T 2260 six-digit codes down to county level, 12-digit
 * statistical codes for towns/streets and communities/villages, grids below. Pure functions.
 */
export const REGION_LEVELS = ['country', 'province', 'city', 'district', 'town', 'community', 'grid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const REGION_LEVEL_LABELS: Record<RegionLevel, { zh: string; en: string }> = {
  country: { zh: '全国', en: 'Country' },
  province: { zh: '省级', en: 'Province' },
  city: { zh: '市级', en: 'City' },
  district: { zh: '区县', en: 'District/county' },
  town: { zh: '镇街', en: 'Town/street' },
  community: { zh: '社区/村', en: 'Community/village' },
  grid: { zh: '网格', en: 'Grid' },
};

const ALLOWED_PARENTS: Record<RegionLevel, readonly (RegionLevel | null)[]> = {
  // The platform's root (全国) holds the admin; a deployment may also start at a province.
  country: [null],
  province: [null, 'country'],
  city: ['province'],
  // Province-administered county-level units sit directly under the province.
  district: ['city', 'province'],
  town: ['district'],
  community: ['town'],
  grid: ['community', 'town'],
};

export interface CodeProblem {
  path: string;
  key: string;
  params?: Record<string, unknown>;
}

export interface ParentInfo {
  level: RegionLevel;
  code: string;
}

/** Problems with placing a region of `level` and `code` under `parent` (none = acceptable). */
export function regionCodeProblems(
  level: RegionLevel,
  code: string,
  parent: ParentInfo | null,
  isVirtualCode = false,
): CodeProblem[] {
  if (!ALLOWED_PARENTS[level].includes(parent?.level ?? null)) {
    // Level names travel as message keys, so the message reads 镇街不能直接设在市级之下 / a town/street … under a city.
    const levelKey = `region.levelName.${level}`;
    if (!parent) return [{ path: 'parentId', key: 'region.level.root', params: { levelKey } }];
    return [{ path: 'parentId', key: 'region.level.parent', params: { levelKey, parentLevelKey: `region.levelName.${parent.level}` } }];
  }
  // Development zones and management bureaus may carry virtual codes (conventions.md).
  if (isVirtualCode) return /^[0-9A-Za-z]{6,15}$/.test(code) ? [] : [{ path: 'code', key: 'field.invalidFormat' }];
  const bad = (key: string, params?: Record<string, unknown>): CodeProblem[] => [{ path: 'code', key, params }];
  switch (level) {
    case 'country':
      return code === '000000' ? [] : bad('field.invalidFormat');
    case 'province':
      return /^[1-9]\d0000$/.test(code) ? [] : bad('region.code.province');
    case 'city': {
      if (!/^\d{4}00$/.test(code) || code.endsWith('0000')) return bad('region.code.city');
      return startsWith(code, parent!.code.slice(0, 2));
    }
    case 'district': {
      if (!/^\d{6}$/.test(code) || code.endsWith('00')) return bad('region.code.district');
      return startsWith(code, parent!.code.slice(0, parent!.level === 'city' ? 4 : 2));
    }
    case 'town': {
      const seg = Number(code.slice(6, 9));
      if (!/^\d{12}$/.test(code) || !code.endsWith('000') || seg < 1 || seg > 599) return bad('region.code.town');
      return startsWith(code, parent!.code.slice(0, 6));
    }
    case 'community': {
      const seg = Number(code.slice(9, 12));
      if (!/^\d{12}$/.test(code) || seg < 1 || seg > 399) return bad('region.code.community');
      return startsWith(code, parent!.code.slice(0, 9));
    }
    case 'grid':
      return new RegExp(`^${parent!.code}\\d{1,6}$`).test(code) ? [] : bad('region.code.grid');
  }
}

function startsWith(code: string, prefix: string): CodeProblem[] {
  return code.startsWith(prefix) ? [] : [{ path: 'code', key: 'region.code.prefix', params: { prefix } }];
}

/** Township segment of a 12-digit code: street (街道), town (镇), township (乡) or other. */
export function townshipKind(code: string): 'street' | 'town' | 'township' | 'other' | null {
  if (!/^\d{12}$/.test(code)) return null;
  const seg = Number(code.slice(6, 9));
  if (seg >= 1 && seg <= 99) return 'street';
  if (seg >= 100 && seg <= 199) return 'town';
  if (seg >= 200 && seg <= 399) return 'township';
  if (seg >= 400 && seg <= 599) return 'other';
  return null;
}

/** The materialised path of a child (parent path + own id). */
export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** A region may not move under itself or its own subtree. */
export function isMoveIntoOwnSubtree(regionPath: string, newParentPath: string): boolean {
  return newParentPath.startsWith(regionPath);
}
