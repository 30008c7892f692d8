import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Form, Progress, Row, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, withQuery } from '../../api.js';
import { PageHeader } from '../../components/PageHeader.js';
import { SearchForm } from '../../components/SearchForm.js';
import { useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import type { Page } from '../../types.js';
import { EChart, type ChartOption } from './EChart.js';
import { NEED_LABELS, PROGRAMME_CATEGORIES, PROGRAMME_CATEGORY_LABELS } from './labels.js';
import type { Coverage, Missing } from './types.js';

type Category = (typeof PROGRAMME_CATEGORIES)[number];
type Community = Coverage['communities'][number];
interface Filter {
  category?: Category;
  newSince?: Dayjs | null;
}

const rateColor = (rate: number | null) => (rate === null ? undefined : rate >= 90 ? '#52c41a' : rate >= 60 ? '#faad14' : '#ff4d4f');

/**
 * 安装工程 (R7.5, seed 004 附件1): who must have a safety device — unit users a leak detector;
 * old-community, poor, new and high-rise households a self-closing valve (high-rise: both) — against
 * those with a working one, per community; and the list of those still missing, exported to Excel.
 */
export function ProgrammePage() {
  const { t, label } = useI18n();
  const phone = useIsPhone();
  const { region } = useRegion();
  const [filterForm] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<{ category?: Category; newSince?: string }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const query = { regionId: region.id, category: filter.category, newSince: filter.newSince };
  const coverage = useLoad(() => api.get<Coverage>('/api/v1/monitoring/programme/coverage', query), [region.id, filter]);
  const missing = useLoad(() => api.get<Page<Missing>>('/api/v1/monitoring/programme/missing', { ...query, page: page.page, pageSize: page.pageSize }), [region.id, filter, page]);
  const c = coverage.data;

  const option = useMemo<ChartOption | null>(() => {
    const rows = (c?.communities ?? []).slice(0, 20);
    if (rows.length < 2) return null;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.communityName ?? t('mon.programme.noCommunity')), axisLabel: { width: phone ? 70 : 120, overflow: 'truncate' } },
      series: [
        { type: 'bar', stack: 'x', name: t('mon.programme.covered'), data: rows.map((r) => r.covered), color: '#52c41a', barMaxWidth: 16 },
        { type: 'bar', stack: 'x', name: t('mon.programme.missingCount'), data: rows.map((r) => r.required - r.covered), color: '#ff4d4f', barMaxWidth: 16 },
      ],
    };
  }, [c, t, phone]);

  const rate = (r: number | null) => (r === null ? <Typography.Text type="secondary">—</Typography.Text> : <Progress percent={r} size="small" strokeColor={rateColor(r)} style={{ width: 140, margin: 0 }} />);

  const covColumns: TableColumnsType<Community> = [
    { title: t('mon.programme.community'), dataIndex: 'communityName', render: (n: string | null) => n ?? t('mon.programme.noCommunity') },
    { title: t('mon.programme.required'), dataIndex: 'required' },
    { title: t('mon.programme.covered'), dataIndex: 'covered' },
    { title: t('mon.programme.rate'), dataIndex: 'rate', render: rate },
    ...PROGRAMME_CATEGORIES.map((cat) => ({
      title: label(PROGRAMME_CATEGORY_LABELS[cat]),
      key: cat,
      render: (_: unknown, r: Community) => {
        const x = r.byCategory[cat];
        return x && x.required ? `${x.covered}/${x.required}` : <Typography.Text type="secondary">—</Typography.Text>;
      },
    })),
  ];

  const missColumns: TableColumnsType<Missing> = [
    { title: t('mon.programme.community'), dataIndex: 'communityName', render: (n: string | null, m) => n ?? m.regionName },
    {
      title: t('mon.programme.subject'),
      key: 'name',
      render: (_, m) => (
        <div>
          <Link to={`/registry/${m.subjectType}/${m.subjectId}`}>{m.name}</Link>
          {m.subjectType === 'venue' && m.address ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {m.address}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    { title: t('mon.programme.userType'), dataIndex: 'subjectType', render: (s: string) => t(s === 'venue' ? 'mon.programme.unitUser' : 'mon.programme.household') },
    {
      title: t('mon.programme.categories'),
      dataIndex: 'categories',
      render: (cs: Category[]) => (
        <Space size={[4, 4]} wrap>
          {cs.map((x) => (
            <Tag key={x}>{label(PROGRAMME_CATEGORY_LABELS[x], x)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('mon.programme.missingDevices'),
      dataIndex: 'missing',
      render: (ns: Missing['missing']) => (
        <Space size={[4, 4]} wrap>
          {ns.map((n) => (
            <Tag key={n} color="red">
              {label(NEED_LABELS[n], n)}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="programme-page">
      <PageHeader
        title={t('mon.programme.title')}
        subtitle={t('mon.programme.subtitle', { region: region.name })}
        extra={
          <Button icon={<DownloadOutlined />} href={withQuery('/api/v1/monitoring/programme/missing.xlsx', query)} download data-testid="programme-export">
            {t('mon.programme.export')}
          </Button>
        }
      />
      <SearchForm<Filter>
        form={filterForm}
        testId="programme-search"
        onSearch={(v) => {
          setFilter({ ...(v.category ? { category: v.category } : {}), ...(v.newSince ? { newSince: v.newSince.format('YYYY-MM-DD') } : {}) });
          setPage((p) => ({ ...p, page: 1 }));
        }}
        fields={[
          {
            name: 'category',
            label: t('mon.programme.category'),
            node: <Select allowClear placeholder={t('common.all')} options={PROGRAMME_CATEGORIES.map((x) => ({ value: x, label: label(PROGRAMME_CATEGORY_LABELS[x]) }))} />,
          },
          { name: 'newSince', label: t('mon.programme.newSince'), node: <DatePicker style={{ width: '100%' }} placeholder={t('mon.programme.newSinceHelp')} /> },
        ]}
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={8}>
          <Card size="small" loading={coverage.loading && !c} data-testid="programme-summary">
            <Row gutter={8}>
              <Col span={8}>
                <Statistic title={t('mon.programme.required')} value={c?.required ?? 0} />
              </Col>
              <Col span={8}>
                <Statistic title={t('mon.programme.covered')} value={c?.covered ?? 0} />
              </Col>
              <Col span={8}>
                <Statistic title={t('mon.programme.rate')} value={c?.rate ?? '—'} suffix={c?.rate === null || c?.rate === undefined ? undefined : '%'} styles={{ content: { color: rateColor(c?.rate ?? null) } }} />
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
              {t('mon.programme.rule')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('mon.programme.byCommunity')}>
            {option ? <EChart option={option} height={Math.max(180, Math.min(20, c?.communities.length ?? 0) * 32 + 50)} /> : null}
            <Table<Community>
              rowKey={(r) => r.communityId ?? 'none'}
              size="small"
              loading={coverage.loading}
              columns={covColumns}
              dataSource={c?.communities ?? []}
              scroll={{ x: 'max-content' }}
              pagination={false}
              data-testid="programme-coverage"
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('mon.programme.missingList')}>
        <Table<Missing>
          rowKey={(m) => `${m.subjectType}:${m.subjectId}`}
          size="small"
          loading={missing.loading}
          columns={missColumns}
          dataSource={missing.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="programme-missing"
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: missing.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
          }}
        />
      </Card>
    </div>
  );
}
