import { Empty, Flex, Spin } from 'antd';
import { useMemo } from 'react';
import { api } from '../../api.js';
import { useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { EChart, type ChartOption } from './EChart.js';
import type { TelemetryPage } from './types.js';

export interface Thresholds {
  ch4?: { major: number; critical: number } | null;
  co?: { major: number; critical: number } | null;
}

/**
 * A device's readings over time (GET /api/v1/devices/:id/telemetry): combustible gas in %LEL on the
 * left axis, CO in ppm on the right, battery hidden until chosen in the legend; the alarm points as
 * dashed lines when given. Zoom with the wheel or, on a desktop, the slider.
 */
export function TelemetryChart({ deviceId, from, to, thresholds, height = 300, version = 0 }: { deviceId: string; from: string; to?: string | undefined; thresholds?: Thresholds | undefined; height?: number; version?: number }) {
  const { t, locale } = useI18n();
  const phone = useIsPhone();
  const data = useLoad(() => api.get<TelemetryPage>(`/api/v1/devices/${deviceId}/telemetry`, { from, to, limit: 5000 }), [deviceId, from, to, version]);

  const option = useMemo<ChartOption | null>(() => {
    const items = [...(data.data?.items ?? [])].reverse();
    if (items.length === 0) return null;
    const hasCh4 = items.some((x) => x.ch4 !== null);
    const hasCo = items.some((x) => x.co !== null);
    const hasBattery = items.some((x) => x.battery !== null);
    const point = (v: number | null, ts: string) => [Date.parse(ts), v] as [number, number | null];
    const marks = (l: { major: number; critical: number } | null | undefined) =>
      l
        ? {
            symbol: 'none',
            silent: true,
            label: { formatter: '{b}', position: 'insideEndTop' },
            data: [
              { yAxis: l.major, name: t('mon.chart.major', { value: l.major }), lineStyle: { color: '#fa8c16', type: 'dashed' } },
              { yAxis: l.critical, name: t('mon.chart.critical', { value: l.critical }), lineStyle: { color: '#cf1322', type: 'dashed' } },
            ],
          }
        : undefined;
    const series: Record<string, unknown>[] = [];
    if (hasCh4)
      series.push({ type: 'line', name: t('mon.chart.ch4'), yAxisIndex: 0, showSymbol: items.length < 60, connectNulls: true, data: items.map((x) => point(x.ch4, x.ts)), color: '#cf1322', markLine: marks(thresholds?.ch4) });
    if (hasCo)
      series.push({ type: 'line', name: t('mon.chart.co'), yAxisIndex: 1, showSymbol: items.length < 60, connectNulls: true, data: items.map((x) => point(x.co, x.ts)), color: '#722ed1', markLine: marks(thresholds?.co) });
    if (hasBattery) series.push({ type: 'line', name: t('mon.chart.battery'), yAxisIndex: 0, showSymbol: false, connectNulls: true, data: items.map((x) => point(x.battery, x.ts)), color: '#8c8c8c', lineStyle: { type: 'dotted' } });
    const fmt = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, selected: { [t('mon.chart.battery')]: false } },
      grid: { left: 8, right: 8, top: 36, bottom: phone ? 24 : 56, containLabel: true },
      xAxis: { type: 'time', axisLabel: { formatter: (v: number) => fmt.format(new Date(v)), hideOverlap: true } },
      yAxis: [
        { type: 'value', name: '%LEL', min: 0, splitLine: { lineStyle: { opacity: 0.4 } } },
        { type: 'value', name: 'ppm', min: 0, splitLine: { show: false } },
      ],
      dataZoom: phone ? [{ type: 'inside' }] : [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
      series,
    };
  }, [data.data, t, locale, phone, thresholds]);

  if (data.loading && !data.data)
    return (
      <Flex justify="center" align="center" style={{ height }}>
        <Spin />
      </Flex>
    );
  if (!option)
    return (
      <Flex justify="center" align="center" style={{ height: Math.min(height, 160) }}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mon.chart.empty')} />
      </Flex>
    );
  return <EChart option={option} height={height} testId="telemetry-chart" />;
}
