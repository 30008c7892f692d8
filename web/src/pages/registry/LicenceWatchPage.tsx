import { Alert, Card, Col, Input, Row, Segmented, Spin, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useIsPhone, useLoad } from '../../hooks.js';
import type { MsgKey } from '../../i18n/index.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import { loadRegistryMeta, type LicenceWatch, type RegistryMeta, type WatchItem } from './meta.js';

type State = WatchItem['state'];
const STATES: readonly State[] = ['expired', 'due', 'missing'];
export const WATCH_STATE: Record<State, { key: MsgKey; color: string }> = {
  expired: { key: 'licenceWatch.state.expired', color: 'red' },
  due: { key: 'licenceWatch.state.due', color: 'orange' },
  missing: { key: 'licenceWatch.state.missing', color: 'magenta' },
};
/** The licence-watch query stops at this many rows per part (licence-watch.ts). */
const SERVER_LIMIT = 2000;

function useOptionLabel(meta: RegistryMeta | undefined) {
  const { label } = useI18n();
  return (kind: 'enterprise' | 'licence', value: string) => {
    const f = meta?.kinds.find((k) => k.kind === kind)?.fields.find((x) => x.key === 'kind');
    return label(f?.optionLabels?.[value], value);
  };
}

/** The warnings as a table: state, enterprise (a link to it), licence kind and number, validity. */
export function LicenceWatchTable({ meta, items, compact = false, loading = false }: { meta: RegistryMeta | undefined; items: WatchItem[]; compact?: boolean; loading?: boolean }) {
  const { t } = useI18n();
  const optionLabel = useOptionLabel(meta);
  const today = dayjs().startOf('day');
  const columns: TableColumnsType<WatchItem> = [
    {
      title: t('common.status'),
      dataIndex: 'state',
      key: 'state',
      render: (s: State) => (
        <Tag color={WATCH_STATE[s].color} data-testid={`watch-state-${s}`}>
          {t(WATCH_STATE[s].key)}
        </Tag>
      ),
    },
    ...(compact
      ? []
      : [
          {
            title: t('licenceWatch.enterprise'),
            key: 'enterprise',
            render: (_: unknown, i: WatchItem) => <Link to={`/registry/enterprise/${i.enterpriseId}`}>{i.enterpriseName}</Link>,
          },
          { title: t('licenceWatch.enterpriseKind'), key: 'enterpriseKind', render: (_: unknown, i: WatchItem) => optionLabel('enterprise', i.enterpriseKind) },
          { title: t('registry.region'), dataIndex: 'regionName', key: 'regionName' },
        ]),
    { title: t('licenceWatch.licenceKind'), key: 'licenceKind', render: (_, i) => optionLabel('licence', i.licenceKind) },
    {
      title: t('licenceWatch.number'),
      key: 'number',
      render: (_, i) => (i.licenceId ? <Link to={`/registry/licence/${i.licenceId}`}>{i.number}</Link> : <Typography.Text type="secondary">{t('licenceWatch.none')}</Typography.Text>),
    },
    {
      title: t('licenceWatch.validUntil'),
      key: 'validUntil',
      render: (_, i) => {
        if (!i.validUntil) return <Typography.Text type="secondary">—</Typography.Text>;
        const days = dayjs(i.validUntil).diff(today, 'day');
        return (
          <span>
            {i.validUntil}{' '}
            <Typography.Text type={days < 0 ? 'danger' : 'warning'} style={{ fontSize: 12 }}>
              {days < 0 ? t('licenceWatch.daysOver', { days: -days }) : t('licenceWatch.daysLeft', { days })}
            </Typography.Text>
          </span>
        );
      },
    },
  ];
  return (
    <Table<WatchItem>
      rowKey={(i) => `${i.state}:${i.enterpriseId}:${i.licenceKind}:${i.licenceId ?? ''}`}
      size="small"
      loading={loading}
      columns={columns}
      dataSource={items}
      scroll={{ x: 'max-content' }}
      pagination={items.length > (compact ? 10 : 20) ? { pageSize: compact ? 10 : 20, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) } : false}
      data-testid={compact ? 'watch-table-compact' : 'watch-table'}
    />
  );
}

interface RegionRow {
  regionName: string;
  expired: number;
  due: number;
  missing: number;
  total: number;
}

/**
 * 证照预警 (R2.2): licences expired, due for renewal within 90 days, or missing (required by the
 * enterprise's kind and not held valid), in the selected region's subtree; counted per region,
 * listed with links to the enterprises.
 */
export function LicenceWatchPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { region } = useRegion();
  const meta = useLoad(loadRegistryMeta, []);
  const watch = useLoad(() => api.get<LicenceWatch>('/api/v1/registry/licence-watch', { regionId: region.id }), [region.id]);
  const [state, setState] = useState<State | 'all'>('all');
  const [regionName, setRegionName] = useState<string | null>(null);
  const [q, setQ] = useState('');

  const items = useMemo(() => watch.data?.items ?? [], [watch.data]);
  const byRegion = useMemo(() => {
    const m = new Map<string, RegionRow>();
    for (const i of items) {
      const row = m.get(i.regionName) ?? { regionName: i.regionName, expired: 0, due: 0, missing: 0, total: 0 };
      row[i.state]++;
      row.total++;
      m.set(i.regionName, row);
    }
    return [...m.values()].sort((a, b) => b.total - a.total || a.regionName.localeCompare(b.regionName, 'zh-CN'));
  }, [items]);
  const shown = items.filter((i) => (state === 'all' || i.state === state) && (!regionName || i.regionName === regionName) && (!q.trim() || i.enterpriseName.includes(q.trim())));
  const counts = watch.data?.counts ?? { expired: 0, due: 0, missing: 0 };
  const limited = counts.missing >= SERVER_LIMIT || counts.expired + counts.due >= SERVER_LIMIT;

  const count = (n: number, s: State) => (
    <span style={{ color: n ? undefined : '#999' }} data-testid={`watch-region-${s}`}>
      {n}
    </span>
  );

  return (
    <div data-testid="licence-watch-page">
      <PageHeader title={t('licenceWatch.title')} subtitle={t('licenceWatch.scope', { region: region.name })} />
      {watch.loading && !watch.data ? <Spin style={{ display: 'block', margin: '10vh auto' }} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {STATES.map((s) => (
          <Col key={s} xs={8}>
            <Card size="small" hoverable onClick={() => setState(state === s ? 'all' : s)} style={state === s ? { borderColor: '#1f5fbf' } : undefined} data-testid={`watch-count-${s}`}>
              <Statistic title={t(WATCH_STATE[s].key)} value={counts[s]} styles={{ content: { color: counts[s] ? (s === 'due' ? '#d48806' : '#cf1322') : undefined, fontSize: phone ? 20 : 24 } }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Paragraph type="secondary">{t('licenceWatch.dueNote')}</Typography.Paragraph>
      {limited ? <Alert type="warning" showIcon title={t('licenceWatch.limit', { max: SERVER_LIMIT })} style={{ marginBottom: 12 }} /> : null}
      {byRegion.length > 1 ? (
        <Card size="small" title={t('licenceWatch.byRegion')} style={{ marginBottom: 16 }}>
          <Table<RegionRow>
            rowKey="regionName"
            size="small"
            dataSource={byRegion}
            pagination={byRegion.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            scroll={{ x: 'max-content' }}
            data-testid="watch-by-region"
            columns={[
              {
                title: t('registry.region'),
                dataIndex: 'regionName',
                render: (n: string) => (
                  <Typography.Link strong={regionName === n} onClick={() => setRegionName(regionName === n ? null : n)}>
                    {n}
                  </Typography.Link>
                ),
              },
              { title: t('licenceWatch.state.expired'), dataIndex: 'expired', render: (n: number) => count(n, 'expired') },
              { title: t('licenceWatch.state.due'), dataIndex: 'due', render: (n: number) => count(n, 'due') },
              { title: t('licenceWatch.state.missing'), dataIndex: 'missing', render: (n: number) => count(n, 'missing') },
              { title: t('licenceWatch.total'), dataIndex: 'total' },
            ]}
          />
        </Card>
      ) : null}
      <Card
        size="small"
        title={
          <Segmented<State | 'all'>
            value={state}
            onChange={setState}
            size={phone ? 'small' : 'middle'}
            data-testid="watch-state"
            options={[
              { value: 'all', label: t('common.all') },
              ...STATES.map((s) => ({ value: s, label: `${t(WATCH_STATE[s].key)} ${counts[s]}` })),
            ]}
          />
        }
        extra={phone ? null : <Input.Search allowClear placeholder={t('licenceWatch.search')} onSearch={setQ} style={{ width: 220 }} />}
      >
        {regionName ? (
          <Tag closable onClose={() => setRegionName(null)} style={{ marginBottom: 8 }}>
            {regionName}
          </Tag>
        ) : null}
        <LicenceWatchTable meta={meta.data} items={shown} loading={watch.loading} />
      </Card>
    </div>
  );
}
