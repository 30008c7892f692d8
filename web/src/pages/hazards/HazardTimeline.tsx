import { Flex, Space, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/index.js';
import { PhotoStrip } from './common.js';
import { ENFORCEMENT_LABELS, EVENT_LABELS, LOOKBACK_STATUS_LABELS, SOURCE_LABELS, STATE_LABELS } from './labels.js';
import type { HazardEvent } from './types.js';

const COLORS: Record<string, string> = {
  create: 'blue',
  create_fixed_on_spot: 'green',
  assign: 'blue',
  start: 'blue',
  request_review: 'purple',
  reject: 'red',
  close: 'green',
  void: 'gray',
  escalate: 'red',
  notice_issued: 'orange',
  enforcement: 'orange',
  lookback: 'cyan',
};

type Data = Record<string, unknown> | null;
const str = (d: Data, k: string) => (d && typeof d[k] === 'string' ? (d[k] as string) : null);

/** 办理过程: every event of the hazard, oldest first — who, when, what, the comment and photos (R4.3). */
export function HazardTimeline({ events }: { events: readonly HazardEvent[] }) {
  const { t, label, formatTime, locale } = useI18n();
  const stateName = (s: string | null) => (s ? label(STATE_LABELS[s as keyof typeof STATE_LABELS], s) : '');

  const details = (e: HazardEvent) => {
    const d = (e.data ?? null) as Data;
    const rows: [string, string][] = [];
    switch (e.action) {
      case 'create':
      case 'create_fixed_on_spot': {
        const source = str(d, 'source');
        if (source) rows.push([t('hz.source'), label(SOURCE_LABELS[source], source)]);
        break;
      }
      case 'assign':
        if (str(d, 'deadline')) rows.push([t('hz.deadline'), str(d, 'deadline')!]);
        if (str(d, 'responsiblePerson')) rows.push([t('hz.responsiblePerson'), str(d, 'responsiblePerson')!]);
        if (str(d, 'controlMeasures')) rows.push([t('hz.controlMeasures'), str(d, 'controlMeasures')!]);
        if (str(d, 'watcher')) rows.push([t('hz.watcher'), str(d, 'watcher')!]);
        break;
      case 'enforcement': {
        const kind = str(d, 'kind');
        if (kind) rows.push([t('hz.enforcementKind'), label(ENFORCEMENT_LABELS[kind as keyof typeof ENFORCEMENT_LABELS], kind)]);
        if (str(d, 'documentNo')) rows.push([t('hz.documentNo'), str(d, 'documentNo')!]);
        break;
      }
      case 'lookback': {
        const result = str(d, 'result');
        if (result) rows.push([t('lb.result'), label(LOOKBACK_STATUS_LABELS[result as keyof typeof LOOKBACK_STATUS_LABELS], result)]);
        break;
      }
      default:
        break;
    }
    return rows;
  };

  // The enforcement event's comment is its kind in Chinese, shown above in the user's language.
  const comment = (e: HazardEvent) => (e.action === 'enforcement' || e.action === 'notice_issued' ? null : e.comment);

  return (
    <Timeline
      data-testid="hazard-timeline"
      items={events.map((e) => {
        const d = (e.data ?? null) as Data;
        const reboundId = str(d, 'reboundHazardId') ?? str(d, 'reboundOf');
        return {
          key: e.id,
          color: COLORS[e.action] ?? 'blue',
          content: (
            <Flex vertical gap={2} data-testid="hazard-event" data-action={e.action}>
              <Space size={6} wrap>
                <Typography.Text strong>{label(EVENT_LABELS[e.action], e.action)}</Typography.Text>
                {e.fromState && e.toState && e.fromState !== e.toState ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {stateName(e.fromState)} → {stateName(e.toState)}
                  </Typography.Text>
                ) : null}
                {e.action === 'notice_issued' && e.comment ? <Tag color="orange">{e.comment}</Tag> : null}
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <span data-testid="hazard-event-actor">{e.actorLabel}</span> · {formatTime(e.at)}
              </Typography.Text>
              {comment(e) ? <Typography.Paragraph style={{ margin: '2px 0', whiteSpace: 'pre-wrap' }}>{comment(e)}</Typography.Paragraph> : null}
              {details(e).map(([k, v]) => (
                <Typography.Text key={k} style={{ fontSize: 13 }}>
                  <Typography.Text type="secondary">{k}{locale === 'en' ? ': ' : '：'}</Typography.Text>
                  {v}
                </Typography.Text>
              ))}
              {reboundId && e.action !== 'create' ? <Link to={`/hazards/${reboundId}`}>{t('hz.viewRebound')}</Link> : null}
              {e.photos.length ? (
                <div style={{ marginTop: 4 }}>
                  <PhotoStrip ids={e.photos} size={64} testId="hazard-event-photos" />
                </div>
              ) : null}
            </Flex>
          ),
        };
      })}
    />
  );
}
