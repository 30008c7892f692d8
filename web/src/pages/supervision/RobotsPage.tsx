import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Drawer, Flex, Form, Input, Modal, Popconfirm, Radio, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { EventKind } from '../../../../src/notifications/events.js';
import { api } from '../../api.js';
import { PageHeader } from '../../components/PageHeader.js';
import { RegionCascader } from '../../components/RegionCascader.js';
import { useAction, useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import type { Department, Items } from '../../types.js';
import { EVENT_KIND_LABELS, EVENT_KINDS } from '../hazards/labels.js';
import { OUTBOX_STATUS_COLORS, OUTBOX_STATUS_LABELS, ROBOT_KIND_LABELS } from './labels.js';
import type { OutboxPage, OutboxRow, Robot } from './types.js';

interface RobotForm {
  name: string;
  kind: 'wecom' | 'dingtalk';
  format: 'markdown' | 'text';
  url?: string;
  secret?: string;
  clearSecret?: boolean;
  events: EventKind[];
  enabled: boolean;
  ownerType: 'region' | 'department';
  regionId?: string;
  departmentId?: string;
}

const DEFAULT_EVENTS: EventKind[] = ['hazard.major_reported', 'hazard.escalated', 'supervision.task_overdue'];

/**
 * 消息机器人 (group robots of 企业微信 / 钉钉) of the task force: which events each hears, the
 * webhook address (shown masked; the key is the secret), the 钉钉 signing secret (write-only), a
 * test message and the robot's sending record.
 */
export function RobotsPage() {
  const phone = useIsPhone();
  const { t, label, formatTime } = useI18n();
  const { message } = App.useApp();
  const { region } = useRegion();
  const { busy, run } = useAction();
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<Robot | 'new' | null>(null);
  const [outboxOf, setOutboxOf] = useState<Robot | null>(null);
  const [outboxPage, setOutboxPage] = useState(1);
  const [form] = Form.useForm<RobotForm>();
  const kind = Form.useWatch('kind', form);
  const ownerType = Form.useWatch('ownerType', form);
  const list = useLoad(() => api.get<Items<Robot>>('/api/v1/webhooks'), [version]);
  const departments = useLoad(() => (editing === 'new' ? api.get<Items<Department>>('/api/v1/departments', { regionId: region.id }) : Promise.resolve(null)), [editing, region.id]);
  const outbox = useLoad(() => (outboxOf ? api.get<OutboxPage>(`/api/v1/webhooks/${outboxOf.id}/outbox`, { page: outboxPage, pageSize: 20 }) : Promise.resolve(null)), [outboxOf, outboxPage]);
  const reload = () => setVersion((v) => v + 1);

  const openCreate = () => {
    form.resetFields();
    form.setFieldsValue({ kind: 'wecom', format: 'markdown', events: DEFAULT_EVENTS, enabled: true, ownerType: 'region', regionId: region.id });
    setEditing('new');
  };

  const openEdit = (r: Robot) => {
    form.resetFields();
    form.setFieldsValue({ name: r.name, kind: r.kind as RobotForm['kind'], format: r.format as RobotForm['format'], events: r.events as EventKind[], enabled: r.enabled, url: '', secret: '', clearSecret: false });
    setEditing(r);
  };

  const save = async (v: RobotForm) => {
    const format = v.kind === 'dingtalk' ? 'markdown' : v.format;
    if (editing === 'new') {
      const res = await run(
        () =>
          api.post<Robot>('/api/v1/webhooks', {
            name: v.name.trim(),
            kind: v.kind,
            format,
            url: v.url?.trim() ?? '',
            secret: v.kind === 'dingtalk' && v.secret?.trim() ? v.secret.trim() : null,
            events: v.events ?? [],
            enabled: v.enabled,
            ...(v.ownerType === 'department' ? { departmentId: v.departmentId } : { regionId: v.regionId }),
          }),
        form,
      );
      if (!res) return;
      void message.success(t('common.created'));
    } else if (editing) {
      const body: Record<string, unknown> = { name: v.name.trim(), format, events: v.events ?? [], enabled: v.enabled };
      if (v.url?.trim()) body.url = v.url.trim();
      if (editing.kind === 'dingtalk') {
        if (v.clearSecret) body.secret = null;
        else if (v.secret?.trim()) body.secret = v.secret.trim();
      }
      const res = await run(() => api.patch<Robot>(`/api/v1/webhooks/${editing.id}`, body), form);
      if (!res) return;
      void message.success(t('common.saved'));
    }
    setEditing(null);
    reload();
  };

  const toggle = async (r: Robot, enabled: boolean) => {
    const res = await run(() => api.patch<Robot>(`/api/v1/webhooks/${r.id}`, { enabled }));
    if (res) reload();
  };

  const test = async (r: Robot) => {
    const res = await run(() => api.post(`/api/v1/webhooks/${r.id}/test`));
    if (res !== undefined) void message.success(t('sv.robot.testQueued'));
  };

  const remove = async (r: Robot) => {
    const ok = await run(async () => {
      await api.delete(`/api/v1/webhooks/${r.id}`);
      return true;
    });
    if (ok) reload();
  };

  const columns: TableColumnsType<Robot> = [
    { title: t('sv.robot.name'), dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
    { title: t('sv.robot.kind'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'wecom' ? 'green' : 'blue'}>{label(ROBOT_KIND_LABELS[k], k)}</Tag> },
    { title: t('sv.robot.owner'), key: 'owner', render: (_, r) => r.departmentName ?? r.regionName ?? '—' },
    {
      title: t('sv.robot.url'),
      dataIndex: 'url',
      render: (u: string, r) => (
        <Flex vertical>
          <Typography.Text code style={{ fontSize: 12 }}>
            {u}
          </Typography.Text>
          {r.kind === 'dingtalk' ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.hasSecret ? t('sv.robot.signed') : t('sv.robot.unsigned')}</Typography.Text> : null}
        </Flex>
      ),
    },
    {
      title: t('sv.robot.events'),
      dataIndex: 'events',
      render: (ev: string[]) => (
        <Flex gap={4} wrap style={{ maxWidth: 320 }}>
          {ev.map((e) => (
            <Tag key={e}>{label(EVENT_KIND_LABELS[e as EventKind], e)}</Tag>
          ))}
        </Flex>
      ),
    },
    { title: t('sv.robot.enabled'), dataIndex: 'enabled', render: (en: boolean, r) => <Switch size="small" checked={en} onChange={(v) => void toggle(r, v)} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      render: (_, r) => (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<SendOutlined />} disabled={!r.enabled} onClick={() => void test(r)} data-testid={`robot-test-${r.name}`}>
            {t('sv.robot.test')}
          </Button>
          <Button type="link" size="small" onClick={() => openEdit(r)}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => {
              setOutboxPage(1);
              setOutboxOf(r);
            }}
          >
            {t('sv.robot.outbox')}
          </Button>
          <Popconfirm title={t('sv.robot.confirmDelete', { name: r.name })} onConfirm={() => remove(r)}>
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const outboxColumns: TableColumnsType<OutboxRow> = [
    { title: t('sv.robot.queuedAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    { title: t('sv.robot.message'), dataIndex: 'title', render: (v: string, o) => <span>{v}{o.digest ? <Tag style={{ marginLeft: 6 }}>{t('sv.robot.digest')}</Tag> : null}</span> },
    { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={OUTBOX_STATUS_COLORS[s]}>{label(OUTBOX_STATUS_LABELS[s], s)}</Tag> },
    { title: t('sv.robot.attempts'), dataIndex: 'attempts' },
    { title: t('sv.robot.response'), key: 'response', render: (_, o) => (o.responseStatus ? `${o.responseStatus} ${o.responseBody ?? ''}` : (o.lastError ?? '—')) },
    { title: t('sv.robot.deliveredAt'), dataIndex: 'deliveredAt', render: (v: string | null) => (v ? formatTime(v) : '—') },
  ];

  return (
    <div data-testid="robots-page">
      <PageHeader
        title={t('sv.robots')}
        subtitle={t('sv.robotsSubtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={openCreate} data-testid="robot-create">
            {t('sv.robot.add')}
          </Button>
        }
      />
      <Table<Robot> rowKey="id" size="middle" loading={list.loading} columns={columns} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} pagination={false} data-testid="robots-table" />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('sv.robot.add') : t('sv.robot.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'robot-save' } as Record<string, string>}
        width={phone ? '100%' : 640}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="name" label={t('sv.robot.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} placeholder={t('sv.robot.namePlaceholder')} data-testid="robot-name" />
          </Form.Item>
          <Form.Item name="kind" label={t('sv.robot.kind')} rules={[{ required: true }]}>
            <Radio.Group disabled={editing !== 'new'} optionType="button" options={['wecom', 'dingtalk'].map((k) => ({ value: k, label: label(ROBOT_KIND_LABELS[k]) }))} />
          </Form.Item>
          {kind === 'wecom' ? (
            <Form.Item name="format" label={t('sv.robot.format')}>
              <Radio.Group options={[{ value: 'markdown', label: 'Markdown' }, { value: 'text', label: t('sv.robot.formatText') }]} />
            </Form.Item>
          ) : null}
          <Form.Item
            name="url"
            label={t('sv.robot.url')}
            rules={editing === 'new' ? [{ required: true, whitespace: true }] : []}
            extra={editing !== 'new' && editing ? t('sv.robot.urlKeep', { url: editing.url }) : kind === 'dingtalk' ? t('sv.robot.urlHelpDingtalk') : t('sv.robot.urlHelpWecom')}
          >
            <Input placeholder={kind === 'dingtalk' ? 'https://oapi.dingtalk.com/robot/send?access_token=…' : 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'} data-testid="robot-url" />
          </Form.Item>
          {kind === 'dingtalk' ? (
            <>
              <Form.Item name="secret" label={t('sv.robot.secret')} extra={editing !== 'new' && editing?.hasSecret ? t('sv.robot.secretKeep') : t('sv.robot.secretHelp')}>
                <Input.Password autoComplete="new-password" placeholder="SEC…" data-testid="robot-secret" />
              </Form.Item>
              {editing !== 'new' && editing?.hasSecret ? (
                <Form.Item name="clearSecret" valuePropName="checked">
                  <Checkbox>{t('sv.robot.clearSecret')}</Checkbox>
                </Form.Item>
              ) : null}
            </>
          ) : (
            <Alert type="info" showIcon title={t('sv.robot.wecomNoSecret')} style={{ marginBottom: 16 }} />
          )}
          {editing === 'new' ? (
            <>
              <Form.Item name="ownerType" label={t('sv.robot.owner')}>
                <Radio.Group
                  options={[
                    { value: 'region', label: t('sv.robot.ownerRegion') },
                    { value: 'department', label: t('sv.robot.ownerDepartment') },
                  ]}
                />
              </Form.Item>
              {ownerType === 'department' ? (
                <Form.Item name="departmentId" rules={[{ required: true }]}>
                  <Select loading={departments.loading} showSearch={{ optionFilterProp: 'label' }} options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
                </Form.Item>
              ) : (
                <Form.Item name="regionId" rules={[{ required: true }]}>
                  <RegionCascader style={{ width: '100%' }} />
                </Form.Item>
              )}
            </>
          ) : null}
          <Form.Item name="events" label={t('sv.robot.events')} extra={t('sv.robot.eventsHelp')}>
            <Checkbox.Group style={{ width: '100%' }}>
              <Flex wrap gap={8}>
                {EVENT_KINDS.map((e) => (
                  <Checkbox key={e} value={e} style={{ minWidth: phone ? '45%' : 170, marginInlineStart: 0 }}>
                    {label(EVENT_KIND_LABELS[e])}
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="enabled" label={t('sv.robot.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer open={outboxOf !== null} onClose={() => setOutboxOf(null)} title={t('sv.robot.outboxOf', { name: outboxOf?.name ?? '' })} size={phone ? '100%' : 900}>
        <Table<OutboxRow>
          rowKey="id"
          size="small"
          loading={outbox.loading}
          columns={outboxColumns}
          dataSource={outbox.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ current: outboxPage, pageSize: 20, total: outbox.data?.total ?? 0, onChange: setOutboxPage, showTotal: (total) => t('common.total', { total }) }}
        />
      </Drawer>
    </div>
  );
}
