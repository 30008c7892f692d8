import { CheckOutlined, ExclamationCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, Modal, Row, Statistic, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { mayRequestLookback } from '../../../../src/hazards/lookback.rules.js';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { RegionCascader } from '../../components/RegionCascader.js';
import { useAction, useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import { chinaToday, EvidenceUpload, PhotoStrip } from './common.js';
import { LOOKBACK_STATUS_LABELS } from './labels.js';
import type { LookbackBatch, LookbackDetail, LookbackItem, LookbackPage as LookbackList, ReboundStats } from './types.js';

const STATUS_COLORS: Record<string, string> = { pending: 'gold', confirmed: 'green', rebound: 'red' };

interface DrawForm {
  regionId: string;
  period: [Dayjs, Dayjs];
  size: number;
}

interface ResultForm {
  note?: string;
  photos: string[];
  description?: string;
}

/** 回头看 (R4.6): samples of closed hazards re-inspected; rebounds counted per region and reviewer. */
export function LookbackPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState('batches');
  return (
    <div data-testid="lookback-page">
      <PageHeader title={t('lb.title')} subtitle={t('lb.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'batches', label: t('lb.batches'), children: <Batches /> },
          { key: 'stats', label: t('lb.stats'), children: <Rebounds /> },
        ]}
      />
    </div>
  );
}

function Batches() {
  const me = useMe();
  const phone = useIsPhone();
  const { t, formatTime } = useI18n();
  const { region } = useRegion();
  const { busy, run } = useAction();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const [drawing, setDrawing] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [form] = Form.useForm<DrawForm>();
  const list = useLoad(() => api.get<LookbackList>('/api/v1/hazards/lookbacks', page), [page, version]);

  const startDraw = () => {
    form.resetFields();
    const today = dayjs(chinaToday());
    form.setFieldsValue({ regionId: region.id, period: [today.subtract(3, 'month'), today], size: 10 });
    setDrawing(true);
  };

  const draw = async (v: DrawForm) => {
    const res = await run(
      () => api.post<LookbackDetail>('/api/v1/hazards/lookbacks', { regionId: v.regionId, from: v.period[0].format('YYYY-MM-DD'), to: v.period[1].format('YYYY-MM-DD'), size: v.size }),
      form,
    );
    if (!res) return;
    setDrawing(false);
    setVersion((x) => x + 1);
    setOpenId(res.batch.id);
  };

  const columns: TableColumnsType<LookbackBatch> = [
    { title: t('lb.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    { title: t('lb.period'), key: 'period', render: (_, b) => `${b.periodFrom} ~ ${b.periodTo}` },
    { title: t('lb.unit'), dataIndex: 'unitName' },
    { title: t('lb.size'), key: 'size', render: (_, b) => t('lb.sizeOf', { size: b.size, available: b.available }) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, b) => (
        <Button type="link" size="small" onClick={() => setOpenId(b.id)} data-testid="lookback-open">
          {t('lb.open')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        {mayRequestLookback({ role: me.role, departmentId: me.department?.id ?? null, regionPath: me.region.path }) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={startDraw} data-testid="lookback-create">
            {t('lb.draw')}
          </Button>
        ) : null}
      </Flex>
      <Table<LookbackBatch>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="lookback-table"
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
        }}
      />
      <Modal
        open={drawing}
        title={t('lb.draw')}
        onCancel={() => setDrawing(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'lookback-draw-submit' } as Record<string, string>}
        width={phone ? '100%' : 520}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('lb.drawNote')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void draw(v)}>
          <Form.Item name="regionId" label={t('lb.region')} rules={[{ required: true }]}>
            {drawing ? <RegionCascader style={{ width: '100%' }} /> : <span />}
          </Form.Item>
          <Form.Item name="period" label={t('lb.closedIn')} rules={[{ required: true }]}>
            <DatePicker.RangePicker style={{ width: '100%' }} inputReadOnly={phone} />
          </Form.Item>
          <Form.Item name="size" label={t('lb.sampleSize')} rules={[{ required: true }]} extra={t('lb.sampleSizeHelp')}>
            <InputNumber min={1} max={1000} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <BatchDrawer batchId={openId} onClose={() => setOpenId(null)} />
    </>
  );
}

function BatchDrawer({ batchId, onClose }: { batchId: string | null; onClose(): void }) {
  const phone = useIsPhone();
  const { t, label, formatTime } = useI18n();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [version, setVersion] = useState(0);
  const [recording, setRecording] = useState<{ item: LookbackItem; result: 'passed' | 'failed' } | null>(null);
  const [form] = Form.useForm<ResultForm>();
  const detail = useLoad(() => (batchId ? api.get<LookbackDetail>(`/api/v1/hazards/lookbacks/${batchId}`) : Promise.resolve(null)), [batchId, version]);
  const b = detail.data?.batch;
  const items = detail.data?.items ?? [];
  const counts = { pending: 0, confirmed: 0, rebound: 0 } as Record<string, number>;
  for (const i of items) counts[i.status] = (counts[i.status] ?? 0) + 1;

  const startRecord = (item: LookbackItem, result: 'passed' | 'failed') => {
    form.resetFields();
    form.setFieldsValue({ photos: [] });
    setRecording({ item, result });
  };

  const record = async (v: ResultForm) => {
    if (!recording || !batchId) return;
    const res = await run(
      () =>
        api.post(`/api/v1/hazards/lookbacks/${batchId}/items/${recording.item.id}`, {
          result: recording.result,
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          photos: v.photos ?? [],
          ...(recording.result === 'failed' && v.description?.trim() ? { description: v.description.trim() } : {}),
        }),
      form,
    );
    if (res === undefined) return;
    void message.success(recording.result === 'failed' ? t('lb.reboundRecorded') : t('lb.confirmedRecorded'));
    setRecording(null);
    setVersion((x) => x + 1);
  };

  const columns: TableColumnsType<LookbackItem> = [
    { title: t('hz.code'), dataIndex: 'code', render: (c: string, i) => <Link to={`/hazards/${i.hazardId}`}>{c}</Link> },
    { title: t('hz.subject'), dataIndex: 'subjectName' },
    { title: t('hz.description'), dataIndex: 'description', render: (d: string) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: d }} style={{ margin: 0, maxWidth: 240 }}>{d}</Typography.Paragraph> },
    {
      title: t('lb.closedBy'),
      key: 'closed',
      render: (_, i) => (
        <Flex vertical>
          <span>{i.closedByName ?? '—'}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.closedAt ? formatTime(i.closedAt) : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('lb.result'),
      dataIndex: 'status',
      render: (s: string, i) => (
        <Flex vertical gap={2}>
          <Tag color={STATUS_COLORS[s]}>{label(LOOKBACK_STATUS_LABELS[s as keyof typeof LOOKBACK_STATUS_LABELS], s)}</Tag>
          {i.checkedAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {i.checkedByName} · {formatTime(i.checkedAt)}
            </Typography.Text>
          ) : null}
          {i.note ? <Typography.Text style={{ fontSize: 12 }}>{i.note}</Typography.Text> : null}
          {i.reboundHazardId ? <Link to={`/hazards/${i.reboundHazardId}`}>{t('hz.viewRebound')}</Link> : null}
          <PhotoStrip ids={i.photos} size={40} />
        </Flex>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      render: (_, i) =>
        i.status === 'pending' ? (
          <Flex vertical align="start">
            <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => startRecord(i, 'passed')} data-testid="lookback-pass">
              {t('lb.pass')}
            </Button>
            <Button type="link" size="small" danger icon={<ExclamationCircleOutlined />} onClick={() => startRecord(i, 'failed')} data-testid="lookback-fail">
              {t('lb.fail')}
            </Button>
          </Flex>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <Drawer open={batchId !== null} onClose={onClose} size={phone ? '100%' : 960} title={t('lb.batchTitle')} data-testid="lookback-drawer">
      {b ? (
        <>
          <Descriptions
            size="small"
            column={phone ? 1 : 3}
            items={[
              { key: 'period', label: t('lb.period'), children: `${b.periodFrom} ~ ${b.periodTo}` },
              { key: 'unit', label: t('lb.unit'), children: b.unitName },
              { key: 'size', label: t('lb.size'), children: t('lb.sizeOf', { size: b.size, available: b.available }) },
            ]}
          />
          <Row gutter={12} style={{ margin: '12px 0' }}>
            {(['pending', 'confirmed', 'rebound'] as const).map((s) => (
              <Col span={8} key={s}>
                <Card size="small">
                  <Statistic title={label(LOOKBACK_STATUS_LABELS[s])} value={counts[s] ?? 0} styles={{ content: { color: s === 'rebound' && (counts[s] ?? 0) > 0 ? '#cf1322' : undefined } }} />
                </Card>
              </Col>
            ))}
          </Row>
          <Table<LookbackItem> rowKey="id" size="small" loading={detail.loading} columns={columns} dataSource={items} pagination={false} scroll={{ x: 'max-content' }} />
        </>
      ) : (
        <Empty />
      )}
      <Modal
        open={recording !== null}
        title={recording ? (recording.result === 'failed' ? t('lb.fail') : t('lb.pass')) + ' · ' + recording.item.code : ''}
        onCancel={() => setRecording(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okButtonProps={{ danger: recording?.result === 'failed' }}
        width={phone ? '100%' : 520}
        forceRender
      >
        {recording?.result === 'failed' ? <Typography.Paragraph type="warning">{t('lb.failNote')}</Typography.Paragraph> : null}
        <Form form={form} layout="vertical" onFinish={(v) => void record(v)}>
          {recording?.result === 'failed' ? (
            <Form.Item name="description" label={t('lb.finding')} extra={t('lb.findingHelp')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label={t('lb.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="photos" label={t('hz.photos')}>
            <EvidenceUpload />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}

function Rebounds() {
  const { t } = useI18n();
  const { region } = useRegion();
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const from = period?.[0]?.format('YYYY-MM-DD');
  const to = period?.[1]?.format('YYYY-MM-DD');
  const stats = useLoad(() => api.get<ReboundStats>('/api/v1/hazards/rebounds/stats', { regionId: region.id, from, to }), [region.id, from, to]);
  const d = stats.data;
  return (
    <div data-testid="rebound-stats">
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('lb.foundIn')}</Typography.Text>
        <DatePicker.RangePicker value={period} onChange={(v) => setPeriod(v as [Dayjs | null, Dayjs | null] | null)} allowEmpty={[true, true]} />
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={6}>
          <Card size="small">
            <Statistic title={t('lb.totalRebounds', { region: region.name })} value={d?.total ?? 0} styles={{ content: { color: (d?.total ?? 0) > 0 ? '#cf1322' : undefined } }} />
          </Card>
        </Col>
        <Col xs={24} md={9}>
          <Card size="small" title={t('lb.byRegion')}>
            <Table
              rowKey="regionId"
              size="small"
              loading={stats.loading}
              pagination={false}
              dataSource={d?.byRegion ?? []}
              columns={[
                { title: t('hz.region'), dataIndex: 'regionName', render: (n: string | null, r) => n ?? r.regionId },
                { title: t('lb.rebounds'), dataIndex: 'rebounds' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={9}>
          <Card size="small" title={t('lb.byReviewer')}>
            <Table
              rowKey={(r) => r.accountId ?? 'none'}
              size="small"
              loading={stats.loading}
              pagination={false}
              dataSource={d?.byReviewer ?? []}
              columns={[
                { title: t('lb.reviewer'), dataIndex: 'name', render: (n: string | null) => n ?? '—' },
                { title: t('lb.rebounds'), dataIndex: 'rebounds' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
