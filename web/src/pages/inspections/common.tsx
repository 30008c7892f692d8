import { Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { InspectionKind } from '../../../../src/inspections/inspections.rules.js';
import type { SubjectType } from '../../../../src/registry/subjects.js';
import { GOVERNMENT_ROLES } from '../../auth.js';
import { useI18n, type TFunction } from '../../i18n/index.js';
import { MODULES } from '../../modules.js';
import { isOnline, onConnectionChange, watchConnection } from '../../offline/connection.js';
import { listDrafts, onDraftsChanged, type Draft, type DraftStatus, type ItemResult } from '../../offline/drafts.js';
import type { Me } from '../../types.js';
import { FAIL_WHEN_LABELS, INSPECTION_KIND_LABELS, UNIT_LABELS } from './labels.js';
import type { FormItem } from './types.js';

/** Whether the server is reachable (offline/connection.ts), kept current. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(isOnline);
  useEffect(() => {
    watchConnection();
    setOnline(isOnline());
    return onConnectionChange(setOnline);
  }, []);
  return online;
}

/** The account's drafts on this device, refreshed when any draft changes. */
export function useDrafts(accountId: string): { drafts: Draft[] | null; reload(): void } {
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const reload = useCallback(() => {
    listDrafts(accountId).then(setDrafts, () => setDrafts([]));
  }, [accountId]);
  useEffect(() => {
    reload();
    return onDraftsChanged(reload);
  }, [reload]);
  return { drafts, reload };
}

const STATUS_COLORS: Record<DraftStatus, string> = { draft: 'default', queued: 'orange', submitted: 'green', failed: 'red' };

export function DraftStatusTag({ status }: { status: DraftStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="draft-status" data-status={status}>
      {t(`insp.status.${status}`)}
    </Tag>
  );
}

const KIND_COLORS: Record<InspectionKind, string> = { official: 'blue', self: 'gold', company: 'purple' };

export function KindTag({ kind }: { kind: string }) {
  const { label } = useI18n();
  const k = kind as InspectionKind;
  return <Tag color={KIND_COLORS[k] ?? 'default'}>{label(INSPECTION_KIND_LABELS[k], kind)}</Tag>;
}

export function ResultTag({ result }: { result: ItemResult | string | undefined }) {
  const { t } = useI18n();
  if (result === 'pass') return <Tag color="green">{t('insp.result.pass')}</Tag>;
  if (result === 'fail') return <Tag color="red">{t('insp.result.fail')}</Tag>;
  if (result === 'na') return <Tag>{t('insp.result.na')}</Tag>;
  return <Tag color="default">{t('insp.result.none')}</Tag>;
}

/** "> 2 m fails" / "passes within 0.5–1 m", in the user's language. */
export function ruleText(rule: NonNullable<FormItem['measured']>, t: TFunction, label: (l: { zh: string; en: string }) => string): string {
  const unit = label(UNIT_LABELS[rule.unit]);
  if (rule.failWhen === 'outside') return t('insp.rule.band', { lower: rule.limit, upper: rule.upper ?? '∞', unit });
  return t('insp.rule.limit', { op: label(FAIL_WHEN_LABELS[rule.failWhen]), limit: rule.limit, unit });
}

const OFFICIALS = GOVERNMENT_ROLES as readonly string[];

/** The subject types this account inspects (registry scope does the rest). */
export function inspectableTypes(me: Me): SubjectType[] {
  if (OFFICIALS.includes(me.role)) return ['venue', 'household', 'enterprise'];
  if (me.role === 'venue_user') return ['venue'];
  if (me.role === 'enterprise_admin' || me.role === 'enterprise_staff') return ['household', 'venue', 'enterprise'];
  return [];
}

export function canInspect(me: Me): boolean {
  return inspectableTypes(me).length > 0;
}

/** What the server will record (inspections.rules.ts inspectionKind, given the scope allows it). */
export function kindFor(me: Me, subjectType: SubjectType): InspectionKind {
  if (OFFICIALS.includes(me.role)) return 'official';
  if (me.role === 'venue_user') return 'self';
  return subjectType === 'venue' || subjectType === 'household' ? 'company' : 'self';
}

/** The hazard ledger's page for a hazard, when that module is there. */
export function hazardPath(id: string): string | null {
  const m = MODULES.find((x) => x.key === 'hazards');
  return m ? `${m.path}/${id}` : null;
}

export function formatCoord(v: number): string {
  return v.toFixed(6);
}
