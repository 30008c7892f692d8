import { DownloadOutlined, RightOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Card, Col, DatePicker, Flex, Progress, Row, Select, Statistic, Switch, Table, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { SubjectType } from '../../../../src/registry/subjects.js';
import { api } from '../../api.js';
import { PageHeader } from '../../components/PageHeader.js';
import { datedName, downloadCsv } from '../../csv.js';
import { useLoad, useShowError } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import { KINDS_OF, SUBJECT_TYPE_LABELS } from './labels.js';
import type { Coverage, UninspectedPage } from './types.js';

type Preset = 'month' | 'quarter' | 'year' | 'last30' | 'custom';

function rangeOf(p: Exclude<Preset, 'custom'>): [Dayjs, Dayjs] {
  const today = dayjs();
  if (p === 'month') return [today.startOf('month'), today];
  if (p === 'quarter') return [today.month(Math.floor(today.month() / 3) * 3).startOf('month'), today];
  if (p === 'last30') return [today.subtract(29, 'day'), today];
  return [today.startOf('year'), today];
}

const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

type Child = Coverage['children'][number];
type Missing = UninspectedPage['items'][number];

/** 覆盖率 (R3.9): share of subjects inspected per region, subject type and period, with drill-down and the list not yet inspected. */
export function CoveragePage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const { region } = useRegion();
  const [trail, setTrail] = useState<{ id: string; name: string }[]>([{ id: region.id, name: region.name }]);
  const [subjectType, setSubjectType] = useState<SubjectType>('venue');
  const [kind, setKind] = useState<string | undefined>(undefined);
  const [preset, setPreset] = useState<Preset>('year');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => rangeOf('year'));
  const [includeSelf, setIncludeSelf] = useState(false);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [exporting, setExporting] = useState(false);

  // The header's region starts a new drill-down.
  useEffect(() => setTrail([{ id: region.id, name: region.name }]), [region.id, region.name]);

  const current = trail[trail.length - 1]!;
  const query = {
    regionId: current.id,
    subjectType,
    kind,
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    includeSelf: includeSelf ? 'true' : undefined,
  };
  const key = JSON.stringify(query);
  const cov = useLoad(() => api.get<Coverage>('/api/v1/coverage', query), [key]);
  const missing = useLoad(() => api.get<UninspectedPage>('/api/v1/coverage/uninspected', { ...query, ...page }), [key, page]);
  useEffect(() => setPage((p) => (p.page === 1 ? p : { ...p, page: 1 })), [key]);

  const kinds = Object.entries(KINDS_OF[subjectType]);

  const drill = (c: Child) => {
    if (c.regionId === current.id) return;
    setTrail((tr) => [...tr, { id: c.regionId, name: c.regionName }]);
  };

  const exportMissing = async () => {
    setExporting(true);
    try {
      const all: Missing[] = [];
      for (let p = 1; p <= 50; p++) {
        const res = await api.get<UninspectedPage>('/api/v1/coverage/uninspected', { ...query, page: p, pageSize: 200 });
        all.push(...res.items);
        if (all.length >= res.total || res.items.length === 0) break;
      }
      downloadCsv(
        datedName(`${t('cov.missingTitle')}_${current.name}`),
        [
          { title: t('cov.subject'), value: (m: Missing) => m.name },
          { title: t('cov.region'), value: (m) => m.regionName },
          { title: t('insp.subjectType'), value: () => label(SUBJECT_TYPE_LABELS[subjectType]) },
          { title: t('cov.period'), value: () => `${query.from} ~ ${query.to}` },
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

  const columns: TableColumnsType<Child> = [
    {
      title: t('cov.region'),
      dataIndex: 'regionName',
      render: (name: string, c) =>
        c.regionId === current.id ? (
          <Typography.Text type="secondary">{t('cov.direct', { name })}</Typography.Text>
        ) : (
          <Typography.Link>
            {name} <RightOutlined style={{ fontSize: 10 }} />
          </Typography.Link>
        ),
    },
    { title: t('cov.total'), dataIndex: 'total', align: 'right' },
    { title: t('cov.inspected'), dataIndex: 'inspected', align: 'right' },
    {
      title: t('cov.rate'),
      dataIndex: 'rate',
      width: 120,
      render: (r: number | null) => (r === null ? '—' : <Progress percent={Math.round(r * 1000) / 10} size="small" status={r >= 1 ? 'success' : 'normal'} />),
    },
  ];

  const c = cov.data;
  return (
    <div data-testid="coverage-page">
      <PageHeader title={t('cov.title')} subtitle={t('cov.subtitle')} />
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={trail.map((r, i) => ({
          key: r.id,
          title:
            i < trail.length - 1 ? (
              <Typography.Link onClick={() => setTrail((tr) => tr.slice(0, i + 1))}>{r.name}</Typography.Link>
            ) : (
              <Typography.Text strong>{r.name}</Typography.Text>
            ),
        }))}
        data-testid="coverage-trail"
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]}>
          <Col xs={12} md={6}>
            <Typography.Text type="secondary">{t('insp.subjectType')}</Typography.Text>
            <Select<SubjectType>
              style={{ width: '100%' }}
              value={subjectType}
              onChange={(v) => {
                setSubjectType(v);
                setKind(undefined);
              }}
              options={Object.entries(SUBJECT_TYPE_LABELS).map(([value, l]) => ({ value: value as SubjectType, label: label(l) }))}
              data-testid="coverage-subject-type"
            />
          </Col>
          <Col xs={12} md={6}>
            <Typography.Text type="secondary">{t('cov.kind')}</Typography.Text>
            <Select<string>
              allowClear
              style={{ width: '100%' }}
              disabled={kinds.length === 0}
              placeholder={t('common.all')}
              value={kind}
              onChange={(v) => setKind(v ?? undefined)}
              options={kinds.map(([value, l]) => ({ value, label: label(l) }))}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text type="secondary">{t('cov.period')}</Typography.Text>
            <Flex gap={8} wrap>
              <Select<Preset>
                style={{ width: 110 }}
                value={preset}
                onChange={(p) => {
                  setPreset(p);
                  if (p !== 'custom') setRange(rangeOf(p));
                }}
                options={(['month', 'quarter', 'year', 'last30', 'custom'] as const).map((p) => ({ value: p, label: t(`cov.preset.${p}`) }))}
              />
              <DatePicker
                allowClear={false}
                value={range[0]}
                style={{ width: 130 }}
                onChange={(d) => {
                  if (!d) return;
                  setPreset('custom');
                  setRange(([, to]) => [d, d.isAfter(to) ? d : to]);
                }}
              />
              <DatePicker
                allowClear={false}
                value={range[1]}
                style={{ width: 130 }}
                onChange={(d) => {
                  if (!d) return;
                  setPreset('custom');
                  setRange(([from]) => [d.isBefore(from) ? d : from, d]);
                }}
              />
            </Flex>
          </Col>
          <Col xs={24}>
            <Flex gap={8} align="center">
              <Switch size="small" checked={includeSelf} onChange={setIncludeSelf} />
              <Typography.Text>{t('cov.includeSelf')}</Typography.Text>
            </Flex>
          </Col>
        </Row>
      </Card>

      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('cov.total')} value={c?.total ?? '—'} loading={cov.loading && !c} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('cov.inspected')} value={c?.inspected ?? '—'} loading={cov.loading && !c} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small" data-testid="coverage-rate">
            <Statistic title={t('cov.rate')} value={c ? pct(c.rate) : '—'} loading={cov.loading && !c} valueStyle={{ color: c?.rate !== null && c?.rate !== undefined && c.rate >= 1 ? '#389e0d' : undefined }} />
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('cov.byRegion')} style={{ marginBottom: 12 }}>
        <Table<Child>
          rowKey="regionId"
          size="small"
          loading={cov.loading}
          columns={columns}
          dataSource={c?.children ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(row) => ({ onClick: () => drill(row), style: { cursor: row.regionId === current.id ? 'default' : 'pointer' } })}
          data-testid="coverage-table"
        />
      </Card>

      <Card
        size="small"
        title={t('cov.missingTitle')}
        extra={
          <Button size="small" icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportMissing()} disabled={!missing.data?.total} data-testid="coverage-export">
            {t('common.export')}
          </Button>
        }
      >
        <Table<Missing>
          rowKey="id"
          size="small"
          loading={missing.loading}
          dataSource={missing.data?.items ?? []}
          columns={[
            { title: t('cov.subject'), dataIndex: 'name' },
            { title: t('cov.region'), dataIndex: 'regionName' },
          ]}
          scroll={{ x: 'max-content' }}
          data-testid="coverage-missing"
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: missing.data?.total ?? 0,
            size: 'small',
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
          }}
        />
      </Card>
    </div>
  );
}
