import { ArrowLeftOutlined, EditOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Table, Tabs, Tag, Tooltip, Typography, type DescriptionsProps, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useAction, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { FieldValue, StatusTags } from './display.js';
import { History } from './History.js';
import { LicenceWatchTable } from './LicenceWatchPage.js';
import {
  canReveal,
  isWriter,
  loadRegistryMeta,
  refKind,
  refNameKey,
  titleField,
  titleOf,
  type FieldDef,
  type KindMeta,
  type LicenceWatch,
  type RecordDetail,
  type RecordPage,
  type RegistryMeta,
  type RegistryRecord,
} from './meta.js';
import { RecordForm } from './RecordForm.js';

/** A masked personal value with 查看完整: the server returns the value and audits the access. */
function Revealable({ kind, record, field }: { kind: KindMeta; record: RegistryRecord; field: FieldDef }) {
  const me = useMe();
  const { t } = useI18n();
  const { busy, run } = useAction();
  const [value, setValue] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const masked = record[field.key];
  if (masked === null || masked === undefined || masked === '') return <Typography.Text type="secondary">—</Typography.Text>;
  if (value !== null) {
    return (
      <Space size={4} wrap>
        <Typography.Text copyable data-testid={`revealed-${field.key}`}>
          {value}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('registry.revealNote')}
        </Typography.Text>
      </Space>
    );
  }
  const reveal = async () => {
    const res = await run(async () => {
      try {
        return await api.post<{ field: string; value: unknown }>(`/api/v1/registry/${kind.kind}/${record.id}/reveal`, { field: field.key });
      } catch (e) {
        if (e instanceof ApiError && e.status === 403) {
          setRefused(true);
          return undefined;
        }
        throw e;
      }
    });
    if (res) setValue(res.value === null || res.value === undefined ? '' : String(res.value));
  };
  return (
    <Space size={4} wrap>
      <span data-testid={`masked-${field.key}`}>{String(masked)}</span>
      {refused ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="reveal-refused">
          {t('registry.revealForbidden')}
        </Typography.Text>
      ) : canReveal(me) ? (
        <Tooltip title={t('registry.revealHint')}>
          <Button type="link" size="small" icon={<EyeOutlined />} loading={busy} onClick={() => void reveal()} data-testid={`reveal-${field.key}`} style={{ paddingInline: 4 }}>
            {t('registry.reveal')}
          </Button>
        </Tooltip>
      ) : null}
    </Space>
  );
}

/**
 * Records of a kind that belong to one enterprise. The list API has no enterprise filter yet
 * (reported): licences, personnel and vehicles take their enterprise's region, so the records
 * of that region are read (up to 2,000) and kept when they name the enterprise. `enterpriseId`
 * is sent as well, for when the server learns to filter by it.
 */
async function recordsOfEnterprise(kind: string, enterprise: RegistryRecord): Promise<{ items: RegistryRecord[]; incomplete: boolean }> {
  const items: RegistryRecord[] = [];
  for (let page = 1; page <= 10; page++) {
    const res = await api.get<RecordPage>(`/api/v1/registry/${kind}`, { regionId: enterprise.regionId, enterpriseId: enterprise.id, page, pageSize: 200 });
    items.push(...res.items.filter((r) => r.enterpriseId === enterprise.id));
    if (page * 200 >= res.total) return { items, incomplete: false };
  }
  return { items, incomplete: true };
}

function RelatedTable({ meta, kindKey, enterprise }: { meta: RegistryMeta; kindKey: 'licence' | 'person' | 'vehicle'; enterprise: RegistryRecord }) {
  const { t, label } = useI18n();
  const kind = meta.kinds.find((k) => k.kind === kindKey)!;
  const list = useLoad(() => recordsOfEnterprise(kindKey, enterprise), [kindKey, enterprise.id]);
  const title = titleField(kind);
  const columns: TableColumnsType<RegistryRecord> = [
    { title: label(title.label), key: 'title', render: (_, r) => <Link to={`/registry/${kindKey}/${r.id}`}>{titleOf(kind, r) || '—'}</Link> },
    ...kind.fields
      .filter((f) => f.list && f.key !== title.key && f.key !== 'status')
      .map((f) => ({ title: label(f.label), key: f.key, render: (_: unknown, r: RegistryRecord) => <FieldValue field={f} value={r[f.key]} /> })),
    { title: t('common.status'), key: 'status', render: (_, r) => <StatusTags kind={kind} record={r} /> },
  ];
  return (
    <>
      {list.data?.incomplete ? <Alert type="warning" showIcon title={t('registry.relatedIncomplete')} style={{ marginBottom: 8 }} /> : null}
      <Table<RegistryRecord>
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={(list.data?.items.length ?? 0) > 10 ? { pageSize: 10 } : false}
        scroll={{ x: 'max-content' }}
        data-testid={`related-${kindKey}`}
      />
    </>
  );
}

/** An enterprise's licences (with its licence warnings), personnel and vehicles. */
function EnterpriseRelated({ meta, enterprise }: { meta: RegistryMeta; enterprise: RegistryRecord }) {
  const { t, label } = useI18n();
  const watch = useLoad(() => api.get<LicenceWatch>('/api/v1/registry/licence-watch', { enterpriseId: enterprise.id }), [enterprise.id]);
  const warnings = watch.data?.items ?? [];
  const kindLabel = (k: string) => label(meta.kinds.find((x) => x.kind === k)?.label);
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="enterprise-related">
      <Tabs
        items={[
          {
            key: 'licence',
            label: (
              <Space size={4}>
                {kindLabel('licence')}
                {warnings.length ? <Tag color="red">{warnings.length}</Tag> : null}
              </Space>
            ),
            children: (
              <>
                {warnings.length ? (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('registry.warningsOf', { count: warnings.length })}
                    description={<LicenceWatchTable meta={meta} items={warnings} compact />}
                    data-testid="enterprise-warnings"
                  />
                ) : watch.data ? (
                  <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('registry.noWarnings')} />
                ) : null}
                <RelatedTable meta={meta} kindKey="licence" enterprise={enterprise} />
              </>
            ),
          },
          { key: 'person', label: kindLabel('person'), children: <RelatedTable meta={meta} kindKey="person" enterprise={enterprise} /> },
          { key: 'vehicle', label: kindLabel('vehicle'), children: <RelatedTable meta={meta} kindKey="vehicle" enterprise={enterprise} /> },
        ]}
      />
    </Card>
  );
}

/** One record: every field with its label, references by name, related records, its history. */
export function RecordDetailPage() {
  const me = useMe();
  const { t, label, formatTime, paren } = useI18n();
  const { kind: kindKey, id } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const meta = useLoad(loadRegistryMeta, []);
  const detail = useLoad(() => api.get<RecordDetail>(`/api/v1/registry/${kindKey}/${id}`), [kindKey, id]);
  const [editing, setEditing] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  const kind = meta.data?.kinds.find((k) => k.kind === kindKey);
  if (meta.data && !kind) return <Result status="404" title={t('page.notFound')} />;
  if (detail.error instanceof ApiError && detail.error.status === 404) {
    return <Result status="404" title={t('registry.notFound')} extra={<Button onClick={() => navigate(`/registry/${kindKey}`)}>{t('registry.backToList')}</Button>} />;
  }
  if ((detail.error && !detail.data) || (meta.error && !meta.data)) {
    return (
      <Result
        status="warning"
        title={t('registry.loadFailed')}
        extra={
          <Button
            onClick={() => {
              meta.reload();
              detail.reload();
            }}
          >
            {t('registry.retry')}
          </Button>
        }
      />
    );
  }
  if (!kind || !meta.data || !detail.data) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;
  const r = detail.data.record;

  const items: DescriptionsProps['items'] = [
    ...kind.fields.map((f) => ({
      key: f.key,
      label: label(f.label),
      children: f.personal ? <Revealable key={`${f.key}:${r.updatedAt}`} kind={kind} record={r} field={f} /> : f.key === 'status' ? <StatusTags kind={kind} record={r} /> : <FieldValue field={f} value={r[f.key]} />,
    })),
    { key: 'regionId', label: t('registry.region'), children: r.regionName ? paren(r.regionName, r.regionCode ?? '') : '—' },
    ...kind.refs
      .filter((ref) => ref.target !== 'region')
      .map((ref) => {
        const name = r[refNameKey(ref)] as string | null;
        const target = refKind(ref);
        const refId = r[ref.key] as string | null;
        return {
          key: ref.key,
          label: label(ref.label).replace(/（.*）|\s*\(.*\)/, ''),
          children: !refId ? <Typography.Text type="secondary">—</Typography.Text> : target ? <Link to={`/registry/${target}/${refId}`}>{name ?? refId}</Link> : (name ?? refId),
        };
      }),
    { key: 'createdAt', label: t('registry.createdAt'), children: formatTime(r.createdAt) },
    { key: 'updatedAt', label: t('registry.updatedAt'), children: formatTime(r.updatedAt) },
  ];

  return (
    <div data-testid="record-detail">
      <PageHeader
        title={
          <Space size={8} wrap>
            <span data-testid="record-title">{titleOf(kind, r) || label(kind.label)}</span>
            <StatusTags kind={kind} record={r} />
          </Space>
        }
        subtitle={`${label(kind.label)} · ${r.regionName ?? ''}`}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(from ?? `/registry/${kind.kind}`)} data-testid="record-back">
              {t('registry.backToList')}
            </Button>
            {isWriter(kind, me) ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="record-edit">
                {t('common.edit')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card size="small" title={t('registry.detail')} style={{ marginBottom: 16 }}>
        <Descriptions items={items} column={{ xs: 1, sm: 1, md: 2, xl: 3 }} size="small" bordered data-testid="record-fields" />
      </Card>
      {kind.kind === 'enterprise' ? <EnterpriseRelated meta={meta.data} enterprise={r} /> : null}
      <Card size="small" title={t('registry.history')}>
        <History kind={kind} record={r} history={detail.data.history} />
      </Card>
      <RecordForm
        kind={kind}
        record={r}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          detail.reload();
        }}
      />
    </div>
  );
}
