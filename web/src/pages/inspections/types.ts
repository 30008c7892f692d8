/**
 * API shapes of the inspection pages, derived from the server's own functions (type-only imports,
 * erased at build time).
 */
import type { presentItem } from '../../../../src/checklists/checklists.service.js';
import type { coverage, uninspected } from '../../../../src/inspections/coverage.service.js';
import type { getInspection, listInspections } from '../../../../src/inspections/inspections.service.js';
import type { Json } from '../../types.js';

/** One checklist item as GET /api/v1/checklists/for-subject and /items give it. */
export type FormItem = Json<ReturnType<typeof presentItem>>;

export interface ForSubject {
  subject: { type: string; id: string; name: string; kind: string; regionId: string };
  libraryVersion: string;
  items: FormItem[];
}

export type InspectionDetail = Json<Awaited<ReturnType<typeof getInspection>>>;
export type InspectionRecord = InspectionDetail['inspection'];
export type InspectionAnswerRow = InspectionDetail['answers'][number];
export type InspectionListItem = Json<Awaited<ReturnType<typeof listInspections>>['items'][number]>;

export type Coverage = Json<Awaited<ReturnType<typeof coverage>>>;
export type UninspectedPage = Json<Awaited<ReturnType<typeof uninspected>>>;

/** POST /api/v1/inspections answer. */
export interface SubmitResponse {
  inspection: InspectionRecord;
  hazards: { id: string; code: string; severity: string; subjectName: string; itemCode: string | null }[];
  duplicate: boolean;
}

/** A registry record in a list (the fields the subject picker shows). */
export interface RegistryRow {
  id: string;
  name?: string | null;
  address?: string | null;
  kind?: string | null;
  regionName?: string | null;
  holderName?: string | null;
  supplierName?: string | null;
}

/** GET /api/v1/hazards/:id (the part shown here). */
export interface HazardBrief {
  hazard: {
    id: string;
    code: string;
    severity: string;
    state: string;
    description: string;
    itemCode: string | null;
    subjectName: string;
    deadline?: string | null;
    overdue?: boolean;
  };
}
