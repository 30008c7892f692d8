import { Empty, Table, Timeline, Typography } from 'antd';
import type { MsgKey } from '../../i18n/index.js';
import { useI18n } from '../../i18n/index.js';
import { textOf } from './display.js';
import { refNameKey, type HistoryEntry, type KindMeta, type RegistryRecord } from './meta.js';

const ACTION_LABELS: Record<string, MsgKey> = {
  create: 'registry.action.create',
  update: 'registry.action.update',
  import: 'registry.action.import',
};

interface Change {
  key: string;
  label: string;
  before: string;
  after: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * 变更记录: every audited change of the record, newest first — who, when, what — with the before
 * and after of each changed field (labels and enum values in the user's language, personal data
 * masked by the server). A creation lists what it was created with; a reveal names the field.
 */
export function History({ kind, record, history }: { kind: KindMeta; record: RegistryRecord; history: HistoryEntry[] }) {
  const { t, label, formatTime } = useI18n();

  /** A stored value as text: ids of references become the names the record shows, when they match. */
  const show = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    const f = kind.fields.find((x) => x.key === key);
    if (f) return textOf(f, v, t, label) || '—';
    if (key === 'regionId') return v === record.regionId ? (record.regionName ?? String(v)) : String(v);
    const ref = kind.refs.find((r) => r.key === key);
    if (ref && v === record[ref.key]) return String(record[refNameKey(ref)] ?? v);
    return String(v);
  };

  const labelOf = (key: string): string => {
    const f = kind.fields.find((x) => x.key === key);
    if (f) return label(f.label);
    if (key === 'regionId') return t('registry.region');
    const ref = kind.refs.find((r) => r.key === key);
    return ref ? label(ref.label).replace(/（.*）|\s*\(.*\)/, '') : key;
  };

  const known = [...kind.fields.map((f) => f.key), ...kind.refs.map((r) => r.key), 'regionId'];
  const changesOf = (h: HistoryEntry): Change[] => {
    const before = isObject(h.before) ? h.before : null;
    const after = isObject(h.after) ? h.after : null;
    if (!after) return [];
    return [...new Set(known)]
      .filter((k) => k in after || (before && k in before))
      .filter((k) => (before ? !same(before[k], after[k]) : after[k] !== null && after[k] !== undefined && after[k] !== '' && after[k] !== false))
      .map((k) => ({ key: k, label: labelOf(k), before: before ? show(k, before[k]) : '', after: show(k, after[k]) }));
  };

  if (history.length === 0) return <Empty description={t('registry.historyEmpty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;

  return (
    <Timeline
      data-testid="record-history"
      items={history.map((h) => {
        const verb = h.action.slice(h.action.lastIndexOf('.') + 1);
        const reveal = h.action === 'personal_data.reveal';
        const changes = reveal ? [] : changesOf(h);
        const hasBefore = isObject(h.before);
        const actionText = reveal
          ? t('registry.action.reveal', { field: labelOf(String(isObject(h.after) ? h.after.field : '')) })
          : ACTION_LABELS[verb]
            ? t(ACTION_LABELS[verb]!)
            : h.action;
        return {
          key: h.id,
          color: reveal ? 'gray' : verb === 'create' ? 'green' : 'blue',
          content: (
            <div data-testid="history-entry">
              <Typography.Text type="secondary" style={{ marginRight: 8 }}>
                {formatTime(h.at)}
              </Typography.Text>
              <Typography.Text strong>{h.actor ?? t('audit.system')}</Typography.Text> <Typography.Text>{actionText}</Typography.Text>
              {changes.length ? (
                <Table<Change>
                  size="small"
                  rowKey="key"
                  pagination={false}
                  dataSource={changes}
                  style={{ marginTop: 8 }}
                  scroll={{ x: 'max-content' }}
                  columns={[
                    { title: t('audit.field'), dataIndex: 'label', width: 160 },
                    ...(hasBefore ? [{ title: t('audit.before'), dataIndex: 'before', render: (v: string) => <Typography.Text delete type="secondary">{v}</Typography.Text> }] : []),
                    { title: hasBefore ? t('audit.after') : t('registry.value'), dataIndex: 'after' },
                  ]}
                />
              ) : !reveal && hasBefore ? (
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {t('registry.noChange')}
                </Typography.Paragraph>
              ) : null}
            </div>
          ),
        };
      })}
    />
  );
}
