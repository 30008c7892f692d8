import { DownloadOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Form, Input, List, Select, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, withQuery } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { SearchForm } from '../../components/SearchForm.js';
import { useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import type { Department, Items } from '../../types.js';
import { HazardTags, SeverityTag, useDownload } from './common.js';
import { HazardCreateModal } from './HazardCreateModal.js';
import { HAZARD_CATEGORY_LABELS, HAZARD_STATES, SOURCE_LABELS, STATE_LABELS, SUBJECT_TYPE_LABELS } from './labels.js';
import { SupplyUsersPanel } from './SupplyUsersPanel.js';
import type { HazardListItem, HazardListPage } from './types.js';

/** The form's state choice: a state, 未销号 (open) or 逾期 (overdue). */
type StateChoice = (typeof HAZARD_STATES)[number] | 'open' | 'overdue';

interface Filter {
  q?: string;
  state?: StateChoice;
  severity?: 'major' | 'general';
  category?: string;
  source?: string;
  departmentId?: string;
}

const FILTER_KEYS = ['q', 'state', 'severity', 'category', 'source', 'departmentId'] as const;

/** The filter as the URL keeps it (links from the dashboard and notifications land filtered). */
function filterFrom(params: URLSearchParams): Filter {
  const f: Filter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) (f as Record<string, string>)[k] = v;
  }
  if (params.get('overdue') === 'true') f.state = 'overdue';
  return f;
}

/** The list's query for the server: 逾期 is `overdue=true`, not a state. */
export function apiFilter(f: Filter): Record<string, string | boolean | undefined> {
  const { state, ...rest } = f;
  return { ...rest, ...(state === 'overdue' ? { overdue: true } : state ? { state } : {}) };
}

const ENTERPRISE_ROLES = ['enterprise_admin', 'enterprise_staff'];

/** 隐患台账 (R4.1, R4.3): the hazards of the selected region, filtered and paged on the server. */
export function HazardLedgerPage() {
  const me = useMe();
  const { t } = useI18n();
  const [tab, setTab] = useState<'own' | 'supply'>('own');
  if (!ENTERPRISE_ROLES.includes(me.role)) return <Ledger />;
  return (
    <div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'own' | 'supply')}
        items={[
          { key: 'own', label: t('hz.tabOwn'), children: <Ledger /> },
          { key: 'supply', label: t('hz.tabSupply'), children: <SupplyUsersPanel /> },
        ]}
      />
    </div>
  );
}

function Ledger() {
  const me = useMe();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { t, label, formatTime } = useI18n();
  const { region } = useRegion();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFrom(params), [params]);
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const [filterForm] = Form.useForm<Filter>();
  const [creating, setCreating] = useState(false);
  const { download, busy } = useDownload();
  // The form shows the filter the URL holds (after a link, back or forward).
  useEffect(() => {
    filterForm.resetFields();
    filterForm.setFieldsValue(filter);
  }, [filter, filterForm]);

  const official = !['venue_user', 'enterprise_admin', 'enterprise_staff'].includes(me.role);
  const list = useLoad(
    () => api.get<HazardListPage>('/api/v1/hazards', { regionId: official ? region.id : undefined, ...apiFilter(filter), page, pageSize }),
    [region.id, filter, page, pageSize, official],
  );
  const departments = useLoad(() => (official ? api.get<Items<Department>>('/api/v1/departments', { regionId: region.id, inherited: true }) : Promise.resolve(null)), [region.id, official]);

  const go = (f: Filter, p = 1, size = pageSize) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v) next.set(k, String(v));
    if (p > 1) next.set('page', String(p));
    if (size !== 20) next.set('pageSize', String(size));
    setParams(next, { replace: false });
  };

  const stateOptions = [
    { value: 'open', label: t('hz.state.open') },
    { value: 'overdue', label: t('hz.overdue') },
    ...HAZARD_STATES.map((s) => ({ value: s, label: label(STATE_LABELS[s]) })),
  ];

  const columns: TableColumnsType<HazardListItem> = [
    {
      title: t('hz.code'),
      dataIndex: 'code',
      fixed: phone ? undefined : 'left',
      render: (code: string, h) => (
        <Link to={`/hazards/${h.id}`} data-testid={`hazard-link-${h.code}`}>
          {code}
        </Link>
      ),
    },
    {
      title: t('hz.subject'),
      dataIndex: 'subjectName',
      render: (name: string, h) => (
        <Flex vertical>
          <Typography.Text>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {label(SUBJECT_TYPE_LABELS[h.subjectType], h.subjectType)}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('hz.category'), dataIndex: 'category', render: (c: string) => label(HAZARD_CATEGORY_LABELS[c as keyof typeof HAZARD_CATEGORY_LABELS], c) },
    { title: t('hz.severity'), dataIndex: 'severity', render: (s: string) => <SeverityTag severity={s} /> },
    {
      title: t('hz.description'),
      dataIndex: 'description',
      width: 280,
      render: (d: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: d }} style={{ marginBottom: 0, maxWidth: 280 }}>
          {d}
        </Typography.Paragraph>
      ),
    },
    { title: t('hz.source'), dataIndex: 'source', render: (s: string) => label(SOURCE_LABELS[s], s) },
    { title: t('hz.region'), dataIndex: 'regionName' },
    { title: t('hz.lead'), dataIndex: 'leadName', render: (v: string | null) => v ?? '—' },
    {
      title: t('hz.deadline'),
      dataIndex: 'deadline',
      render: (d: string | null, h) => (d ? <Typography.Text type={h.overdue ? 'danger' : undefined}>{d}</Typography.Text> : '—'),
    },
    {
      title: t('common.status'),
      dataIndex: 'state',
      render: (s: string, h) => <HazardTags state={s} overdue={h.overdue} escalationLevel={h.escalationLevel} supplySuspended={h.supplySuspended} />,
    },
    { title: t('hz.foundAt'), dataIndex: 'foundAt', render: (v: string) => <span title={formatTime(v)}>{formatTime(v).slice(0, 10)}</span> },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      render: (_, h) => (
        <Button type="link" size="small" onClick={() => navigate(`/hazards/${h.id}`)} data-testid={`hazard-view-${h.code}`}>
          {t('hz.view')}
        </Button>
      ),
    },
  ];

  const total = list.data?.total ?? 0;
  const totalText = (n: number) => (list.data?.totalCapped ? t('hz.totalCapped', { total: n }) : t('common.total', { total: n }));
  const pagination = {
    current: page,
    pageSize,
    total,
    showSizeChanger: !phone,
    showTotal: totalText,
    onChange: (p: number, size: number) => go(filter, size === pageSize ? p : 1, size),
  };

  return (
    <div data-testid="hazards-page">
      <PageHeader
        title={t('hz.ledgerTitle')}
        subtitle={official ? t('hz.scopeNote', { region: region.name }) : me.venue?.name ?? me.enterprise?.name ?? undefined}
        extra={
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="hazard-create">
              {t('common.create')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              loading={busy !== null}
              onClick={() => void download(withQuery('/api/v1/hazards/export.xlsx', { regionId: official ? region.id : undefined, ...apiFilter(filter) }), 'hazard-ledger.xlsx')}
              data-testid="hazard-export"
            >
              {t('common.export')}
            </Button>
          </>
        }
      />
      <SearchForm<Filter>
        form={filterForm}
        testId="hazards-search"
        onSearch={() => {
          // Every value of the form, also those of fields folded away (a filter from a link).
          const v = filterForm.getFieldsValue(true) as Filter;
          const f: Filter = {};
          for (const k of FILTER_KEYS) {
            const x = (v as Record<string, string | undefined>)[k];
            if (typeof x === 'string' && x.trim()) (f as Record<string, string>)[k] = x.trim();
          }
          go(f);
        }}
        fields={[
          { name: 'q', label: t('common.keyword'), node: <Input allowClear placeholder={t('hz.keywordHint')} data-testid="hazards-q" /> },
          { name: 'state', label: t('common.status'), node: <Select allowClear placeholder={t('common.all')} options={stateOptions} data-testid="hazards-state" /> },
          {
            name: 'severity',
            label: t('hz.severity'),
            node: (
              <Select
                allowClear
                placeholder={t('common.all')}
               
                options={[
                  { value: 'major', label: t('hz.severity.major') },
                  { value: 'general', label: t('hz.severity.general') },
                ]}
              />
            ),
          },
          {
            name: 'category',
            label: t('hz.category'),
            node: <Select allowClear placeholder={t('common.all')} options={Object.entries(HAZARD_CATEGORY_LABELS).map(([value, l]) => ({ value, label: label(l) }))} />,
          },
          {
            name: 'source',
            label: t('hz.source'),
            node: <Select allowClear placeholder={t('common.all')} options={Object.entries(SOURCE_LABELS).map(([value, l]) => ({ value, label: label(l) }))} />,
          },
          ...(official
            ? [
                {
                  name: 'departmentId',
                  label: t('hz.department'),
                  node: (
                    <Select
                      allowClear
                      placeholder={t('common.all')}
                     
                      loading={departments.loading}
                      showSearch={{ optionFilterProp: 'label' }}
                      options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {phone ? (
        <List<HazardListItem>
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('hz.empty')} /> }}
          pagination={{ ...pagination, size: 'small', simple: true }}
          data-testid="hazards-table"
          renderItem={(h) => (
            <Card size="small" style={{ marginBottom: 10 }} onClick={() => navigate(`/hazards/${h.id}`)} hoverable data-testid={`hazard-card-${h.code}`}>
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text strong>{h.code}</Typography.Text>
                <RightOutlined style={{ color: '#bbb' }} />
              </Flex>
              <div style={{ margin: '6px 0' }}>
                <HazardTags state={h.state} overdue={h.overdue} escalationLevel={h.escalationLevel} supplySuspended={h.supplySuspended} />
              </div>
              <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
                {h.description}
              </Typography.Paragraph>
              <Space size={12} wrap style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                <span>{h.subjectName}</span>
                <span>{label(HAZARD_CATEGORY_LABELS[h.category as keyof typeof HAZARD_CATEGORY_LABELS], h.category)}</span>
                {h.deadline ? <span>{t('hz.deadlineShort', { date: h.deadline })}</span> : null}
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table<HazardListItem>
          rowKey="id"
          size="middle"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="hazards-table"
          pagination={pagination}
        />
      )}
      <HazardCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          navigate(`/hazards/${id}`);
        }}
      />
    </div>
  );
}
