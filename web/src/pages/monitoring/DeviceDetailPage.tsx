import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Popconfirm, Result, Row, Segmented, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useAction, useIsPhone, useLoad } from '../../hooks.js';
import { useI18n, type MsgKey } from '../../i18n/index.js';
import type { Page } from '../../types.js';
import { canWriteDevices, DeviceForm } from './DeviceForm.js';
import { LastValues, OnlineBadge } from './DevicesPage.js';
import { readingText } from './format.js';
import { ALARM_RESULT_LABELS, ALARM_STATE_LABELS, BINDING_TYPE_LABELS, CONDITION_LABELS, DEVICE_TYPE_LABELS, GAS_TYPE_LABELS, SEVERITY_LABELS, SEVERITY_TAG, STATE_TAG } from './labels.js';
import { TelemetryChart, type Thresholds } from './TelemetryChart.js';
import type { Alarm, AlarmState, BindingType, Condition, DeviceDetail, DeviceType, GasType, RuleItem, Severity } from './types.js';

const RANGES = { '24h': 1, '7d': 7, '30d': 30 } as const;
type Range = keyof typeof RANGES;
const RANGE_LABELS: Record<Range, MsgKey> = { '24h': 'mon.range.24h', '7d': 'mon.range.7d', '30d': 'mon.range.30d' };
const PROFILE: Record<BindingType, 'household' | 'commercial' | 'industrial'> = { household: 'household', venue: 'commercial', facility: 'industrial' };

/**
 * 设备详情: registry fields and live state of one device, its readings over time (with the alarm
 * points of its type and binding), its alarms (open and past); edit and retire for those who
 * register devices.
 */
export function DeviceDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const phone = useIsPhone();
  const { t, label, formatTime } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { busy, run } = useAction();
  const [range, setRange] = useState<Range>('24h');
  const [editing, setEditing] = useState(false);
  const [alarmPage, setAlarmPage] = useState(1);
  const device = useLoad(() => api.get<DeviceDetail>(`/api/v1/devices/${id}`), [id]);
  const rules = useLoad(() => api.get<{ items: RuleItem[] }>('/api/v1/monitoring/rules'), []);
  const alarms = useLoad(() => api.get<Page<Alarm>>('/api/v1/alarms', { deviceId: id, page: alarmPage, pageSize: 10 }), [id, alarmPage]);
  // The chart's window ends now; fixed per range choice so the chart does not reload on every render.
  const from = useMemo(() => new Date(Date.now() - RANGES[range] * 86_400_000).toISOString(), [range]);
  const writer = canWriteDevices(me.role);
  const d = device.data;

  const thresholds = useMemo<Thresholds | undefined>(() => {
    if (!d) return undefined;
    const rule = rules.data?.items.find((r) => r.deviceType === d.type)?.config;
    if (!rule) return undefined;
    return { ch4: rule.ch4 ? rule.ch4[PROFILE[d.subjectType as BindingType] ?? 'commercial'] : null, co: rule.co };
  }, [d, rules.data]);

  if (device.error instanceof ApiError && (device.error.status === 404 || device.error.status === 403))
    return <Result status="404" title={device.error.message} extra={<Button onClick={() => navigate('/devices')}>{t('mon.devices.back')}</Button>} />;
  if (!d) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;

  const retire = async () => {
    const ok = await run(() => api.delete(`/api/v1/devices/${d.id}`));
    if (ok === undefined) return;
    void message.success(t('mon.device.retired'));
    navigate('/devices');
  };

  const alarmColumns: TableColumnsType<Alarm> = [
    { title: t('mon.alarm.code'), dataIndex: 'code', render: (c: string, a) => <Link to={`/alarms/${a.id}`}>{c}</Link> },
    {
      title: t('mon.alarm.condition'),
      key: 'condition',
      render: (_, a) => (
        <Space size={4} wrap>
          <Tag color={SEVERITY_TAG[a.severity as Severity]}>{label(SEVERITY_LABELS[a.severity as Severity], a.severity)}</Tag>
          {label(CONDITION_LABELS[a.condition as Condition], a.condition)} {readingText(a.condition, a.peakValue ?? a.value, t)}
        </Space>
      ),
    },
    { title: t('common.status'), dataIndex: 'state', render: (s: AlarmState) => <Tag color={STATE_TAG[s]}>{label(ALARM_STATE_LABELS[s], s)}</Tag> },
    { title: t('mon.alarm.result'), dataIndex: 'result', render: (r: string | null) => (r ? label(ALARM_RESULT_LABELS[r as keyof typeof ALARM_RESULT_LABELS], r) : '—') },
    { title: t('mon.alarm.raisedAt'), dataIndex: 'raisedAt', render: (v: string) => formatTime(v) },
  ];

  return (
    <div data-testid="device-detail">
      <PageHeader
        title={
          <Space size={8} wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/devices')} aria-label={t('mon.devices.back')} />
            <span>{d.code}</span>
            <OnlineBadge online={d.state.online} />
            {d.status === 'retired' ? <Tag>{t('common.retired')}</Tag> : null}
          </Space>
        }
        subtitle={`${label(DEVICE_TYPE_LABELS[d.type as DeviceType], d.type)} · ${d.subjectName}`}
        extra={
          writer && d.status === 'active' ? (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="device-edit">
                {t('common.edit')}
              </Button>
              <Popconfirm title={t('mon.device.confirmRetire', { code: d.code })} onConfirm={() => retire()}>
                <Button danger icon={<DeleteOutlined />} loading={busy}>
                  {t('mon.device.retire')}
                </Button>
              </Popconfirm>
            </>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('mon.device.state')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1} data-testid="device-state">
              <Descriptions.Item label={t('mon.device.online')}>
                <OnlineBadge online={d.state.online} />
              </Descriptions.Item>
              <Descriptions.Item label={t('mon.device.lastValues')}>
                <LastValues d={d} />
              </Descriptions.Item>
              <Descriptions.Item label={t('mon.device.lastSeen')}>{d.state.lastSeenAt ? formatTime(d.state.lastSeenAt) : t('mon.device.never')}</Descriptions.Item>
              <Descriptions.Item label={t('mon.device.deviceTime')}>{d.state.lastTs ? formatTime(d.state.lastTs) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('mon.device.faultLabel')}>{d.state.fault ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('mon.device.conditions')}>
                {d.state.activeConditions.length ? (
                  <Space size={[4, 4]} wrap>
                    {d.state.activeConditions.map((c) => (
                      <Tag key={c} color="red">
                        {label(CONDITION_LABELS[c as Condition], c)}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  t('common.none')
                )}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('mon.device.info')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1} data-testid="device-info">
              <Descriptions.Item label={t('mon.device.type')}>{label(DEVICE_TYPE_LABELS[d.type as DeviceType], d.type)}</Descriptions.Item>
              <Descriptions.Item label={t('mon.device.bindTo')}>
                <Link to={`/registry/${d.subjectType}/${d.subjectId}`}>{d.subjectName}</Link>{' '}
                <Typography.Text type="secondary">({label(BINDING_TYPE_LABELS[d.subjectType as BindingType], d.subjectType)})</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('mon.device.region')}>{d.regionName}</Descriptions.Item>
              <Descriptions.Item label={t('mon.device.location')}>{d.location ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('mon.device.gasType')}>
                {label(GAS_TYPE_LABELS[d.gasType as GasType], d.gasType)}
                {d.gasTypeMismatch ? (
                  <Tag color="volcano" style={{ marginInlineStart: 8 }}>
                    {t('mon.device.gasMismatch')}
                  </Tag>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('mon.device.model')}>{[d.model, d.vendor].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('mon.device.installedOn')}>{d.installedOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('mon.device.expiresOn')}>
                {d.expiresOn ?? '—'}
                {d.expired ? (
                  <Tag color="red" style={{ marginInlineStart: 8 }}>
                    {t('mon.device.expired')}
                  </Tag>
                ) : null}
              </Descriptions.Item>
              {d.lat !== null && d.lng !== null ? <Descriptions.Item label={t('mon.device.coordinates')}>{`${d.lat}, ${d.lng}`}</Descriptions.Item> : null}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card
            size="small"
            title={t('mon.device.history')}
            style={{ marginBottom: 16 }}
            extra={
              <Segmented
                size="small"
                value={range}
                onChange={(v) => setRange(v as Range)}
                options={(Object.keys(RANGES) as Range[]).map((r) => ({ value: r, label: t(RANGE_LABELS[r]) }))}
                data-testid="device-range"
              />
            }
          >
            <TelemetryChart deviceId={d.id} from={from} thresholds={thresholds} height={phone ? 240 : 320} />
          </Card>
          <Card size="small" title={t('mon.device.alarms')} data-testid="device-alarms">
            <Table<Alarm>
              rowKey="id"
              size="small"
              loading={alarms.loading}
              columns={alarmColumns}
              dataSource={alarms.data?.items ?? []}
              scroll={{ x: 'max-content' }}
              pagination={{ current: alarmPage, pageSize: 10, total: alarms.data?.total ?? 0, onChange: setAlarmPage, hideOnSinglePage: true }}
            />
          </Card>
        </Col>
      </Row>
      <DeviceForm
        open={editing}
        device={d}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          void message.success(t('common.saved'));
          device.reload();
        }}
      />
    </div>
  );
}
