import { Card, Table, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { useLoad } from '../../hooks.js';
import { AUDIT_ACTION_LABELS } from '../../i18n/labels.js';
import { useI18n } from '../../i18n/index.js';
import type { AuditEntry, Page } from '../../types.js';
import { STATE_LABELS } from './labels.js';

const stateOf = (v: unknown): string | null => (v && typeof v === 'object' && typeof (v as { state?: unknown }).state === 'string' ? (v as { state: string }).state : null);

/**
 * The audit log's entries for this hazard (GET /api/v1/audit?entityType=hazard&entityId=), for
 * accounts that read the audit log: who did what and when, in the hash-chained log itself.
 */
export function HazardAuditList({ hazardId, version }: { hazardId: string; version: string | number }) {
  const { can } = useAuth();
  const { t, label, formatTime } = useI18n();
  const allowed = can('audit.read');
  const entries = useLoad(
    () => (allowed ? api.get<Page<AuditEntry>>('/api/v1/audit', { entityType: 'hazard', entityId: hazardId, pageSize: 100 }) : Promise.resolve(null)),
    [hazardId, allowed, version],
  );
  if (!allowed) return null;
  const stateName = (s: string | null) => (s ? label(STATE_LABELS[s as keyof typeof STATE_LABELS], s) : '');
  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.time'), dataIndex: 'at', render: (v: string) => formatTime(v) },
    { title: t('audit.actor'), dataIndex: 'actorLabel', render: (v: string) => <span data-testid="audit-actor">{v}</span> },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (a: string) => (
        <span data-testid="audit-action" data-action={a}>
          {label(AUDIT_ACTION_LABELS[a], a)}
        </span>
      ),
    },
    {
      title: t('hz.audit.change'),
      key: 'change',
      render: (_, e) => {
        const from = stateOf(e.before);
        const to = stateOf(e.after);
        return to ? (from ? `${stateName(from)} → ${stateName(to)}` : stateName(to)) : '—';
      },
    },
  ];
  const rows = [...(entries.data?.items ?? [])].reverse();
  return (
    <Card
      size="small"
      title={t('hz.audit.title')}
      style={{ marginBottom: 16 }}
      data-testid="hazard-audit"
      extra={
        <Link to="/audit">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('hz.audit.all')}
          </Typography.Text>
        </Link>
      }
    >
      <Table<AuditEntry> rowKey="id" size="small" loading={entries.loading} columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} />
    </Card>
  );
}
