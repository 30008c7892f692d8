import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Flex, Form, Input, Modal, Radio, Segmented, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { RegionCascader } from '../../components/RegionCascader.js';
import { useAction, useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import type { Department, Items } from '../../types.js';
import { chinaToday, EvidenceUpload } from '../hazards/common.js';
import { TASK_STATUS_COLORS, TASK_STATUS_LABELS, TASK_STATUSES } from './labels.js';
import type { Task, TaskListItem, TaskPage } from './types.js';

interface IssueForm {
  title: string;
  description: string;
  deadline: Dayjs;
  targetType: 'department' | 'town';
  targetDepartmentId?: string;
  targetTownId?: string;
  attachments: string[];
}

const ISSUERS = ['platform_admin', 'task_force', 'dept_officer'];

export function TaskStatusTag({ status, overdue }: { status: string; overdue?: boolean }) {
  const { label } = useI18n();
  const s = status === 'open' && overdue ? 'overdue' : status;
  return <Tag color={TASK_STATUS_COLORS[s as keyof typeof TASK_STATUS_COLORS]}>{label(TASK_STATUS_LABELS[s as keyof typeof TASK_STATUS_LABELS], s)}</Tag>;
}

/** 交办任务 (R5.1): tasks handed to departments and towns with deadlines; overdue ones supervised. */
export function TasksPage() {
  const me = useMe();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { t, label, formatTime } = useI18n();
  const { message } = App.useApp();
  const { region } = useRegion();
  const { busy, run } = useAction();
  const [box, setBox] = useState<'all' | 'issued' | 'received'>('all');
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const [issuing, setIssuing] = useState(false);
  const [form] = Form.useForm<IssueForm>();
  const targetType = Form.useWatch('targetType', form);
  const canIssue = ISSUERS.includes(me.role);
  const list = useLoad(() => api.get<TaskPage>('/api/v1/supervision/tasks', { box: box === 'all' ? undefined : box, status, ...page }), [box, status, page, version]);
  const departments = useLoad(
    () => (issuing && me.role !== 'dept_officer' ? api.get<Items<Department>>('/api/v1/departments', { regionId: region.id }) : Promise.resolve(null)),
    [issuing, region.id],
  );

  const startIssue = () => {
    form.resetFields();
    form.setFieldsValue({ targetType: me.role === 'dept_officer' ? 'town' : 'department', deadline: dayjs(chinaToday()).add(7, 'day'), attachments: [] });
    setIssuing(true);
  };

  const issue = async (v: IssueForm) => {
    const res = await run(
      () =>
        api.post<Task>('/api/v1/supervision/tasks', {
          title: v.title.trim(),
          description: v.description.trim(),
          deadline: v.deadline.format('YYYY-MM-DD'),
          attachments: v.attachments ?? [],
          ...(v.targetType === 'department' ? { targetDepartmentId: v.targetDepartmentId } : { targetTownId: v.targetTownId }),
        }),
      form,
    );
    if (!res) return;
    void message.success(t('sv.task.issued'));
    setIssuing(false);
    setVersion((x) => x + 1);
    navigate(`/supervision/tasks/${res.id}`);
  };

  const columns: TableColumnsType<TaskListItem> = [
    { title: t('sv.task.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/supervision/tasks/${r.id}`}>{v}</Link> },
    { title: t('sv.task.issuer'), dataIndex: 'issuerName' },
    { title: t('sv.task.target'), dataIndex: 'targetName' },
    { title: t('sv.task.deadline'), dataIndex: 'deadline', render: (d: string, r) => <Typography.Text type={r.overdue && r.status !== 'done' ? 'danger' : undefined}>{d}</Typography.Text> },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (s: string, r) => (
        <Space size={4} wrap>
          <TaskStatusTag status={s} overdue={r.overdue} />
          {r.urgeCount > 0 ? <Tag color="volcano">{t('sv.task.urged', { count: r.urgeCount })}</Tag> : null}
        </Space>
      ),
    },
    { title: t('sv.task.issuedAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
  ];

  return (
    <div data-testid="tasks-page">
      <PageHeader
        title={t('sv.tasks')}
        subtitle={t('sv.tasksSubtitle')}
        extra={
          canIssue ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={startIssue} data-testid="task-create">
              {t('sv.task.issue')}
            </Button>
          ) : null
        }
      />
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        {canIssue ? (
        <Segmented<string>
          value={box}
          onChange={(v) => {
            setBox(v as typeof box);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'issued', label: t('sv.task.boxIssued') },
            { value: 'received', label: t('sv.task.boxReceived') },
          ]}
        />
        ) : null}
        <Select
          allowClear
          placeholder={t('common.status')}
          style={{ width: 140 }}
          value={status}
          onChange={(v: string | undefined) => {
            setStatus(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={TASK_STATUSES.map((s) => ({ value: s, label: label(TASK_STATUS_LABELS[s]) }))}
        />
      </Flex>
      <Table<TaskListItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="tasks-table"
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
        }}
      />
      <Modal
        open={issuing}
        title={t('sv.task.issue')}
        onCancel={() => setIssuing(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'task-submit' } as Record<string, string>}
        width={phone ? '100%' : 600}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => void issue(v)}>
          <Form.Item name="title" label={t('sv.task.title')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} data-testid="task-title" />
          </Form.Item>
          <Form.Item name="description" label={t('sv.task.description')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={4} maxLength={5000} showCount data-testid="task-description" />
          </Form.Item>
          <Form.Item name="targetType" label={t('sv.task.targetType')} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'department', label: t('sv.unit.department'), disabled: me.role === 'dept_officer' },
                { value: 'town', label: t('sv.unit.town') },
              ]}
            />
          </Form.Item>
          {targetType === 'department' ? (
            <Form.Item name="targetDepartmentId" label={t('sv.task.target')} rules={[{ required: true }]}>
              <Select
                loading={departments.loading}
                showSearch={{ optionFilterProp: 'label' }}
                options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
                data-testid="task-department"
              />
            </Form.Item>
          ) : (
            <Form.Item name="targetTownId" label={t('sv.task.target')} rules={[{ required: true }]} extra={t('sv.task.townHelp')}>
              {issuing ? <RegionCascader style={{ width: '100%' }} data-testid="task-town" /> : <span />}
            </Form.Item>
          )}
          <Form.Item name="deadline" label={t('sv.task.deadline')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') < chinaToday()} inputReadOnly={phone} />
          </Form.Item>
          <Form.Item name="attachments" label={t('sv.attachments')}>
            <EvidenceUpload purpose="document" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
