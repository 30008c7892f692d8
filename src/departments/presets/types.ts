import type { DepartmentKey, HazardCategory, TaskKind } from '../taxonomy.js';

/** A department a preset creates in the region it is applied to. */
export interface PresetDepartment {
  key: DepartmentKey;
  /** The local name, as the seed writes it, e.g. 区经济信息委. */
  name: string;
  /** True for the one department that is the local gas authority (燃气主管部门). */
  isGasAuthority?: boolean;
}

/** One row of the responsibility matrix. */
export interface PresetRule {
  category: HazardCategory | '*';
  taskKind: TaskKind | '*';
  lead: DepartmentKey;
  cooperating: DepartmentKey[];
  /** Where the seed says so, e.g. "000 二(二)2" plus a short quote of the task. */
  basis: string;
}

export interface MatrixPreset {
  key: string; // 'dazu' | 'nanchang' | 'jiangsu'
  name: { zh: string; en: string };
  /** The seed file the preset reproduces. */
  source: string;
  departments: PresetDepartment[];
  rules: PresetRule[];
}
