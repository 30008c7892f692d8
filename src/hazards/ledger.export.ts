/**
 * The hazard ledger in Excel (台账, R11.2): the list's own filter, the usual column order, values
 * as users say them (Chinese labels, names, China time), every cell text but 序号, streamed from a
 * server-side cursor in one read-only snapshot.
 */
import type { Writable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../db/db.js';
import { hazards } from '../db/schema/index.js';
import { writeWorkbook, type ExcelColumn } from '../shared/excel.js';
import { invalidField } from '../shared/errors.js';
import { isOverdue, type HazardState } from './hazard.rules.js';
import { categoryLabel, chinaTime, escalationLabel, severityLabel, sourceLabel, stateLabel } from './hazard.labels.js';

export const LEDGER_EXPORT_MAX_ROWS = 200_000;
const PAGE = 2_000;

const col = (key: string, header: string, width = 14): ExcelColumn => ({ key, header, width, format: 'text' });

/** 台账 columns in the order the users' own ledgers have them. */
export const LEDGER_COLUMNS: ExcelColumn[] = [
  { key: 'seq', header: '序号', width: 7, format: 'number' },
  col('code', '隐患编号', 18),
  col('region', '所属区域'),
  col('town', '属地镇街'),
  col('subject', '检查对象', 28),
  col('category', '隐患类别', 12),
  col('severity', '隐患等级', 10),
  col('description', '隐患描述', 40),
  col('source', '来源', 10),
  col('foundBy', '发现人'),
  col('foundAt', '发现时间', 17),
  col('lead', '牵头部门', 18),
  col('cooperating', '配合部门', 28),
  col('responsible', '整改责任人'),
  col('deadline', '整改时限', 12),
  col('state', '状态', 10),
  col('overdue', '是否逾期', 9),
  col('escalation', '督办级别', 16),
  col('closedBy', '销号人'),
  col('closedAt', '销号时间', 17),
];

interface LedgerRaw {
  code: string;
  subject_name: string;
  category: string;
  severity: string;
  description: string;
  source: string;
  found_at: Date | string;
  responsible_person: string | null;
  deadline: string | null;
  state: string;
  escalation_level: number;
  closed_at: Date | string | null;
  region_name: string | null;
  town_name: string | null;
  lead_name: string | null;
  cooperating_names: string | null;
  found_by_name: string | null;
  closed_by_name: string | null;
}

/** One ledger row as printed (seq is the 1-based row number). */
export function ledgerRow(r: LedgerRaw, seq: number, today: string): Record<string, unknown> {
  const deadline = r.deadline ? String(r.deadline).slice(0, 10) : null;
  return {
    seq,
    code: r.code,
    region: r.region_name,
    town: r.town_name,
    subject: r.subject_name,
    category: categoryLabel(r.category),
    severity: severityLabel(r.severity),
    description: r.description,
    source: sourceLabel(r.source),
    foundBy: r.found_by_name,
    foundAt: chinaTime(r.found_at),
    lead: r.lead_name,
    cooperating: r.cooperating_names,
    responsible: r.responsible_person,
    deadline,
    state: stateLabel(r.state),
    overdue: isOverdue(r.state as HazardState, deadline, today) ? '是' : '否',
    escalation: escalationLabel(r.escalation_level),
    closedBy: r.closed_by_name,
    closedAt: chinaTime(r.closed_at),
  };
}

/** Refuse an export wider than the limit before any byte is sent. */
export async function assertExportable(db: Executor, where: SQL): Promise<void> {
  const res = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${hazards} WHERE ${where} LIMIT ${LEDGER_EXPORT_MAX_ROWS + 1}) t`);
  if (Number(res.rows[0]?.n ?? 0) > LEDGER_EXPORT_MAX_ROWS) throw invalidField('', 'hazard.export.tooMany', { max: LEDGER_EXPORT_MAX_ROWS });
}

/** Stream every hazard matching `where` (the list's condition, scope included), newest first. */
export async function writeLedger(out: Writable, db: Db, where: SQL, today: string): Promise<void> {
  await db.transaction(
    async (tx) => {
      await tx.execute(sql`DECLARE hazard_ledger_export NO SCROLL CURSOR FOR
        SELECT ${hazards.code} AS code, ${hazards.subjectName} AS subject_name, ${hazards.category} AS category, ${hazards.severity} AS severity,
               ${hazards.description} AS description, ${hazards.source} AS source, ${hazards.foundAt} AS found_at,
               ${hazards.responsiblePerson} AS responsible_person, ${hazards.deadline}::text AS deadline, ${hazards.state} AS state,
               ${hazards.escalationLevel} AS escalation_level, ${hazards.closedAt} AS closed_at,
               rg.name AS region_name, tw.name AS town_name, ld.name AS lead_name,
               (SELECT string_agg(cd.name, '、' ORDER BY array_position(${hazards.cooperatingDepartmentIds}, cd.id))
                  FROM departments cd WHERE cd.id = ANY(${hazards.cooperatingDepartmentIds})) AS cooperating_names,
               fb.display_name AS found_by_name, cb.display_name AS closed_by_name
        FROM ${hazards}
        LEFT JOIN regions rg ON rg.id = ${hazards.regionId}
        LEFT JOIN regions tw ON tw.id = ${hazards.townId}
        LEFT JOIN departments ld ON ld.id = ${hazards.leadDepartmentId}
        LEFT JOIN accounts fb ON fb.id = ${hazards.foundBy}
        LEFT JOIN accounts cb ON cb.id = ${hazards.closedBy}
        WHERE ${where}
        ORDER BY ${hazards.createdAt} DESC, ${hazards.id} ASC`);
      let seq = 0;
      async function* pages() {
        for (;;) {
          const res = await tx.execute<LedgerRaw & Record<string, unknown>>(sql.raw(`FETCH ${PAGE} FROM hazard_ledger_export`));
          if (res.rows.length === 0) return;
          yield res.rows.map((r) => ledgerRow(r, ++seq, today));
        }
      }
      await writeWorkbook(out, { sheetName: '隐患整治台账', columns: LEDGER_COLUMNS, rows: pages() });
    },
    { accessMode: 'read only' },
  );
}
