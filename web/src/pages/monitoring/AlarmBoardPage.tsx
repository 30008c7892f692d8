import {
  AlertOutlined,
  CompressOutlined,
  ExpandOutlined,
  MutedOutlined,
  ReloadOutlined,
  SoundOutlined,
} from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Col, ConfigProvider, Empty, Flex, Row, Segmented, Space, Spin, Statistic, Tag, Tooltip, Typography, theme } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useIsPhone, useShowError } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import type { Page } from '../../types.js';
import { agoText, readingText } from './format.js';
import { ALARM_STATE_LABELS, CONDITION_LABELS, DEVICE_TYPE_LABELS, SEVERITY_COLORS, SEVERITY_LABELS, SEVERITY_ORDER, SEVERITY_TAG, STATE_TAG } from './labels.js';
import './monitoring.css';
import { ResponseTimePanel } from './ResponseTimePanel.js';
import { supersedes, useAlarmStream, type StreamState } from './stream.js';
import type { Alarm, AlarmState, Condition, DeviceType, Severity } from './types.js';

const OPEN_STATES: AlarmState[] = ['raised', 'notified', 'acknowledged', 'dispatched', 'on_site', 'handled'];
const SOUND_KEY = 'gg_alarm_sound';
/** How long a new alarm stays highlighted (ms). */
const FRESH_MS = 60_000;
const LIST_LIMIT = 200;

/** Two short tones (Web Audio; no file to load). Browsers allow it once the user has clicked the page. */
function beep(critical: boolean) {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const tones = critical ? [880, 660, 880] : [660];
    tones.forEach((f, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = f;
      osc.type = 'square';
      gain.gain.value = 0.06;
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + i * 0.22);
      osc.stop(ctx.currentTime + i * 0.22 + 0.16);
    });
    setTimeout(() => void ctx.close(), 1200);
  } catch {
    // No sound: the visual cue remains.
  }
}

function sortAlarms(list: Alarm[]): Alarm[] {
  return [...list].sort((a, b) => (SEVERITY_ORDER[b.severity] ?? 0) - (SEVERITY_ORDER[a.severity] ?? 0) || Date.parse(b.raisedAt) - Date.parse(a.raisedAt));
}

export function StreamBadge({ state }: { state: StreamState }) {
  const { t } = useI18n();
  const status = state === 'live' ? 'processing' : state === 'connecting' ? 'default' : 'warning';
  const color = state === 'live' ? '#52c41a' : undefined;
  return (
    <span data-testid="alarm-stream-status" data-state={state}>
      <Badge status={status} color={color} text={t(state === 'live' ? 'mon.stream.live' : state === 'connecting' ? 'mon.stream.connecting' : 'mon.stream.reconnecting')} />
    </span>
  );
}

/** One open alarm on the board: what, where, how bad, how far along; click for the detail. */
function AlarmCard({ a, fresh, now, onOpen, onAck, acking, big }: { a: Alarm; fresh: boolean; now: number; onOpen(): void; onAck?: () => void; acking: boolean; big: boolean }) {
  const { t, label, formatTime } = useI18n();
  const sev = a.severity as Severity;
  const reading = readingText(a.condition, a.value, t);
  return (
    <div
      className={`mon-alarm${fresh ? ' mon-alarm-fresh' : ''}${big ? ' mon-alarm-big' : ''}`}
      style={{ borderLeftColor: SEVERITY_COLORS[sev] ?? '#d9d9d9' }}
      role="button"
      tabIndex={0}
      onClick={onOpen}
      onKeyDown={(e) => (e.key === 'Enter' ? onOpen() : undefined)}
      data-testid={`alarm-card-${a.code}`}
      data-device={a.device.code}
      data-state={a.state}
    >
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <Space size={[6, 4]} wrap style={{ minWidth: 0 }}>
          <Tag color={SEVERITY_TAG[sev]} style={{ marginInlineEnd: 0 }}>
            {label(SEVERITY_LABELS[sev], a.severity)}
          </Tag>
          {fresh ? (
            <Tag color="red" className="mon-new-tag" style={{ marginInlineEnd: 0 }}>
              {t('mon.board.new')}
            </Tag>
          ) : null}
          <Typography.Text strong className="mon-alarm-title">
            {label(CONDITION_LABELS[a.condition as Condition], a.condition)}
            {reading ? ` ${reading}` : ''}
          </Typography.Text>
          {(a.condition === 'ch4' || a.condition === 'co') && a.peakValue !== null && a.peakValue !== a.value ? (
            <Typography.Text type="secondary">{t('mon.alarm.peakShort', { value: readingText(a.condition, a.peakValue, t) })}</Typography.Text>
          ) : null}
          {a.count > 1 ? <Typography.Text type="secondary">×{a.count}</Typography.Text> : null}
        </Space>
        <Tag color={STATE_TAG[a.state as AlarmState]} style={{ marginInlineEnd: 0 }} data-testid="alarm-card-state">
          {label(ALARM_STATE_LABELS[a.state as AlarmState], a.state)}
        </Tag>
      </Flex>
      <div className="mon-alarm-subject">
        <Typography.Text strong>{a.subject.name}</Typography.Text>
        <Typography.Text type="secondary"> · {a.regionName}</Typography.Text>
      </div>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary" className="mon-alarm-meta">
          {a.device.code}
          {a.device.location ? ` · ${a.device.location}` : ''} · {label(DEVICE_TYPE_LABELS[a.device.type as DeviceType], a.device.type)}
        </Typography.Text>
        <Space size={8} wrap>
          {a.responderName ? <Typography.Text type="secondary">{t('mon.alarm.responderShort', { name: a.responderName })}</Typography.Text> : null}
          <Tooltip title={formatTime(a.raisedAt)}>
            <Typography.Text type="secondary">{agoText(t, a.raisedAt, now)}</Typography.Text>
          </Tooltip>
          {onAck ? (
            <Button
              size="small"
              type="primary"
              danger={sev === 'critical'}
              loading={acking}
              onClick={(e) => {
                e.stopPropagation();
                onAck();
              }}
              data-testid={`alarm-card-ack-${a.code}`}
            >
              {t('mon.action.acknowledge')}
            </Button>
          ) : null}
        </Space>
      </Flex>
    </div>
  );
}

/**
 * 实时报警: the open alarms in the selected region, kept current by the live stream without a
 * reload. New alarms are highlighted (and, when switched on, beep); the list is sorted by severity
 * then time; counts by severity and state filter it; response times per community or gas company
 * on the side. A big-screen mode fills the screen in dark colours.
 */
export function AlarmBoardPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const { region, isHome } = useRegion();
  const navigate = useNavigate();
  const phone = useIsPhone();

  const [alarms, setAlarms] = useState<Map<string, Alarm>>(new Map());
  const alarmsRef = useRef(alarms);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [fresh, setFresh] = useState<Map<string, number>>(new Map());
  const [latestNew, setLatestNew] = useState<Alarm | null>(null);
  const [severity, setSeverity] = useState<Severity | 'all'>('all');
  const [stateFilter, setStateFilter] = useState<AlarmState | 'pending' | null>(null);
  const [sound, setSound] = useState(() => localStorage.getItem(SOUND_KEY) === '1');
  const [big, setBig] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [statsVersion, setStatsVersion] = useState(0);
  const [acking, setAcking] = useState<string | null>(null);
  const boardRef = useRef<HTMLDivElement | null>(null);
  /** Alarms that arrive while the list loads, applied on top of it. */
  const duringLoad = useRef<Map<string, Alarm> | null>(null);
  /** Region of an alarm → inside the selected region? (the stream sends the whole scope) */
  const membership = useRef(new Map<string, boolean>());
  const seq = useRef(0);
  const soundRef = useRef(sound);
  soundRef.current = sound;
  const statsTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const commit = useCallback((next: Map<string, Alarm>) => {
    alarmsRef.current = next;
    setAlarms(next);
  }, []);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    duringLoad.current = new Map();
    setLoading(true);
    try {
      const res = await api.get<Page<Alarm>>('/api/v1/alarms', { state: 'open', regionId: region.id, pageSize: LIST_LIMIT });
      if (mine !== seq.current) return;
      const next = new Map(res.items.map((a) => [a.id, a]));
      for (const a of res.items) membership.current.set(a.regionId, true);
      let delta = 0;
      for (const a of duringLoad.current?.values() ?? []) {
        const known = next.get(a.id);
        if (!supersedes(a, known)) continue;
        if (a.closedAt) {
          if (known) delta--;
          next.delete(a.id);
        } else if (known || membership.current.get(a.regionId) || isHome) {
          if (!known) delta++;
          next.set(a.id, a);
        }
      }
      duringLoad.current = null;
      commit(next);
      setTotal(res.total + delta);
    } catch (e) {
      if (mine === seq.current) showError(e);
    } finally {
      if (mine === seq.current) {
        duringLoad.current = null;
        setLoading(false);
      }
    }
  }, [region.id, isHome, commit, showError]);

  useEffect(() => {
    membership.current = new Map();
  }, [region.id]);

  const refreshStatsSoon = useCallback(() => {
    clearTimeout(statsTimer.current);
    statsTimer.current = setTimeout(() => setStatsVersion((v) => v + 1), 3000);
  }, []);
  useEffect(() => () => clearTimeout(statsTimer.current), []);

  const apply = useCallback(
    (a: Alarm) => {
      const current = alarmsRef.current;
      const known = current.get(a.id);
      if (!supersedes(a, known)) return;
      const next = new Map(current);
      if (a.closedAt) {
        if (!known) return;
        next.delete(a.id);
        setTotal((n) => Math.max(0, n - 1));
      } else {
        next.set(a.id, a);
        if (!known) {
          setTotal((n) => n + 1);
          setFresh((f) => new Map(f).set(a.id, Date.now()));
          setLatestNew(a);
          if (soundRef.current) beep(a.severity === 'critical');
        }
      }
      commit(next);
      refreshStatsSoon();
    },
    [commit, refreshStatsSoon],
  );

  const onAlarm = useCallback(
    (a: Alarm) => {
      if (duringLoad.current) {
        const pending = duringLoad.current.get(a.id);
        if (supersedes(a, pending)) duringLoad.current.set(a.id, a);
      }
      const inside = isHome ? true : membership.current.get(a.regionId);
      if (inside === true) return apply(a);
      if (inside === false) return;
      // An alarm from a region not seen yet: ask the list whether it lies in the selected region.
      api.get<Page<Alarm>>('/api/v1/alarms', { regionId: region.id, deviceId: a.device.id, pageSize: 1 }).then(
        (res) => {
          membership.current.set(a.regionId, res.total > 0);
          if (res.total > 0) apply(a);
        },
        () => undefined,
      );
    },
    [apply, isHome, region.id],
  );

  const streamState = useAlarmStream({ onAlarm, onSync: () => void load() });

  // Load at once (and again for another region); the stream's `ready` loads again, so nothing
  // between this answer and the subscription is missed — and the list shows even without a stream.
  useEffect(() => {
    void load();
  }, [load]);

  // Relative times and the end of highlights.
  useEffect(() => {
    const timer = setInterval(() => {
      const n = Date.now();
      setNow(n);
      setFresh((f) => {
        const expired = [...f.entries()].filter(([, at]) => n - at > FRESH_MS);
        if (!expired.length) return f;
        const next = new Map(f);
        for (const [id] of expired) next.delete(id);
        return next;
      });
    }, 5000);
    return () => clearInterval(timer);
  }, []);

  // The tab's title counts unseen new alarms.
  useEffect(() => {
    const base = document.title.replace(/^\(\d+\) /, '');
    document.title = fresh.size ? `(${fresh.size}) ${base}` : base;
    return () => {
      document.title = document.title.replace(/^\(\d+\) /, '');
    };
  }, [fresh.size]);

  // Big screen: fullscreen where the browser allows it; Esc leaves it.
  useEffect(() => {
    const onChange = () => {
      if (!document.fullscreenElement) setBig(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggleBig = () => {
    if (big) {
      setBig(false);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    } else {
      setBig(true);
      void boardRef.current?.requestFullscreen?.().catch(() => undefined);
    }
  };

  const toggleSound = () => {
    const on = !sound;
    setSound(on);
    localStorage.setItem(SOUND_KEY, on ? '1' : '0');
    if (on) beep(false);
  };

  const acknowledge = async (a: Alarm) => {
    setAcking(a.id);
    try {
      const res = await api.post<Alarm>(`/api/v1/alarms/${a.id}/actions/acknowledge`, {});
      apply(res);
      void message.success(t('mon.action.done.acknowledge'));
    } catch (e) {
      showError(e);
    } finally {
      setAcking(null);
    }
  };

  const open = (a: Alarm) => {
    setFresh((f) => {
      if (!f.has(a.id)) return f;
      const next = new Map(f);
      next.delete(a.id);
      return next;
    });
    navigate(`/alarms/${a.id}`);
  };

  const all = useMemo(() => sortAlarms([...alarms.values()]), [alarms]);
  const bySeverity = useMemo(() => {
    const c: Record<string, number> = { critical: 0, major: 0, minor: 0 };
    for (const a of all) c[a.severity] = (c[a.severity] ?? 0) + 1;
    return c;
  }, [all]);
  const byState = useMemo(() => {
    const c: Record<string, number> = {};
    for (const a of all) c[a.state] = (c[a.state] ?? 0) + 1;
    return c;
  }, [all]);
  const shown = all.filter(
    (a) =>
      (severity === 'all' || a.severity === severity) &&
      (stateFilter === null || (stateFilter === 'pending' ? a.state === 'raised' || a.state === 'notified' : a.state === stateFilter)),
  );

  const severityCard = (s: Severity | 'all', value: number, title: string, color?: string) => (
    <Col xs={6} key={s}>
      <Card
        size="small"
        hoverable
        onClick={() => setSeverity(s)}
        className={severity === s ? 'mon-count mon-count-active' : 'mon-count'}
        styles={phone ? { body: { padding: '8px 10px' } } : {}}
        style={color ? { borderTop: `3px solid ${color}` } : undefined}
        data-testid={`alarm-count-${s}`}
      >
        <Statistic
          title={title}
          value={value}
          styles={{ title: phone ? { fontSize: 12, whiteSpace: 'nowrap' } : {}, content: { color: value && color ? color : undefined, fontSize: big ? 40 : phone ? 20 : 28 } }}
        />
      </Card>
    </Col>
  );

  const pending = (byState.raised ?? 0) + (byState.notified ?? 0);
  const stateChips: { key: AlarmState | 'pending'; n: number; title: string }[] = [
    { key: 'pending', n: pending, title: t('mon.board.pending') },
    ...OPEN_STATES.filter((s) => s !== 'raised' && s !== 'notified').map((s) => ({ key: s, n: byState[s] ?? 0, title: label(ALARM_STATE_LABELS[s]) })),
  ];

  const board = (
    <div ref={boardRef} className={big ? 'mon-board mon-board-big' : 'mon-board'} data-testid="alarm-board">
      <PageHeader
        title={
          <Space size={8}>
            <AlertOutlined style={{ color: '#cf1322' }} />
            {t('mon.board.title')}
          </Space>
        }
        subtitle={
          <Space size={12} wrap>
            <span>{t('mon.board.subtitle', { region: region.name })}</span>
            <StreamBadge state={streamState} />
            {big ? <BigClock /> : null}
          </Space>
        }
        extra={
          <>
            <Tooltip title={t(sound ? 'mon.board.soundOff' : 'mon.board.soundOn')}>
              <Button icon={sound ? <SoundOutlined /> : <MutedOutlined />} onClick={toggleSound} data-testid="alarm-sound" aria-pressed={sound}>
                {phone ? null : t(sound ? 'mon.board.soundIsOn' : 'mon.board.soundIsOff')}
              </Button>
            </Tooltip>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading} aria-label={t('mon.board.reload')}>
              {phone ? null : t('mon.board.reload')}
            </Button>
            {phone ? null : (
              <Button icon={big ? <CompressOutlined /> : <ExpandOutlined />} onClick={toggleBig} data-testid="alarm-bigscreen">
                {t(big ? 'mon.board.exitBig' : 'mon.board.big')}
              </Button>
            )}
          </>
        }
      />

      {latestNew && fresh.has(latestNew.id) ? (
        <Alert
          type="error"
          showIcon
          icon={<AlertOutlined />}
          className="mon-new-banner"
          style={{ marginBottom: 12 }}
          data-testid="alarm-new-banner"
          title={t('mon.board.newBanner', {
            code: latestNew.code,
            subject: latestNew.subject.name,
            condition: label(CONDITION_LABELS[latestNew.condition as Condition], latestNew.condition),
            reading: readingText(latestNew.condition, latestNew.value, t),
          })}
          action={
            <Button size="small" danger onClick={() => open(latestNew)}>
              {t('mon.board.view')}
            </Button>
          }
        />
      ) : null}

      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {severityCard('all', total, t('mon.board.openTotal'))}
        {severityCard('critical', bySeverity.critical ?? 0, label(SEVERITY_LABELS.critical), SEVERITY_COLORS.critical)}
        {severityCard('major', bySeverity.major ?? 0, label(SEVERITY_LABELS.major), SEVERITY_COLORS.major)}
        {severityCard('minor', bySeverity.minor ?? 0, label(SEVERITY_LABELS.minor), SEVERITY_COLORS.minor)}
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={big ? 16 : 15}>
          <Card
            size="small"
            title={
              <Flex justify="space-between" align="center" wrap gap={8}>
                <span>{t('mon.board.openList')}</span>
                <Segmented
                  size="small"
                  value={stateFilter ?? 'all'}
                  onChange={(v) => setStateFilter(v === 'all' ? null : (v as AlarmState | 'pending'))}
                  options={[{ value: 'all', label: t('common.all') }, ...stateChips.map((c) => ({ value: c.key, label: `${c.title} ${c.n}` }))]}
                  data-testid="alarm-state-filter"
                  style={{ maxWidth: '100%', overflowX: 'auto' }}
                />
              </Flex>
            }
            styles={{ body: { padding: phone ? 8 : 12 } }}
          >
            <div data-testid="alarm-board-list">
              {loading && all.length === 0 ? (
                <Spin style={{ display: 'block', margin: '40px auto' }} />
              ) : shown.length === 0 ? (
                <Empty description={all.length ? t('mon.board.noneFiltered') : t('mon.board.none')} data-testid="alarm-board-empty" />
              ) : (
                <Flex vertical gap={8}>
                  {shown.map((a) => (
                    <AlarmCard
                      key={a.id}
                      a={a}
                      big={big}
                      fresh={fresh.has(a.id)}
                      now={now}
                      onOpen={() => open(a)}
                      acking={acking === a.id}
                      {...(a.availableActions.includes('acknowledge') ? { onAck: () => void acknowledge(a) } : {})}
                    />
                  ))}
                </Flex>
              )}
              {total > all.length ? (
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {t('mon.board.more', { shown: all.length, total })}
                </Typography.Paragraph>
              ) : null}
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={big ? 8 : 9}>
          <ResponseTimePanel regionId={region.id} version={statsVersion} big={big} />
        </Col>
      </Row>
    </div>
  );

  return big ? <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>{board}</ConfigProvider> : board;
}

function BigClock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    <Typography.Text strong style={{ fontSize: 20, fontVariantNumeric: 'tabular-nums' }}>
      {`${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`}
    </Typography.Text>
  );
}
