import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Empty, Form, Input, Result, Select, Space, Spin, Table, Tabs, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { SearchForm, type SearchField } from '../../components/SearchForm.js';
import { useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import { FieldValue, StatusTags, VALIDITY_LABELS } from './display.js';
import { ImportModal } from './ImportModal.js';
import {
  exportUrl,
  isWriter,
  kindsFor,
  listQuery,
  loadRegistryMeta,
  refNameKey,
  titleField,
  titleOf,
  type KindMeta,
  type ListState,
  type RecordPage,
  type RegistryRecord,
} from './meta.js';
import { RecordForm } from './RecordForm.js';

const PAGING_KEYS = new Set(['q', 'page', 'pageSize', 'sort', 'order']);

/** The filters a kind offers: its enum and boolean fields marked `filter`, and a licence's validity. */
function filterKeys(kind: KindMeta): string[] {
  return [...kind.fields.filter((f) => f.filter).map((f) => f.key), ...(kind.kind === 'licence' ? ['validity'] : [])];
}

/** The list query lives in the address: a reload, a shared link and the back button keep it. */
function stateFromParams(kind: KindMeta, params: URLSearchParams): ListState {
  const keys = new Set(filterKeys(kind));
  const filters: Record<string, string> = {};
  for (const [k, v] of params) if (!PAGING_KEYS.has(k) && keys.has(k) && v) filters[k] = v;
  const num = (k: string, d: number) => {
    const n = Number(params.get(k));
    return Number.isInteger(n) && n > 0 ? n : d;
  };
  const order = params.get('order');
  return {
    ...(params.get('q') ? { q: params.get('q')! } : {}),
    page: num('page', 1),
    pageSize: Math.min(num('pageSize', 20), 200),
    ...(params.get('sort') ? { sort: params.get('sort')! } : {}),
    ...(order === 'asc' || order === 'desc' ? { order } : {}),
    filters,
  };
}

function paramsOf(state: ListState): Record<string, string> {
  const out: Record<string, string> = {};
  if (state.q) out.q = state.q;
  if (state.page > 1) out.page = String(state.page);
  if (state.pageSize !== 20) out.pageSize = String(state.pageSize);
  if (state.sort) out.sort = state.sort;
  if (state.order) out.order = state.order;
  Object.assign(out, state.filters);
  return out;
}

/** 底数台账: one tab per registry kind, each a ledger of the selected region's subtree. */
export function RegistryPage() {
  const me = useMe();
  const { t, label } = useI18n();
  const { kind: kindParam } = useParams();
  const navigate = useNavigate();
  const meta = useLoad(loadRegistryMeta, []);
  const phone = useIsPhone();

  const kinds = useMemo(() => (meta.data ? kindsFor(meta.data, me) : []), [meta.data, me]);
  if (meta.error && !meta.data) return <Result status="warning" title={t('registry.metaFailed')} extra={<Button onClick={meta.reload}>{t('registry.retry')}</Button>} />;
  if (!meta.data) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;
  if (kinds.length === 0) return <Empty />;
  const kind = kinds.find((k) => k.kind === kindParam);
  if (!kind) return <Navigate to={`/registry/${kinds[0]!.kind}`} replace />;

  return (
    <div data-testid="registry-page">
      <Tabs
        activeKey={kind.kind}
        onChange={(k) => navigate(`/registry/${k}`)}
        items={kinds.map((k) => ({ key: k.kind, label: <span data-testid={`registry-tab-${k.kind}`}>{label(k.label)}</span> }))}
        size={phone ? 'small' : 'middle'}
        style={{ marginBottom: 8 }}
        data-testid="registry-tabs"
      />
      <KindLedger key={kind.kind} kind={kind} />
    </div>
  );
}

function KindLedger({ kind }: { kind: KindMeta }) {
  const me = useMe();
  const phone = useIsPhone();
  const { t, label } = useI18n();
  const { region } = useRegion();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const state = stateFromParams(kind, params);
  const stateKey = JSON.stringify(state);
  const [filterForm] = Form.useForm<Record<string, string | undefined>>();
  const [editing, setEditing] = useState<RegistryRecord | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const writer = isWriter(kind, me);
  const title = titleField(kind);

  const list = useLoad(() => api.get<RecordPage>(`/api/v1/registry/${kind.kind}`, listQuery(state, region.id)), [kind.kind, region.id, stateKey]);

  // The form shows what the address says (after back/forward too).
  useEffect(() => {
    filterForm.resetFields();
    filterForm.setFieldsValue({ q: state.q, ...state.filters });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stateKey]);

  const setState = (next: ListState) => setParams(paramsOf(next));

  // Another region in the header: back to the first page.
  const shownRegion = useRef(region.id);
  useEffect(() => {
    if (shownRegion.current === region.id) return;
    shownRegion.current = region.id;
    if (state.page > 1) setState({ ...state, page: 1 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [region.id]);

  const open = (r: RegistryRecord) => navigate(`/registry/${kind.kind}/${r.id}`, { state: { from: location.pathname + location.search } });

  const searchFields: SearchField[] = [
    { name: 'q', label: t('common.keyword'), node: <Input allowClear placeholder={t('registry.keywordHint', { field: label(title.label) })} data-testid="registry-q" /> },
    ...kind.fields
      .filter((f) => f.filter)
      .map((f) => ({
        name: f.key,
        label: label(f.label),
        node: (
          <Select
            allowClear
            placeholder={t('common.all')}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid={`registry-filter-${f.key}`}
            options={
              f.type === 'bool'
                ? [
                    { value: 'true', label: t('common.yes') },
                    { value: 'false', label: t('common.no') },
                  ]
                : (f.options ?? []).map((o) => ({ value: o, label: label(f.optionLabels?.[o], o) }))
            }
          />
        ),
      })),
    ...(kind.kind === 'licence'
      ? [
          {
            name: 'validity',
            label: t('registry.validity'),
            node: (
              <Select
                allowClear
                placeholder={t('common.all')}
                options={(['expired', 'due', 'valid'] as const).map((v) => ({ value: v, label: t(VALIDITY_LABELS[v]!) }))}
              />
            ),
          },
        ]
      : []),
  ];

  const sortOrder = (key: string) => (state.sort === key ? (state.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null);
  const listed = kind.fields.filter((f) => f.list && f.key !== 'status' && f.key !== title.key);
  const columns: TableColumnsType<RegistryRecord> = [
    {
      title: label(title.label),
      dataIndex: title.key,
      key: title.key,
      sorter: true,
      sortOrder: sortOrder(title.key),
      fixed: phone ? undefined : 'left',
      render: (_, r) => (
        <Typography.Link onClick={() => open(r)} style={{ whiteSpace: 'nowrap' }}>
          {titleOf(kind, r) || '—'}
        </Typography.Link>
      ),
    },
    ...listed.map((f) => ({
      title: label(f.label),
      dataIndex: f.key,
      key: f.key,
      sorter: true,
      sortOrder: sortOrder(f.key),
      ellipsis: f.type === 'text' && (f.max ?? 0) >= 300,
      ...(f.type === 'text' && (f.max ?? 0) >= 300 ? { width: 240 } : {}),
      render: (v: unknown) => <FieldValue field={f} value={v} />,
    })),
    ...kind.refs
      .filter((r) => r.target !== 'region')
      .map((r) => ({
        title: label(r.label).replace(/（.*）|\s*\(.*\)/, ''),
        key: r.key,
        render: (_: unknown, rec: RegistryRecord) => (rec[refNameKey(r)] as string | null) ?? <Typography.Text type="secondary">—</Typography.Text>,
      })),
    { title: t('registry.region'), dataIndex: 'regionName', key: 'regionName', render: (v: string | null) => v ?? '—' },
    { title: t('common.status'), key: 'status', render: (_, r) => <StatusTags kind={kind} record={r} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => open(r)} data-testid="registry-view">
            {t('registry.view')}
          </Button>
          {writer ? (
            <Button type="link" size="small" onClick={() => setEditing(r)} data-testid="registry-edit">
              {t('common.edit')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const onTableChange = (p: TablePaginationConfig, _f: unknown, sorter: SorterResult<RegistryRecord> | SorterResult<RegistryRecord>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = s?.order ? String(s.columnKey ?? s.field) : undefined;
    const order = s?.order === 'ascend' ? ('asc' as const) : s?.order === 'descend' ? ('desc' as const) : undefined;
    const pageSize = p.pageSize ?? state.pageSize;
    const changedSort = sort !== state.sort || order !== state.order;
    const { sort: _s, order: _o, ...rest } = state;
    setState({
      ...rest,
      ...(sort ? { sort } : {}),
      ...(order ? { order } : {}),
      pageSize,
      page: changedSort || pageSize !== state.pageSize ? 1 : (p.current ?? 1),
    });
  };

  const data = list.data;
  return (
    <div data-testid={`registry-${kind.kind}`}>
      <PageHeader
        title={label(kind.label)}
        subtitle={t('registry.scopeNote', { region: region.name })}
        extra={
          <>
            {writer ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="registry-create">
                {t('common.create')}
              </Button>
            ) : null}
            {writer ? (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="registry-import">
                {t('registry.import')}
              </Button>
            ) : null}
            <Button icon={<DownloadOutlined />} href={exportUrl(kind.kind, state, region.id)} download data-testid="registry-export">
              {t('common.export')}
            </Button>
          </>
        }
      />
      <SearchForm<Record<string, string | undefined>>
        form={filterForm}
        testId="registry-search"
        fields={searchFields}
        onSearch={(v) => {
          const filters: Record<string, string> = {};
          for (const k of filterKeys(kind)) if (v[k]) filters[k] = v[k]!;
          const q = v.q?.trim();
          setState({ ...state, ...(q ? { q } : { q: undefined }), filters, page: 1 });
        }}
      />
      <Table<RegistryRecord>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        onChange={onTableChange}
        data-testid="registry-table"
        pagination={{
          current: state.page,
          pageSize: state.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: !phone,
          simple: phone,
          showTotal: () => (
            <span data-testid="registry-total">{data?.totalCapped ? t('registry.totalCapped', { total: data.total }) : t('common.total', { total: data?.total ?? 0 })}</span>
          ),
        }}
      />
      <RecordForm
        kind={kind}
        record={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
      {writer ? <ImportModal kind={kind} open={importing} onClose={() => setImporting(false)} onImported={list.reload} /> : null}
    </div>
  );
}
