/**
 * Fixtures of the oversight tests (dashboard, evaluation, grading): hazards and inspections put
 * straight into the tables with the dates a hand-counted fixture needs (the API stamps "now").
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/db.js';

let seq = 0;

/** A China-time instant on an ISO date (noon unless given). */
export const at = (day: string, time = '12:00:00') => `${day}T${time}+08:00`;

export interface HazardFixture {
  regionId: string;
  subject: { type: string; id: string; name: string };
  found: string;
  severity?: 'major' | 'general';
  state?: 'reported' | 'assigned' | 'rectifying' | 'awaiting_review' | 'closed' | 'voided';
  deadline?: string | null;
  closed?: string | null;
  reboundOf?: string | null;
  source?: string;
  category?: string;
  enterpriseId?: string | null;
  itemCode?: string | null;
}

export async function insertHazard(db: Db, h: HazardFixture): Promise<string> {
  seq += 1;
  const id = randomUUID();
  await db.execute(sql`
    INSERT INTO hazards (id, code, region_id, subject_type, subject_id, subject_name, enterprise_id, item_code, category, task_kind, severity, description, source,
                         found_at, state, deadline, closed_at, rebound_of, fixed_on_spot)
    VALUES (${id}, ${`YHTEST${Date.now()}${seq}`}, ${h.regionId}, ${h.subject.type}, ${h.subject.id}, ${h.subject.name}, ${h.enterpriseId ?? null}, ${h.itemCode ?? null},
            ${h.category ?? 'problem_hose'}, 'catering', ${h.severity ?? 'general'}, 'fixture', ${h.source ?? 'inspection'},
            ${at(h.found)}::timestamptz, ${h.state ?? 'reported'}, ${h.deadline ?? null}::date, ${h.closed ? at(h.closed, '15:00:00') : null}::timestamptz,
            ${h.reboundOf ?? null}::uuid, ${h.state === 'closed' && !h.deadline})`);
  return id;
}

export async function insertInspection(db: Db, i: { regionId: string; subject: { type: string; id: string; name: string }; day: string; kind?: string; createdBy: string }) {
  seq += 1;
  await db.execute(sql`
    INSERT INTO inspections (code, client_uuid, kind, region_id, subject_type, subject_id, subject_name, inspector_ids, inspector_names, submitted_at,
                             inspector_signatures, findings, library_version, created_by)
    VALUES (${`JCTEST${Date.now()}${seq}`}, ${randomUUID()}, ${i.kind ?? 'official'}, ${i.regionId}, ${i.subject.type}, ${i.subject.id}, ${i.subject.name},
            ARRAY[${i.createdBy}]::uuid[], ARRAY['测试']::text[], ${at(i.day)}::timestamptz, '{}'::uuid[], 0, 'test', ${i.createdBy})`);
}
