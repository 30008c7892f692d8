/**
 * API shapes of the hazard pages, derived from the server's own functions (type-only imports,
 * erased at build time): a change of a presenter shows up here as a type error.
 */
import type { hazardEnforcement, supplyHazards } from '../../../../src/hazards/enforcement.service.js';
import type { getHazard, listHazards } from '../../../../src/hazards/hazards.service.js';
import type { getLookback, listLookbacks, reboundStats } from '../../../../src/hazards/lookback.service.js';
import type { listMajorHazards } from '../../../../src/hazards/major.service.js';
import type { listNotices, presentNotice } from '../../../../src/hazards/notices.service.js';
import type { listNotifications } from '../../../../src/notifications/notifications.service.js';
import type { Json } from '../../types.js';

export type HazardListPage = Json<Awaited<ReturnType<typeof listHazards>>>;
export type HazardListItem = HazardListPage['items'][number];
export type HazardDetail = Json<Awaited<ReturnType<typeof getHazard>>>;
export type Hazard = HazardDetail['hazard'];
export type HazardEvent = HazardDetail['events'][number];
export type EnforcementStep = HazardDetail['enforcement'][number];
export type HazardNoticeBrief = HazardDetail['notices'][number];
export type Notice = Json<ReturnType<typeof presentNotice>>;
export type NoticePage = Json<Awaited<ReturnType<typeof listNotices>>>;
export type MajorPage = Json<Awaited<ReturnType<typeof listMajorHazards>>>;
export type MajorItem = MajorPage['items'][number];
export type LookbackPage = Json<Awaited<ReturnType<typeof listLookbacks>>>;
export type LookbackBatch = LookbackPage['items'][number];
export type LookbackDetail = Json<Awaited<ReturnType<typeof getLookback>>>;
export type LookbackItem = LookbackDetail['items'][number];
export type ReboundStats = Json<Awaited<ReturnType<typeof reboundStats>>>;
export type SupplyPage = Json<Awaited<ReturnType<typeof supplyHazards>>>;
export type SupplyItem = SupplyPage['items'][number];
export type HazardEnforcement = Json<Awaited<ReturnType<typeof hazardEnforcement>>>;
export type NotificationPage = Json<Awaited<ReturnType<typeof listNotifications>>>;
export type NotificationItem = NotificationPage['items'][number];

/** A registry record as the subject picker shows it (GET /api/v1/registry/:kind items). */
export interface SubjectRow {
  id: string;
  name?: string | null;
  address?: string | null;
  plateNumber?: string | null;
  regionName?: string | null;
}
