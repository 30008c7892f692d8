import { Card, Col, Flex, Row, Segmented, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import { HazardStateTag } from './common.js';
import { ESCALATION_LABELS, HAZARD_CATEGORY_LABELS } from './labels.js';
import type { MajorItem, MajorPage } from './types.js';

const ESCALATION_COLORS = ['default', 'orange', 'volcano', 'red'];

/** 重大隐患 (R4.8): open major hazards and those closed recently, overdue and most escalated first. */
export function MajorHazardsPage() {
  const phone = useIsPhone();
  const { t, label, formatTime } = useI18n();
  const { region } = useRegion();
  const [recentDays, setRecentDays] = useState(30);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useLoad(() => api.get<MajorPage>('/api/v1/hazards/major', { regionId: region.id, recentDays, ...page }), [region.id, recentDays, page]);
  const s = list.data?.summary;

  const columns: TableColumnsType<MajorItem> = [
    { title: t('hz.code'), dataIndex: 'code', fixed: phone ? undefined : 'left', render: (c: string, h) => <Link to={`/hazards/${h.id}`}>{c}</Link> },
    { title: t('hz.subject'), dataIndex: 'subjectName' },
    { title: t('hz.category'), dataIndex: 'category', render: (c: string) => label(HAZARD_CATEGORY_LABELS[c as keyof typeof HAZARD_CATEGORY_LABELS], c) },
    { title: t('hz.description'), dataIndex: 'description', render: (d: string) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: d }} style={{ margin: 0, maxWidth: 280 }}>{d}</Typography.Paragraph> },
    {
      title: t('common.status'),
      dataIndex: 'state',
      render: (st: string, h) => (
        <Flex gap={4} wrap>
          <HazardStateTag state={st} />
          {h.overdue ? <Tag color="red">{t('hz.overdueDays', { days: h.daysOverdue })}</Tag> : null}
          {h.supplySuspended ? <Tag color="magenta">{t('hz.supplySuspended')}</Tag> : null}
        </Flex>
      ),
    },
    {
      title: t('hz.escalation'),
      dataIndex: 'escalationLevel',
      render: (lv: number) => (lv > 0 ? <Tag color={ESCALATION_COLORS[lv] ?? 'red'}>{label(ESCALATION_LABELS[lv], String(lv))}</Tag> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: t('hz.deadline'), dataIndex: 'deadline', render: (d: string | null) => d ?? '—' },
    { title: t('hz.lead'), dataIndex: 'leadName', render: (v: string | null) => v ?? '—' },
    { title: t('hz.town'), dataIndex: 'townName', render: (v: string | null) => v ?? '—' },
    { title: t('hz.region'), dataIndex: 'regionName' },
    { title: t('hz.foundAt'), dataIndex: 'foundAt', render: (v: string) => formatTime(v) },
    { title: t('hz.closedAt'), dataIndex: 'closedAt', render: (v: string | null) => (v ? formatTime(v) : '—') },
  ];

  return (
    <div data-testid="major-hazards-page">
      <PageHeader
        title={t('hz.major.title')}
        subtitle={t('hz.major.subtitle', { region: region.name })}
        extra={
          <Segmented<number>
            value={recentDays}
            onChange={(v) => {
              setRecentDays(v);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            options={[7, 30, 90].map((d) => ({ value: d, label: t('hz.major.recent', { days: d }) }))}
          />
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('hz.major.open')} value={s?.open ?? 0} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('hz.major.overdue')} value={s?.overdue ?? 0} styles={{ content: { color: (s?.overdue ?? 0) > 0 ? '#cf1322' : undefined } }} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('hz.major.closedRecently')} value={s?.closedRecently ?? 0} styles={{ content: { color: '#389e0d' } }} />
          </Card>
        </Col>
      </Row>
      <Table<MajorItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="major-table"
        rowClassName={(h) => (h.overdue ? 'gg-row-overdue' : '')}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
        }}
      />
    </div>
  );
}
