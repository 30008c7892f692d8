import { Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { MsgKey, TFunction } from '../../i18n/index.js';
import { useI18n } from '../../i18n/index.js';
import type { FieldDef, KindMeta, Label, RegistryRecord } from './meta.js';

const STATUS_COLORS: Record<string, string> = { active: 'green', suspended: 'orange', closed: 'default', revoked: 'red' };

export const VALIDITY_LABELS: Record<string, MsgKey> = {
  valid: 'registry.validity.valid',
  due: 'registry.validity.due',
  expired: 'registry.validity.expired',
  revoked: 'registry.validity.revoked',
  no_expiry: 'registry.validity.noExpiry',
};
const VALIDITY_COLORS: Record<string, string> = { valid: 'green', due: 'orange', expired: 'red', revoked: 'red', no_expiry: 'blue' };

/** A value as text: enum labels in the user's language, 是/否, '' for nothing. */
export function textOf(f: FieldDef, v: unknown, t: TFunction, label: (l: Label | undefined, fallback?: string) => string): string {
  if (v === null || v === undefined || v === '') return '';
  if (f.type === 'enum') return label(f.optionLabels?.[String(v)], String(v));
  if (f.type === 'bool') return t(v === true || v === 'true' ? 'common.yes' : 'common.no');
  return String(v);
}

/** One value in a table cell or a description; '—' when empty. */
export function FieldValue({ field, value }: { field: FieldDef; value: unknown }) {
  const { t, label } = useI18n();
  const text = textOf(field, value, t, label);
  if (!text) return <Typography.Text type="secondary">—</Typography.Text>;
  if (field.key === 'status') return <Tag color={STATUS_COLORS[String(value)]}>{text}</Tag>;
  return <>{text}</>;
}

/**
 * The record's state as tags: its status, and what the server derives — a licence's validity
 * (有效/临期/已过期), an ageing pipeline, a venue whose supply is suspended.
 */
export function StatusTags({ kind, record }: { kind: KindMeta; record: RegistryRecord }) {
  const { t, label } = useI18n();
  const status = kind.fields.find((f) => f.key === 'status');
  const tags: ReactNode[] = [];
  if (kind.kind === 'licence' && record.validity) {
    const text = record.validity === 'revoked' && status ? textOf(status, record.status, t, label) : t(VALIDITY_LABELS[record.validity] ?? 'registry.validity.valid');
    tags.push(
      <Tag key="validity" color={VALIDITY_COLORS[record.validity]} data-testid="validity-tag">
        {text}
      </Tag>,
    );
  } else if (status) {
    tags.push(
      <Tag key="status" color={STATUS_COLORS[String(record.status)]}>
        {textOf(status, record.status, t, label) || '—'}
      </Tag>,
    );
  }
  if (record.ageing) {
    tags.push(
      <Tag key="ageing" color="volcano">
        {t('registry.ageing')}
      </Tag>,
    );
  }
  if (record.supplySuspended) {
    tags.push(
      <Tag key="supply" color="red">
        {t('registry.supplySuspended')}
      </Tag>,
    );
  }
  return (
    <Space size={[4, 4]} wrap>
      {tags}
    </Space>
  );
}
