import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Badge, Button, Form, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { RegionCascader } from '../../components/RegionCascader.js';
import { SearchForm } from '../../components/SearchForm.js';
import { useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import type { Page } from '../../types.js';
import { canWriteDevices, DeviceForm } from './DeviceForm.js';
import { DeviceImportModal } from './DeviceImportModal.js';
import { agoText } from './format.js';
import { BINDING_TYPE_LABELS, CONDITION_LABELS, DEVICE_TYPE_LABELS, DEVICE_TYPES, ONLINE_LABELS } from './labels.js';
import type { BindingType, Condition, Device, DeviceType } from './types.js';

interface Filter {
  q?: string;
  type?: DeviceType;
  online?: 'online' | 'offline' | 'unknown';
  regionId?: string | null;
  subjectType?: BindingType;
  faulty?: boolean;
  expired?: boolean;
}

const ONLINE_STATUS: Record<string, 'success' | 'error' | 'default'> = { online: 'success', offline: 'error', unknown: 'default' };

export function OnlineBadge({ online }: { online: string }) {
  const { label } = useI18n();
  return <Badge status={ONLINE_STATUS[online] ?? 'default'} text={label(ONLINE_LABELS[online as keyof typeof ONLINE_LABELS], online)} />;
}

/** The last readings of a device in one line: CH₄ 3.5 %LEL · CO 12 ppm · 阀 开 · 电 87 %. */
export function LastValues({ d }: { d: Device }) {
  const { t } = useI18n();
  const s = d.state;
  const parts: string[] = [];
  if (s.ch4 !== null) parts.push(`CH₄ ${s.ch4} %LEL`);
  if (s.co !== null) parts.push(`CO ${s.co} ppm`);
  if (s.valve) parts.push(t(s.valve === 'open' ? 'mon.device.valveOpenShort' : 'mon.device.valveClosedShort'));
  if (s.battery !== null) parts.push(t('mon.device.batteryShort', { n: s.battery }));
  return parts.length ? <span style={{ whiteSpace: 'nowrap' }}>{parts.join(' · ')}</span> : <Typography.Text type="secondary">—</Typography.Text>;
}

/**
 * 设备台账 (R7.1): monitoring devices in the selected region with their live state — online or not,
 * last readings, last seen, open conditions — filtered by type, state, region and binding; create
 * and edit (bound to a venue, household or facility), Excel import and export.
 */
export function DevicesPage() {
  const me = useMe();
  const phone = useIsPhone();
  const { t, label, formatTime } = useI18n();
  const navigate = useNavigate();
  const { region } = useRegion();
  const [filterForm] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<Device | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const writer = canWriteDevices(me.role);
  const now = Date.now();

  const list = useLoad(
    () =>
      api.get<Page<Device>>('/api/v1/devices', {
        regionId: filter.regionId ?? region.id,
        q: filter.q,
        type: filter.type,
        online: filter.online,
        subjectType: filter.subjectType,
        faulty: filter.faulty ? true : undefined,
        expired: filter.expired ? true : undefined,
        page: page.page,
        pageSize: page.pageSize,
      }),
    [region.id, filter, page],
  );

  const columns: TableColumnsType<Device> = [
    {
      title: t('mon.device.code'),
      dataIndex: 'code',
      fixed: phone ? undefined : 'left',
      render: (code: string, d) => (
        <Link to={`/devices/${d.id}`} data-testid={`device-link-${code}`}>
          <Typography.Text strong style={{ color: 'inherit' }}>
            {code}
          </Typography.Text>
        </Link>
      ),
    },
    { title: t('mon.device.type'), dataIndex: 'type', render: (v: string) => label(DEVICE_TYPE_LABELS[v as DeviceType], v) },
    {
      title: t('mon.device.subject'),
      key: 'subject',
      render: (_, d) => (
        <div>
          <div>{d.subjectName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {label(BINDING_TYPE_LABELS[d.subjectType as BindingType], d.subjectType)}
            {d.location ? ` · ${d.location}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('mon.device.region'), dataIndex: 'regionName' },
    {
      title: t('mon.device.online'),
      key: 'online',
      render: (_, d) => (
        <Space size={[4, 4]} wrap>
          <OnlineBadge online={d.state.online} />
          {d.state.fault ? <Tag color="orange">{t('mon.device.fault', { code: d.state.fault })}</Tag> : null}
          {d.expired ? <Tag color="red">{t('mon.device.expired')}</Tag> : null}
          {d.gasTypeMismatch ? (
            <Tooltip title={t('mon.device.gasMismatchHelp')}>
              <Tag color="volcano">{t('mon.device.gasMismatch')}</Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    { title: t('mon.device.lastValues'), key: 'values', render: (_, d) => <LastValues d={d} /> },
    {
      title: t('mon.device.conditions'),
      key: 'conditions',
      render: (_, d) =>
        d.state.activeConditions.length ? (
          <Space size={[4, 4]} wrap>
            {d.state.activeConditions.map((c) => (
              <Tag key={c} color="red">
                {label(CONDITION_LABELS[c as Condition], c)}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('mon.device.lastSeen'),
      key: 'lastSeen',
      render: (_, d) =>
        d.state.lastSeenAt ? (
          <Tooltip title={formatTime(d.state.lastSeenAt)}>
            <span style={{ whiteSpace: 'nowrap' }}>{agoText(t, d.state.lastSeenAt, now)}</span>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('mon.device.never')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      render: (_, d) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => navigate(`/devices/${d.id}`)}>
            {t('mon.device.view')}
          </Button>
          {writer ? (
            <Button type="link" size="small" onClick={() => setEditing(d)} data-testid={`device-edit-${d.code}`}>
              {t('common.edit')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="devices-page">
      <PageHeader
        title={t('mon.devices.title')}
        subtitle={t('mon.devices.subtitle', { region: region.name })}
        extra={
          <>
            {writer ? (
              <>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="device-create">
                  {t('common.create')}
                </Button>
                <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="device-import">
                  {t('mon.import.button')}
                </Button>
              </>
            ) : null}
            <Button icon={<DownloadOutlined />} href="/api/v1/devices/export.xlsx" download data-testid="device-export">
              {t('common.export')}
            </Button>
          </>
        }
      />
      <SearchForm<Filter>
        form={filterForm}
        testId="devices-search"
        onSearch={(v) => {
          setFilter({
            ...(v.q?.trim() ? { q: v.q.trim() } : {}),
            ...(v.type ? { type: v.type } : {}),
            ...(v.online ? { online: v.online } : {}),
            ...(v.regionId ? { regionId: v.regionId } : {}),
            ...(v.subjectType ? { subjectType: v.subjectType } : {}),
            ...(v.faulty ? { faulty: true } : {}),
            ...(v.expired ? { expired: true } : {}),
          });
          setPage((p) => ({ ...p, page: 1 }));
        }}
        fields={[
          { name: 'q', label: t('common.keyword'), node: <Input allowClear placeholder={t('mon.devices.keyword')} data-testid="devices-q" /> },
          {
            name: 'type',
            label: t('mon.device.type'),
            node: <Select allowClear placeholder={t('common.all')} options={DEVICE_TYPES.map((x) => ({ value: x, label: label(DEVICE_TYPE_LABELS[x]) }))} data-testid="devices-type" />,
          },
          {
            name: 'online',
            label: t('mon.device.online'),
            node: (
              <Select
                allowClear
                placeholder={t('common.all')}
                options={(['online', 'offline', 'unknown'] as const).map((x) => ({ value: x, label: label(ONLINE_LABELS[x]) }))}
                data-testid="devices-online"
              />
            ),
          },
          { name: 'regionId', label: t('mon.device.region'), node: <RegionCascader allowClear placeholder={region.name} style={{ width: '100%' }} /> },
          {
            name: 'subjectType',
            label: t('mon.device.bindTo'),
            node: <Select allowClear placeholder={t('common.all')} options={(['venue', 'household', 'facility'] as const).map((x) => ({ value: x, label: label(BINDING_TYPE_LABELS[x]) }))} />,
          },
          {
            name: 'faulty',
            label: t('mon.devices.attention'),
            node: (
              <Select
                allowClear
                placeholder={t('common.all')}
                options={[
                  { value: true, label: t('mon.devices.faultyOnly') },
                ]}
              />
            ),
          },
          {
            name: 'expired',
            label: t('mon.device.expired'),
            node: <Select allowClear placeholder={t('common.all')} options={[{ value: true, label: t('mon.devices.expiredOnly') }]} />,
          },
        ]}
      />
      <Table<Device>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="devices-table"
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
        }}
      />
      <DeviceForm
        open={editing !== null}
        device={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={(d) => {
          const created = editing === 'new';
          setEditing(null);
          list.reload();
          if (created) navigate(`/devices/${d.id}`);
        }}
      />
      <DeviceImportModal open={importing} onClose={() => setImporting(false)} onImported={() => list.reload()} />
    </div>
  );
}
