/**
 * Who must have which safety device under the installation programme (R7.5, seed 004 附件1;
 * devices.md "Where detectors are required"). Pure; programme.service.ts is its SQL twin (tested
 * together): unit users (every gas-using venue: restaurants, hotels, malls, schools, hospitals …)
 * need a leak detector; pipeline-gas households in old communities, poor households (低保/特困) and
 * new households need a self-closing valve; households in buildings over 100 m need both.
 */
export const PROGRAMME_CATEGORIES = ['unit', 'old_community', 'hardship', 'high_rise', 'new_residential'] as const;
export type ProgrammeCategory = (typeof PROGRAMME_CATEGORIES)[number];

export const PROGRAMME_CATEGORY_LABELS: Record<ProgrammeCategory, { zh: string; en: string }> = {
  unit: { zh: '单位用户', en: 'Unit users' },
  old_community: { zh: '老旧小区居民用户', en: 'Old-community households' },
  hardship: { zh: '困难群众用户（低保/特困）', en: 'Poor households (dibao/tekun)' },
  high_rise: { zh: '百米以上高层居民用户', en: 'Households in buildings over 100 m' },
  new_residential: { zh: '新增居民用户', en: 'New households' },
};

export type Need = 'detector' | 'self_closing_valve';
export const NEED_LABELS: Record<Need, { zh: string; en: string }> = {
  detector: { zh: '可燃气体泄漏报警装置', en: 'Gas leak detector' },
  self_closing_valve: { zh: '安全自闭阀', en: 'Self-closing valve' },
};

export interface HouseholdFacts {
  gasSource: string | null;
  oldCommunity: boolean;
  hardship: string;
  highRise100m: boolean;
  createdAt: Date;
}

export interface Requirement {
  categories: ProgrammeCategory[];
  needs: Need[];
}

export function venueRequirement(): Requirement {
  return { categories: ['unit'], needs: ['detector'] };
}

/** `newSince`: households registered from this date count as new users (null: not asked). */
export function householdRequirement(h: HouseholdFacts, newSince: Date | null): Requirement {
  if (h.gasSource !== null && h.gasSource !== 'pipeline_ng') return { categories: [], needs: [] };
  const categories: ProgrammeCategory[] = [];
  if (h.oldCommunity) categories.push('old_community');
  if (h.hardship === 'dibao' || h.hardship === 'tekun') categories.push('hardship');
  if (h.highRise100m) categories.push('high_rise');
  if (newSince && h.createdAt >= newSince) categories.push('new_residential');
  if (categories.length === 0) return { categories, needs: [] };
  return { categories, needs: h.highRise100m ? ['self_closing_valve', 'detector'] : ['self_closing_valve'] };
}
