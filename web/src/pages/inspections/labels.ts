/**
 * Labels of the inspection vocabularies the server keeps as plain keys: subject types, kinds of
 * inspection, measuring units, comparison rules. The hazard categories, measures and registry
 * kinds come from the server's own files.
 */
import type { MeasuredRule } from '../../../../src/checklists/checklist.types.js';
import type { InspectionKind } from '../../../../src/inspections/inspections.rules.js';
import { ENTERPRISE_KINDS, FACILITY_KINDS, VEHICLE_KINDS, VENUE_KINDS } from '../../../../src/registry/dictionaries.js';
import type { SubjectType } from '../../../../src/registry/subjects.js';
import type { Label } from '../../i18n/labels.js';

export { MEASURE_LABELS } from '../../../../src/checklists/checklist.types.js';
export { SEVERITY_LABELS } from '../../../../src/hazards/hazard.labels.js';
export { STATE_LABELS as HAZARD_STATE_LABELS } from '../../../../src/hazards/hazard.rules.js';

export const SUBJECT_TYPE_LABELS: Record<SubjectType, Label> = {
  venue: { zh: '用气场所', en: 'Venue' },
  household: { zh: '居民用户', en: 'Household' },
  enterprise: { zh: '燃气企业', en: 'Enterprise' },
  facility: { zh: '燃气设施', en: 'Facility' },
  vehicle: { zh: '车辆', en: 'Vehicle' },
};

export const INSPECTION_KIND_LABELS: Record<InspectionKind, Label> = {
  official: { zh: '排查检查', en: 'Official inspection' },
  self: { zh: '自查', en: 'Self-inspection' },
  company: { zh: '入户安检', en: 'Operator inspection' },
};

export const UNIT_LABELS: Record<MeasuredRule['unit'], Label> = {
  m: { zh: '米', en: 'm' },
  kg: { zh: '千克', en: 'kg' },
  mm: { zh: '毫米', en: 'mm' },
  year: { zh: '年', en: 'years' },
  month: { zh: '个月', en: 'months' },
  '%LEL': { zh: '%LEL', en: '%LEL' },
  ppm: { zh: 'ppm', en: 'ppm' },
  kPa: { zh: 'kPa', en: 'kPa' },
  count: { zh: '个', en: 'count' },
};

export const FAIL_WHEN_LABELS: Record<MeasuredRule['failWhen'], Label> = {
  '>': { zh: '大于', en: 'above' },
  '>=': { zh: '大于等于', en: 'at or above' },
  '<': { zh: '小于', en: 'below' },
  '<=': { zh: '小于等于', en: 'at or below' },
  outside: { zh: '超出范围', en: 'outside the range' },
};

export const ORIGIN_LABELS: Record<string, Label> = {
  library: { zh: '国家/行业库', en: 'Library' },
  local: { zh: '本地新增', en: 'Local' },
  edited: { zh: '已修订', en: 'Corrected' },
};

/** Registry kinds of each subject type (households have none). */
export const KINDS_OF: Record<SubjectType, Record<string, Label>> = {
  venue: VENUE_KINDS,
  household: {},
  enterprise: ENTERPRISE_KINDS,
  facility: FACILITY_KINDS,
  vehicle: VEHICLE_KINDS,
};
