import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Modal, Radio, Result, Select, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { RecordKind, UnitType } from '../../../../src/supervision/supervision.rules.js';
import { api, ApiError } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { RegionCascader } from '../../components/RegionCascader.js';
import { RegistryPicker } from '../../components/RegistryPicker.js';
import { useAction, useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import type { Department, Items } from '../../types.js';
import { chinaToday, EvidenceUpload } from '../hazards/common.js';
import { RECORD_KIND_LABELS, RECORD_PATHS, UNIT_TYPE_LABELS, UNIT_TYPES } from './labels.js';
import { FileLinks } from './TaskDetailPage.js';
import type { RecordPage, SupervisionRecord } from './types.js';

interface RecordForm {
  unitType: UnitType;
  unitId?: string;
  date: Dayjs;
  title: string;
  docNumber?: string;
  participants: string[];
  summary: string;
  documents: string[];
}

const RECORDERS = ['platform_admin', 'task_force', 'dept_officer'];

/** 警示建议函 and 约谈 (R5.1): recorded against a department, a town/street or an enterprise. */
export function RecordsPage({ kind }: { kind: RecordKind }) {
  const me = useMe();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { region } = useRegion();
  const { busy, run } = useAction();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [unitType, setUnitType] = useState<UnitType | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<RecordForm>();
  const formUnitType = Form.useWatch('unitType', form);
  const path = RECORD_PATHS[kind];
  const list = useLoad(() => api.get<RecordPage>(`/api/v1/supervision/${path}`, { unitType, ...page }), [path, unitType, page, version]);
  const departments = useLoad(
    () => (creating && formUnitType === 'department' ? api.get<Items<Department>>('/api/v1/departments', { regionId: region.id }) : Promise.resolve(null)),
    [creating, formUnitType, region.id],
  );
  const kindName = label(RECORD_KIND_LABELS[kind]);

  const start = () => {
    form.resetFields();
    form.setFieldsValue({ unitType: me.role === 'dept_officer' ? 'town' : 'department', date: dayjs(chinaToday()), participants: [], documents: [] });
    setCreating(true);
  };

  const save = async (v: RecordForm) => {
    const res = await run(
      () =>
        api.post<SupervisionRecord>(`/api/v1/supervision/${path}`, {
          unitType: v.unitType,
          unitId: v.unitId,
          date: v.date.format('YYYY-MM-DD'),
          title: v.title.trim(),
          ...(v.docNumber?.trim() ? { docNumber: v.docNumber.trim() } : {}),
          participants: (v.participants ?? []).map((p) => p.trim()).filter(Boolean),
          summary: v.summary.trim(),
          documents: v.documents ?? [],
        }),
      form,
    );
    if (!res) return;
    void message.success(t('common.created'));
    setCreating(false);
    setVersion((x) => x + 1);
    navigate(`/supervision/${path}/${res.id}`);
  };

  const columns: TableColumnsType<SupervisionRecord> = [
    { title: t('sv.rec.date'), dataIndex: 'date' },
    { title: t('sv.rec.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/supervision/${path}/${r.id}`}>{v}</Link> },
    ...(kind === 'warning_letter' ? [{ title: t('sv.rec.docNumber'), dataIndex: 'docNumber', render: (v: string | null) => v ?? '—' }] : []),
    {
      title: t('sv.rec.unit'),
      key: 'unit',
      render: (_: unknown, r: SupervisionRecord) => (
        <span>
          <Tag>{label(UNIT_TYPE_LABELS[r.unitType as UnitType], r.unitType)}</Tag>
          {r.unitName}
        </span>
      ),
    },
    { title: t('sv.rec.participants'), dataIndex: 'participants', render: (p: string[]) => (p.length ? p.join('、') : '—') },
    { title: t('sv.rec.recordedBy'), dataIndex: 'recordedByLabel' },
  ];

  return (
    <div data-testid={`records-page-${kind}`}>
      <PageHeader
        title={kindName}
        subtitle={t(kind === 'warning_letter' ? 'sv.lettersSubtitle' : 'sv.interviewsSubtitle')}
        extra={
          RECORDERS.includes(me.role) ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={start} data-testid="record-create">
              {t('sv.rec.create', { kind: kindName })}
            </Button>
          ) : null
        }
      />
      <Flex style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('sv.rec.unitType')}
          style={{ width: 160 }}
          value={unitType}
          onChange={(v: UnitType | undefined) => {
            setUnitType(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={UNIT_TYPES.map((u) => ({ value: u, label: label(UNIT_TYPE_LABELS[u]) }))}
        />
      </Flex>
      <Table<SupervisionRecord>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="records-table"
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
        }}
      />
      <Modal
        open={creating}
        title={t('sv.rec.create', { kind: kindName })}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        width={phone ? '100%' : 620}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="unitType" label={t('sv.rec.unitType')} rules={[{ required: true }]}>
            <Radio.Group
              onChange={() => form.setFieldValue('unitId', undefined)}
              options={UNIT_TYPES.map((u) => ({ value: u, label: label(UNIT_TYPE_LABELS[u]), disabled: u === 'department' && me.role === 'dept_officer' }))}
            />
          </Form.Item>
          <Form.Item name="unitId" label={t('sv.rec.unit')} rules={[{ required: true }]}>
            {!creating ? (
              <span />
            ) : formUnitType === 'department' ? (
              <Select loading={departments.loading} showSearch={{ optionFilterProp: 'label' }} options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
            ) : formUnitType === 'town' ? (
              <RegionCascader style={{ width: '100%' }} />
            ) : (
              <RegistryPicker kind="enterprise" regionId={region.id} />
            )}
          </Form.Item>
          <Form.Item name="date" label={t(kind === 'warning_letter' ? 'sv.rec.letterDate' : 'sv.rec.interviewDate')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} inputReadOnly={phone} />
          </Form.Item>
          <Form.Item name="title" label={t('sv.rec.title')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          {kind === 'warning_letter' ? (
            <Form.Item name="docNumber" label={t('sv.rec.docNumber')} extra={t('sv.rec.docNumberHelp')}>
              <Input maxLength={100} />
            </Form.Item>
          ) : null}
          <Form.Item name="participants" label={t(kind === 'warning_letter' ? 'sv.rec.recipients' : 'sv.rec.participants')} extra={t('sv.rec.participantsHelp')}>
            <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item name="summary" label={t(kind === 'warning_letter' ? 'sv.rec.letterSummary' : 'sv.rec.interviewSummary')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={5} maxLength={5000} showCount />
          </Form.Item>
          <Form.Item name="documents" label={t('sv.attachments')}>
            <EvidenceUpload purpose="document" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/** One warning letter or interview. */
export function RecordDetailPage({ kind }: { kind: RecordKind }) {
  const { id = '' } = useParams();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { t, label, formatTime, paren } = useI18n();
  const path = RECORD_PATHS[kind];
  const rec = useLoad(() => api.get<SupervisionRecord>(`/api/v1/supervision/${path}/${id}`), [path, id]);
  if (rec.error instanceof ApiError && rec.error.status === 404) return <Result status="404" title={t('sv.rec.notFound')} />;
  if (!rec.data) return <Skeleton active />;
  const r = rec.data;
  return (
    <div data-testid="record-detail-page">
      <Flex align="center" gap={8} style={{ marginBottom: 16 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`/supervision/${path}`)} />
        <Typography.Title level={4} style={{ margin: 0 }}>
          {r.title}
        </Typography.Title>
        <Tag>{label(RECORD_KIND_LABELS[kind])}</Tag>
      </Flex>
      <Card size="small">
        <Descriptions
          size="small"
          column={phone ? 1 : 2}
          bordered={!phone}
          items={[
            { key: 'unit', label: t('sv.rec.unit'), children: paren(r.unitName, label(UNIT_TYPE_LABELS[r.unitType as UnitType], r.unitType)) },
            { key: 'date', label: t(kind === 'warning_letter' ? 'sv.rec.letterDate' : 'sv.rec.interviewDate'), children: r.date },
            ...(kind === 'warning_letter' ? [{ key: 'doc', label: t('sv.rec.docNumber'), children: r.docNumber ?? '—' }] : []),
            { key: 'participants', label: t(kind === 'warning_letter' ? 'sv.rec.recipients' : 'sv.rec.participants'), children: r.participants.length ? r.participants.join('、') : '—' },
            { key: 'by', label: t('sv.rec.recordedBy'), children: `${r.recordedByLabel} · ${formatTime(r.createdAt)}` },
            { key: 'summary', label: t(kind === 'warning_letter' ? 'sv.rec.letterSummary' : 'sv.rec.interviewSummary'), span: phone ? 1 : 2, children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{r.summary}</Typography.Paragraph> },
            { key: 'docs', label: t('sv.attachments'), span: phone ? 1 : 2, children: <FileLinks files={r.documents} /> },
          ]}
        />
      </Card>
    </div>
  );
}
