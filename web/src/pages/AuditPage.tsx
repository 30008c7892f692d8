import { DownloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Collapse, DatePicker, Descriptions, Drawer, Form, Grid, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { api } from '../api.js';
import { useAuth, useMe } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { SearchForm } from '../components/SearchForm.js';
import { datedName, downloadCsv } from '../csv.js';
import { useAction, useLoad, useShowError, useIsPhone } from '../hooks.js';
import { AUDIT_ACTION_LABELS, ENTITY_TYPE_LABELS } from '../i18n/labels.js';
import { useI18n } from '../i18n/index.js';
import type { Account, AuditChainReport, AuditEntry, Page } from '../types.js';
import { diffRows, formatValue } from './audit-diff.js';

type Day = Dayjs;

interface Filter {
  entityType?: string;
  entityId?: string;
  action?: string;
  actorId?: string;
  range?: [Day | null, Day | null] | null;
}

interface Query {
  entityType?: string;
  entityId?: string;
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

function toQuery(v: Filter): Query {
  const q: Query = {};
  if (v.entityType?.trim()) q.entityType = v.entityType.trim();
  if (v.entityId?.trim()) q.entityId = v.entityId.trim();
  if (v.action?.trim()) q.action = v.action.trim();
  if (v.actorId) q.actorId = v.actorId;
  if (v.range?.[0]) q.from = v.range[0].toISOString();
  if (v.range?.[1]) q.to = v.range[1].toISOString();
  return q;
}

/** 审计日志: who did what and when; before/after in a drawer; hash-chain check for the admin. */
export function AuditPage() {
  const me = useMe();
  const { can } = useAuth();
  const phone = useIsPhone();
  const { t, label, formatTime, paren } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const screens = Grid.useBreakpoint();
  const [filterForm] = Form.useForm<Filter>();
  const [query, setQuery] = useState<Query>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const [report, setReport] = useState<AuditChainReport | null>(null);
  const [actorOptions, setActorOptions] = useState<{ value: string; label: string }[]>([]);
  const [exporting, setExporting] = useState(false);
  const { busy, run } = useAction();
  const actorTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const list = useLoad(() => api.get<Page<AuditEntry>>('/api/v1/audit', { ...query, page: page.page, pageSize: page.pageSize }), [query, page]);

  const actionLabel = (a: string) => label(AUDIT_ACTION_LABELS[a], a);
  const entityLabel = (e: string) => label(ENTITY_TYPE_LABELS[e], e);

  const searchActors = (q: string) => {
    clearTimeout(actorTimer.current);
    if (!can('account.manage')) return;
    actorTimer.current = setTimeout(() => {
      api.get<Page<Account>>('/api/v1/accounts', { q: q || undefined, pageSize: 20 }).then(
        (res) => setActorOptions(res.items.map((a) => ({ value: a.id, label: paren(a.displayName, a.username) }))),
        (e: unknown) => showError(e),
      );
    }, 250);
  };

  const verify = async () => {
    const res = await run(() => api.post<AuditChainReport>('/api/v1/audit/verify'));
    if (res) setReport(res);
  };

  const exportAll = async () => {
    setExporting(true);
    try {
      const all: AuditEntry[] = [];
      for (let p = 1; p <= 25; p++) {
        const res = await api.get<Page<AuditEntry>>('/api/v1/audit', { ...query, page: p, pageSize: 200 });
        all.push(...res.items);
        if (all.length >= res.total || res.items.length === 0) break;
      }
      downloadCsv(
        datedName(t('audit.title')),
        [
          { title: 'ID', value: (e: AuditEntry) => e.id },
          { title: t('audit.time'), value: (e) => formatTime(e.at) },
          { title: t('audit.actor'), value: (e) => e.actorLabel },
          { title: t('audit.action'), value: (e) => `${actionLabel(e.action)} (${e.action})` },
          { title: t('audit.entityType'), value: (e) => entityLabel(e.entityType) },
          { title: t('audit.entityId'), value: (e) => e.entityId },
          { title: t('audit.ip'), value: (e) => e.ip },
          { title: t('audit.hash'), value: (e) => e.hash },
        ],
        all,
      );
      void message.success(t('common.exported', { count: all.length }));
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.time'), dataIndex: 'at', width: 170, render: (v: string) => formatTime(v) },
    {
      title: t('audit.actor'),
      dataIndex: 'actorLabel',
      render: (v: string, e) => (e.actorId === null && v === 'system' ? <Tag>{t('audit.system')}</Tag> : v),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (a: string) => (
        <Space size={4} wrap>
          <span data-testid="audit-action">{actionLabel(a)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('audit.entityType'), dataIndex: 'entityType', render: (e: string) => <Tag>{entityLabel(e)}</Tag> },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      render: (id: string) => (
        <Typography.Text code copyable={{ text: id }} style={{ fontSize: 12 }}>
          {id.length > 13 ? `${id.slice(0, 8)}…` : id}
        </Typography.Text>
      ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      render: (_, e) => (
        <Button type="link" size="small" onClick={() => setOpen(e)} data-testid={`audit-detail-${e.id}`}>
          {t('audit.detail')}
        </Button>
      ),
    },
  ];

  const diff = open ? diffRows(open.before, open.after) : [];
  const changedCount = diff.filter((d) => d.changed).length;

  return (
    <div data-testid="audit-page">
      <PageHeader
        title={t('audit.title')}
        extra={
          <>
            {me.role === 'platform_admin' ? (
              <Button icon={<SafetyOutlined />} onClick={() => void verify()} loading={busy} data-testid="audit-verify">
                {t('audit.verify')}
              </Button>
            ) : null}
            <Button icon={<DownloadOutlined />} onClick={() => void exportAll()} loading={exporting}>
              {t('common.export')}
            </Button>
          </>
        }
      />
      {report ? (
        <Alert
          type={report.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => setReport(null) }}
          style={{ marginBottom: 16 }}
          data-testid="audit-verify-result"
          title={
            report.ok
              ? t('audit.verifyOk', { checked: report.checked })
              : t('audit.verifyBroken', {
                  id: report.firstBroken?.id,
                  checked: report.checked,
                  reason: t(report.firstBroken?.reason === 'hash' ? 'audit.reason.hash' : 'audit.reason.link'),
                })
          }
        />
      ) : null}
      <SearchForm<Filter>
        form={filterForm}
        testId="audit-search"
        onSearch={(v) => {
          setQuery(toQuery(v));
          setPage((p) => ({ ...p, page: 1 }));
        }}
        fields={[
          {
            name: 'action',
            label: t('audit.action'),
            node: (
              <AutoComplete
                allowClear
                placeholder={t('audit.actionHelp')}
                options={Object.keys(AUDIT_ACTION_LABELS).map((a) => ({ value: a, label: `${actionLabel(a)} · ${a}` }))}
                showSearch={{ filterOption: (input, o) => String(o?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
                data-testid="audit-filter-action"
              />
            ),
          },
          {
            name: 'entityType',
            label: t('audit.entityType'),
            node: (
              <AutoComplete
                allowClear
                placeholder={t('common.all')}
                options={Object.keys(ENTITY_TYPE_LABELS).map((e) => ({ value: e, label: `${entityLabel(e)} · ${e}` }))}
                showSearch={{ filterOption: (input, o) => String(o?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
              />
            ),
          },
          { name: 'range', label: t('audit.range'), node: <DatePicker.RangePicker showTime style={{ width: '100%' }} allowEmpty={[true, true]} /> },
          { name: 'entityId', label: t('audit.entityId'), node: <Input allowClear /> },
          ...(can('account.manage')
            ? [
                {
                  name: 'actorId',
                  label: t('audit.actor'),
                  node: (
                    <Select
                      allowClear
                      showSearch={{ filterOption: false, onSearch: searchActors }}
                      placeholder={t('audit.actorPlaceholder')}
                      options={actorOptions}
                      onOpenChange={(o) => o && actorOptions.length === 0 && searchActors('')}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="audit-table"
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
        }}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size={screens.md ? 720 : '100%'}
        title={open ? t('audit.detailTitle', { id: open.id }) : ''}
        data-testid="audit-drawer"
      >
        {open ? (
          <>
            <Descriptions
              size="small"
              column={1}
              bordered
              items={[
                { key: 'at', label: t('audit.time'), children: formatTime(open.at) },
                { key: 'actor', label: t('audit.actor'), children: open.actorLabel },
                { key: 'action', label: t('audit.action'), children: paren(actionLabel(open.action), open.action) },
                { key: 'entity', label: t('audit.entityType'), children: entityLabel(open.entityType) },
                { key: 'entityId', label: t('audit.entityId'), children: <Typography.Text copyable>{open.entityId}</Typography.Text> },
                { key: 'ip', label: t('audit.ip'), children: open.ip ?? '—' },
                { key: 'hash', label: t('audit.hash'), children: <Typography.Text code style={{ fontSize: 11, wordBreak: 'break-all' }}>{open.hash}</Typography.Text> },
                { key: 'prev', label: t('audit.prevHash'), children: <Typography.Text code style={{ fontSize: 11, wordBreak: 'break-all' }}>{open.prevHash}</Typography.Text> },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 20 }}>
              {t('audit.before')} / {t('audit.after')}
            </Typography.Title>
            {diff.length === 0 ? (
              <Alert type="info" title={t('audit.noData')} />
            ) : (
              <Table
                size="small"
                rowKey="field"
                pagination={false}
                data-testid="audit-diff"
                rowClassName={(r) => (r.changed ? 'gg-diff-changed' : '')}
                dataSource={diff}
                scroll={{ x: 'max-content' }}
                footer={changedCount > 0 && changedCount < diff.length ? () => t('audit.unchangedHidden', { changed: changedCount, count: diff.length - changedCount }) : undefined}
                columns={[
                  { title: t('audit.field'), dataIndex: 'field', width: 150, render: (f: string) => <Typography.Text strong>{f}</Typography.Text> },
                  { title: t('audit.before'), dataIndex: 'before', render: (v: unknown) => <span className="gg-cell-json">{formatValue(v)}</span> },
                  { title: t('audit.after'), dataIndex: 'after', render: (v: unknown) => <span className="gg-cell-json">{formatValue(v)}</span> },
                ]}
              />
            )}
            <Collapse
              style={{ marginTop: 16 }}
              size="small"
              items={[
                {
                  key: 'raw',
                  label: t('audit.raw'),
                  children: <pre className="gg-json">{JSON.stringify({ before: open.before, after: open.after }, null, 2)}</pre>,
                },
              ]}
            />
          </>
        ) : null}
      </Drawer>
    </div>
  );
}
