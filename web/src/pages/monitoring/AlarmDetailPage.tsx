import { ArrowLeftOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Image, Result, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useIsPhone, useLoad, useShowError } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { AlarmActions } from './AlarmActions.js';
import { StreamBadge } from './AlarmBoardPage.js';
import { durationText, readingText } from './format.js';
import { ALARM_RESULT_LABELS, ALARM_STATE_LABELS, BINDING_TYPE_LABELS, CONDITION_LABELS, DEVICE_TYPE_LABELS, EVENT_LABELS, SEVERITY_LABELS, SEVERITY_TAG, STATE_TAG } from './labels.js';
import { useAlarmStream } from './stream.js';
import { TelemetryChart } from './TelemetryChart.js';
import type { AlarmDetail, AlarmEvent, AlarmState, BindingType, Condition, DeviceDetail, DeviceType, Responder, Severity } from './types.js';

const EVENT_COLORS: Record<string, string> = {
  raise: 'red',
  escalate: 'red',
  notify: 'gray',
  acknowledge: 'orange',
  dispatch: 'blue',
  arrive: 'blue',
  handle: 'green',
  close: 'green',
  resolve: 'green',
};

type EventData = { value?: number | null; severity?: string; responderId?: string; result?: string; photos?: string[]; hazardId?: string; note?: string | null; recipients?: number } | null;

/**
 * 报警详情与处置 (R7.4): the alarm, its device and what it is bound to, the readings around it,
 * every step so far (who, when) and the buttons of what the caller may do next. Updated live from
 * the stream (another person acknowledging shows here at once).
 */
export function AlarmDetailPage() {
  const { id = '' } = useParams();
  const { t, label, formatTime } = useI18n();
  const navigate = useNavigate();
  const phone = useIsPhone();
  const showError = useShowError();
  const [alarm, setAlarm] = useState<AlarmDetail | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      const a = await api.get<AlarmDetail>(`/api/v1/alarms/${id}`);
      setAlarm(a);
      setFailure(null);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) setFailure(e);
      else showError(e);
    }
  }, [id, showError]);

  useEffect(() => {
    setAlarm(null);
    void load();
  }, [load]);

  const stream = useAlarmStream({
    onAlarm: (a) => {
      if (a.id === id) {
        void load();
        setVersion((v) => v + 1);
      }
    },
    onSync: () => void load(),
  });

  const canDispatch = alarm?.availableActions.includes('dispatch') ?? false;
  const responders = useLoad(() => (canDispatch ? api.get<{ items: Responder[] }>(`/api/v1/alarms/${id}/responders`) : Promise.resolve(null)), [id, canDispatch]);
  const deviceId = alarm?.device.id ?? null;
  // Not every caller may read the device (a venue's own user may): without it the chart still shows.
  const device = useLoad(deviceId ? () => api.get<DeviceDetail>(`/api/v1/devices/${deviceId}`).catch(() => null) : null, [deviceId, version]);

  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of responders.data?.items ?? []) m.set(r.id, r.displayName);
    if (alarm?.responderId && alarm.responderName) m.set(alarm.responderId, alarm.responderName);
    return m;
  }, [responders.data, alarm?.responderId, alarm?.responderName]);

  if (failure)
    return (
      <Result
        status={failure.status === 403 ? '403' : '404'}
        title={failure.message}
        extra={<Button onClick={() => navigate('/alarms')}>{t('mon.detail.back')}</Button>}
        data-testid="alarm-not-found"
      />
    );
  if (!alarm) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;

  const sev = alarm.severity as Severity;
  const condition = label(CONDITION_LABELS[alarm.condition as Condition], alarm.condition);
  const from = new Date(Date.parse(alarm.raisedAt) - 3_600_000).toISOString();
  const to = alarm.closedAt ? new Date(Date.parse(alarm.closedAt) + 3_600_000).toISOString() : undefined;
  const subjectType = alarm.subject.type as BindingType;

  const eventDetail = (e: AlarmEvent) => {
    const d = e.data as EventData;
    const parts: ReactNode[] = [];
    if (e.action === 'raise' || e.action === 'escalate') {
      const r = readingText(alarm.condition, d?.value ?? null, t);
      if (r) parts.push(t('mon.timeline.reading', { value: r }));
      if (d?.severity) parts.push(label(SEVERITY_LABELS[d.severity as Severity], d.severity));
    }
    if (e.action === 'notify' && typeof d?.recipients === 'number') parts.push(t('mon.timeline.recipients', { n: d.recipients }));
    if (e.action === 'dispatch' && d?.responderId) parts.push(t('mon.timeline.to', { name: names.get(d.responderId) ?? d.responderId.slice(0, 8) }));
    if (e.action === 'handle' && d?.result) parts.push(label(ALARM_RESULT_LABELS[d.result as keyof typeof ALARM_RESULT_LABELS], d.result));
    if (e.action === 'handle' && d?.photos?.length) parts.push(t('mon.timeline.photos', { n: d.photos.length }));
    if (d?.note) parts.push(d.note);
    return parts;
  };

  const timeline = (
    <Timeline
      data-testid="alarm-timeline"
      items={alarm.events.map((e) => {
        const detail = eventDetail(e);
        return {
          color: EVENT_COLORS[e.action] ?? 'gray',
          content: (
            <div data-testid={`timeline-${e.action}`}>
              <Space size={6} wrap>
                <Typography.Text strong>{label(EVENT_LABELS[e.action as keyof typeof EVENT_LABELS], e.action)}</Typography.Text>
                <Typography.Text data-testid="timeline-actor">{e.actorLabel === 'system' ? t('mon.timeline.system') : e.actorLabel}</Typography.Text>
              </Space>
              <div>
                <Typography.Text type="secondary">{formatTime(e.at)}</Typography.Text>
              </div>
              {detail.length ? <div style={{ overflowWrap: 'anywhere' }}>{detail.map((x, i) => (i ? ['；', x] : x))}</div> : null}
            </div>
          ),
        };
      })}
    />
  );

  const photos = alarm.photos as string[];
  const rt = alarm.responseTimes;
  return (
    <div data-testid="alarm-detail">
      <PageHeader
        title={
          <Space size={8} wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/alarms')} aria-label={t('mon.detail.back')} data-testid="alarm-back" />
            <span>{t('mon.detail.title', { code: alarm.code })}</span>
            <Tag color={SEVERITY_TAG[sev]}>{label(SEVERITY_LABELS[sev], alarm.severity)}</Tag>
            <Tag color={STATE_TAG[alarm.state as AlarmState]} data-testid="alarm-state" data-state={alarm.state}>
              {label(ALARM_STATE_LABELS[alarm.state as AlarmState], alarm.state)}
            </Tag>
          </Space>
        }
        subtitle={
          <Space size={12} wrap>
            <span>
              {alarm.subject.name} · {condition} {readingText(alarm.condition, alarm.value, t)}
            </span>
            <StreamBadge state={stream} />
          </Space>
        }
      />

      {alarm.hazardId ? (
        <Alert
          type="warning"
          showIcon
          icon={<WarningOutlined />}
          style={{ marginBottom: 16 }}
          title={t('mon.detail.hazardCreated')}
          action={
            <Link to={`/hazards/${alarm.hazardId}`} data-testid="alarm-hazard-link">
              {t('mon.detail.openHazard')}
            </Link>
          }
          data-testid="alarm-hazard"
        />
      ) : null}

      <Card size="small" title={t('mon.detail.actions')} style={{ marginBottom: 16 }}>
        <AlarmActions alarm={alarm} responders={responders.data?.items} onDone={(a) => setAlarm(a)} />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('mon.detail.info')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={phone ? 1 : 2} data-testid="alarm-info">
              <Descriptions.Item label={t('mon.alarm.condition')}>{condition}</Descriptions.Item>
              <Descriptions.Item label={t('mon.alarm.value')}>
                {readingText(alarm.condition, alarm.value, t) || '—'}
                {(alarm.condition === 'ch4' || alarm.condition === 'co') && alarm.peakValue !== null ? ` ${t('mon.alarm.peakShort', { value: readingText(alarm.condition, alarm.peakValue, t) })}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('mon.alarm.subject')}>
                {['venue', 'household', 'facility'].includes(subjectType) ? (
                  <Link to={`/registry/${subjectType}/${alarm.subject.id}`}>{alarm.subject.name}</Link>
                ) : (
                  alarm.subject.name
                )}{' '}
                <Typography.Text type="secondary">({label(BINDING_TYPE_LABELS[subjectType], subjectType)})</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('mon.alarm.region')}>{alarm.regionName}</Descriptions.Item>
              <Descriptions.Item label={t('mon.alarm.device')}>
                <Link to={`/devices/${alarm.device.id}`} data-testid="alarm-device-link">
                  {alarm.device.code}
                </Link>
                <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                  {label(DEVICE_TYPE_LABELS[alarm.device.type as DeviceType], alarm.device.type)}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('mon.alarm.location')}>{alarm.device.location ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('mon.alarm.count')}>{t('mon.alarm.countText', { count: alarm.count, episodes: alarm.episodes })}</Descriptions.Item>
              <Descriptions.Item label={t('mon.alarm.lastAt')}>{formatTime(alarm.lastAt)}</Descriptions.Item>
              <Descriptions.Item label={t('mon.alarm.raisedAt')}>{formatTime(alarm.raisedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('mon.alarm.clearedAt')}>{alarm.clearedAt ? formatTime(alarm.clearedAt) : t('mon.alarm.notCleared')}</Descriptions.Item>
              <Descriptions.Item label={t('mon.alarm.responder')}>{alarm.responderName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('mon.alarm.result')}>
                {alarm.result ? <span data-testid="alarm-result">{label(ALARM_RESULT_LABELS[alarm.result as keyof typeof ALARM_RESULT_LABELS], alarm.result)}</span> : '—'}
              </Descriptions.Item>
              {alarm.resultNote ? (
                <Descriptions.Item label={t('mon.handle.note')} span={phone ? 1 : 2}>
                  {alarm.resultNote}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>

          <Card size="small" title={t('mon.detail.responseTimes')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={phone ? 1 : 3} data-testid="alarm-response-times">
              <Descriptions.Item label={t('mon.stats.toAck')}>{durationText(t, rt.toAcknowledgeSec)}</Descriptions.Item>
              <Descriptions.Item label={t('mon.stats.toArrive')}>{durationText(t, rt.toArriveSec)}</Descriptions.Item>
              <Descriptions.Item label={t('mon.stats.toClose')}>{durationText(t, rt.toCloseSec)}</Descriptions.Item>
            </Descriptions>
          </Card>

          <Card size="small" title={t('mon.detail.readings')} style={{ marginBottom: 16 }}>
            {device.data ? (
              <Descriptions size="small" column={phone ? 1 : 4} style={{ marginBottom: 8 }} data-testid="alarm-device-state">
                <Descriptions.Item label={t('mon.device.ch4')}>{device.data.state.ch4 ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('mon.device.co')}>{device.data.state.co ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('mon.device.valve')}>{device.data.state.valve ? t(device.data.state.valve === 'open' ? 'mon.device.valveOpen' : 'mon.device.valveClosed') : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('mon.device.lastSeen')}>{device.data.state.lastSeenAt ? formatTime(device.data.state.lastSeenAt) : '—'}</Descriptions.Item>
              </Descriptions>
            ) : null}
            <TelemetryChart deviceId={alarm.device.id} from={from} to={to} height={phone ? 220 : 260} version={version} />
          </Card>

          {photos.length ? (
            <Card size="small" title={t('mon.handle.photos')} style={{ marginBottom: 16 }}>
              <Image.PreviewGroup>
                <Flex gap={8} wrap data-testid="alarm-photos">
                  {photos.map((p) => (
                    <Image key={p} src={`/api/v1/files/${p}`} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} alt="" />
                  ))}
                </Flex>
              </Image.PreviewGroup>
            </Card>
          ) : null}
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('mon.detail.timeline')}>
            {alarm.events.length ? timeline : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
