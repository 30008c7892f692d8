import type { HazardCategory, TaskKind } from '../taxonomy.js';
import { dazuPreset } from './dazu.js';
import { jiangsuPreset } from './jiangsu.js';
import { nanchangPreset } from './nanchang.js';
import type { MatrixPreset, PresetRule } from './types.js';

export type { MatrixPreset, PresetDepartment, PresetRule } from './types.js';
export { dazuPreset, jiangsuPreset, nanchangPreset };

/** Responsibility-matrix presets reproducing the seeds (R1.3): 000 大足区, 002 南昌市, 001 江苏省. */
export const MATRIX_PRESETS: MatrixPreset[] = [dazuPreset, nanchangPreset, jiangsuPreset];

/** The preset with this key ('dazu' | 'nanchang' | 'jiangsu'), or undefined. */
export function findPreset(key: string): MatrixPreset | undefined {
  return MATRIX_PRESETS.find((p) => p.key === key);
}

/**
 * The rule of `preset` that applies to a hazard of `category` under `taskKind`, most specific first,
 * in the same order as `resolveRule` in ../matrix.rules.ts: (category, taskKind) → (category, '*') →
 * ('*', taskKind) → ('*', '*'). The presets carry no (category, '*') rows (a test checks this), so for
 * them a hazard falls back from its exact row to its task kind's row, then to the gas authority.
 * Every preset has a ('*', '*') row, so a rule is always found.
 */
export function matchPresetRule(preset: MatrixPreset, category: HazardCategory, taskKind: TaskKind): PresetRule {
  const candidates: Array<[HazardCategory | '*', TaskKind | '*']> = [
    [category, taskKind],
    [category, '*'],
    ['*', taskKind],
    ['*', '*'],
  ];
  for (const [c, k] of candidates) {
    const rule = preset.rules.find((r) => r.category === c && r.taskKind === k);
    if (rule) return rule;
  }
  throw new Error(`preset ${preset.key} has no ('*','*') rule`);
}
