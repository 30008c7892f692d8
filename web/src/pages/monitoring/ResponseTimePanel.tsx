import { Card, Col, Empty, Flex, Row, Segmented, Select, Statistic, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api.js';
import { useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { EChart, type ChartOption } from './EChart.js';
import { durationText, minutes } from './format.js';
import type { AlarmStats } from './types.js';

const PERIODS = [7, 30, 90] as const;

/**
 * 响应时长 (R7.4): for the period, per community (child region) or per gas company, the mean
 * minutes from the alarm to acknowledgement, to arrival on site and to closing (GET
 * /api/v1/alarms/stats), with the totals; reloaded when the board sees a change (`version`).
 */
export function ResponseTimePanel({ regionId, version, big }: { regionId: string; version: number; big?: boolean }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const [groupBy, setGroupBy] = useState<'region' | 'enterprise'>('region');
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const stats = useLoad(
    () => api.get<AlarmStats>('/api/v1/alarms/stats', { regionId, groupBy, from: new Date(Date.now() - days * 86_400_000).toISOString() }),
    [regionId, groupBy, days, version],
  );
  const s = stats.data;

  const option = useMemo<ChartOption | null>(() => {
    if (!s || s.groups.length === 0) return null;
    const groups = s.groups.slice(0, 12);
    const names = groups.map((g) => g.name ?? t('mon.stats.unassigned'));
    const text = big ? '#e6e6e6' : '#595959';
    const series = [
      { key: 'toAcknowledge', name: t('mon.stats.toAck'), color: '#fa8c16' },
      { key: 'toArrive', name: t('mon.stats.toArrive'), color: '#1677ff' },
      { key: 'toClose', name: t('mon.stats.toClose'), color: '#52c41a' },
    ] as const;
    return {
      backgroundColor: 'transparent',
      color: series.map((x) => x.color),
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => (typeof v === 'number' ? t('mon.stats.minutes', { n: v }) : '—'),
      },
      legend: { top: 0, textStyle: { color: text } },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { color: text, formatter: (v: number) => t('mon.stats.minutes', { n: v }), hideOverlap: true }, splitLine: { lineStyle: { opacity: 0.3 } } },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { color: text, width: phone ? 70 : 110, overflow: 'truncate' } },
      series: series.map((x) => ({ type: 'bar', name: x.name, data: groups.map((g) => minutes(g[x.key].meanSec)), barMaxWidth: 14 })),
    };
  }, [s, t, big, phone]);

  const total = s?.total;
  const figure = (title: string, sec: number | null | undefined, p90: number | null | undefined, testId: string) => (
    <Col span={8}>
      <Tooltip title={t('mon.stats.p90', { value: durationText(t, p90) })}>
        <div data-testid={testId}>
          <Statistic title={title} value={durationText(t, sec)} styles={{ content: { fontSize: big ? 26 : 18 } }} />
        </div>
      </Tooltip>
    </Col>
  );

  return (
    <Card
      size="small"
      title={t('mon.stats.title')}
      loading={stats.loading && !s}
      extra={
        <Select
          size="small"
          value={days}
          onChange={setDays}
          options={PERIODS.map((d) => ({ value: d, label: t('mon.stats.lastDays', { n: d }) }))}
          style={{ width: 124 }}
          data-testid="alarm-stats-period"
        />
      }
      data-testid="alarm-stats"
    >
      <Segmented
        block
        size="small"
        value={groupBy}
        onChange={(v) => setGroupBy(v as 'region' | 'enterprise')}
        options={[
          { value: 'region', label: t('mon.stats.byRegion') },
          { value: 'enterprise', label: t('mon.stats.byEnterprise') },
        ]}
        style={{ marginBottom: 12 }}
        data-testid="alarm-stats-groupby"
      />
      {total ? (
        <>
          <Row gutter={8} style={{ marginBottom: 8 }}>
            <Col span={8}>
              <Statistic title={t('mon.stats.total')} value={total.total} styles={{ content: { fontSize: big ? 26 : 18 } }} />
            </Col>
            <Col span={8}>
              <Statistic title={t('mon.stats.realLeak')} value={total.byResult.real_leak} styles={{ content: { fontSize: big ? 26 : 18, color: total.byResult.real_leak ? '#cf1322' : undefined } }} />
            </Col>
            <Col span={8}>
              <Statistic title={t('mon.stats.falseAlarm')} value={total.byResult.false_alarm} styles={{ content: { fontSize: big ? 26 : 18 } }} />
            </Col>
          </Row>
          <Row gutter={8} style={{ marginBottom: 8 }}>
            {figure(t('mon.stats.meanAck'), total.toAcknowledge.meanSec, total.toAcknowledge.p90Sec, 'alarm-stats-ack')}
            {figure(t('mon.stats.meanArrive'), total.toArrive.meanSec, total.toArrive.p90Sec, 'alarm-stats-arrive')}
            {figure(t('mon.stats.meanClose'), total.toClose.meanSec, total.toClose.p90Sec, 'alarm-stats-close')}
          </Row>
        </>
      ) : null}
      {option ? (
        <EChart option={option} height={Math.max(200, Math.min(12, s?.groups.length ?? 0) * 44 + 60)} testId="alarm-stats-chart" />
      ) : (
        <Flex justify="center" style={{ padding: 16 }}>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mon.stats.empty')} />
        </Flex>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t('mon.stats.note')}
      </Typography.Paragraph>
    </Card>
  );
}
