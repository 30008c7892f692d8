import { sql } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import type { Locale } from '../shared/i18n.js';

/** An account to notify, with the language its notification is written in. */
export interface Recipient {
  id: string;
  locale: Locale;
}

const asLocale = (l: string): Locale => (l === 'en' ? 'en' : 'zh-CN');

/**
 * Accounts to notify about each hazard, for a bit set of audiences per hazard (events.ts AUDIENCE),
 * in one statement for many hazards. Only active accounts whose home region lies on the hazard's
 * path (so the link opens for them: they can see the hazard) are chosen. The ancestors of the
 * hazard's region are read from its materialised path, so the region look-up uses the primary key.
 */
export async function hazardRecipients(tx: Executor, requests: { hazardId: string; mask: number }[]): Promise<Map<string, Recipient[]>> {
  const out = new Map<string, Recipient[]>();
  const wanted = requests.filter((r) => r.mask !== 0);
  if (wanted.length === 0) return out;
  const ids = `{${wanted.map((r) => r.hazardId).join(',')}}`;
  const masks = `{${wanted.map((r) => r.mask).join(',')}}`;
  const res = await tx.execute<{ hazard_id: string; account_id: string; locale: string }>(sql`
    WITH req AS (SELECT * FROM unnest(${ids}::uuid[], ${masks}::int[]) AS r(hazard_id, mask)),
    h AS (
      SELECT h.id, h.venue_id, h.enterprise_id, h.lead_department_id, h.review_requested_by, tr.path AS town_path, req.mask,
             string_to_array(trim(both '/' from hr.path), '/')::uuid[] AS ancestors
      FROM req
      JOIN hazards h ON h.id = req.hazard_id
      JOIN regions hr ON hr.id = h.region_id
      LEFT JOIN regions tr ON tr.id = h.town_id
    ),
    upper_tf AS (
      -- The nearest region above the district (city, province, …) that has a task force.
      SELECT h.id AS hazard_id, max(r.depth) AS depth
      FROM h JOIN regions r ON r.id = ANY(h.ancestors) AND r.level IN ('country', 'province', 'city')
      JOIN accounts a ON a.region_id = r.id AND a.role = 'task_force' AND a.status = 'active'
      WHERE h.mask & 16 <> 0
      GROUP BY h.id
    )
    SELECT DISTINCT h.id AS hazard_id, a.id AS account_id, a.locale
    FROM h
    JOIN regions ar ON ar.id = ANY(h.ancestors)
    JOIN accounts a ON a.region_id = ar.id AND a.status = 'active'
    LEFT JOIN upper_tf u ON u.hazard_id = h.id
    WHERE (h.mask & 1 <> 0 AND ((a.role = 'venue_user' AND a.venue_id = h.venue_id)
                               OR (a.role = 'enterprise_admin' AND a.enterprise_id = h.enterprise_id)
                               OR (a.role = 'enterprise_staff' AND a.staff_kind = 'safety_manager' AND a.enterprise_id = h.enterprise_id)))
       OR (h.mask & 2 <> 0 AND a.role = 'dept_officer' AND a.department_id = h.lead_department_id)
       OR (h.mask & 4 <> 0 AND a.role = 'town_officer' AND h.town_path IS NOT NULL AND ar.path LIKE h.town_path || '%')
       OR (h.mask & 8 <> 0 AND a.role = 'task_force' AND ar.level = 'district')
       OR (h.mask & 16 <> 0 AND a.role = 'task_force' AND ar.depth = u.depth)
       OR (h.mask & 32 <> 0 AND a.id = h.review_requested_by)
    ORDER BY 1, 2`);
  for (const row of res.rows) {
    const list = out.get(row.hazard_id) ?? [];
    list.push({ id: row.account_id, locale: asLocale(row.locale) });
    out.set(row.hazard_id, list);
  }
  return out;
}

/**
 * Officers of a unit: a department's officers, or a town's officers (accounts of role
 * town_officer at the town or below it), or an enterprise's admins.
 */
export async function unitRecipients(tx: Executor, unit: { type: 'department' | 'town' | 'enterprise'; id: string }): Promise<Recipient[]> {
  const cond =
    unit.type === 'department'
      ? sql`a.role = 'dept_officer' AND a.department_id = ${unit.id}`
      : unit.type === 'enterprise'
        ? sql`a.role = 'enterprise_admin' AND a.enterprise_id = ${unit.id}`
        : sql`a.role = 'town_officer' AND r.path LIKE (SELECT path FROM regions WHERE id = ${unit.id}) || '%'`;
  const res = await tx.execute<{ id: string; locale: string }>(sql`
    SELECT a.id, a.locale FROM accounts a JOIN regions r ON r.id = a.region_id
    WHERE a.status = 'active' AND ${cond} ORDER BY a.id`);
  return res.rows.map((r) => ({ id: r.id, locale: asLocale(r.locale) }));
}

/** Active accounts by id (e.g. the one who issued a task), with their language. */
export async function accountRecipients(tx: Executor, ids: (string | null)[]): Promise<Recipient[]> {
  const list = ids.filter((x): x is string => x !== null);
  if (list.length === 0) return [];
  const res = await tx.execute<{ id: string; locale: string }>(
    sql`SELECT id, locale FROM accounts WHERE status = 'active' AND id = ANY(${`{${list.join(',')}}`}::uuid[]) ORDER BY id`,
  );
  return res.rows.map((r) => ({ id: r.id, locale: asLocale(r.locale) }));
}
