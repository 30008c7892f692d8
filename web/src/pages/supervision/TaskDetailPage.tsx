import { ArrowLeftOutlined, BellOutlined, MessageOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Result, Skeleton, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { useAction, useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { EvidenceUpload } from '../hazards/common.js';
import { URGE_MODE_LABELS } from './labels.js';
import { TaskStatusTag } from './TasksPage.js';
import type { TaskDetail } from './types.js';

/** Links to a task's or a record's files. */
export function FileLinks({ files }: { files: readonly { id: string; url: string }[] }) {
  const { t } = useI18n();
  if (files.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {files.map((f, i) => (
        <Typography.Link key={f.id} href={f.url} target="_blank">
          {t('sv.fileN', { n: i + 1 })}
        </Typography.Link>
      ))}
    </Flex>
  );
}

/** One 交办 task: what was asked, by when, the reply (办理反馈) and every 督办. */
export function TaskDetailPage() {
  const { id = '' } = useParams();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { t, label, formatTime, paren } = useI18n();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [version, setVersion] = useState(0);
  const [acting, setActing] = useState<'reply' | 'urge' | null>(null);
  const [form] = Form.useForm<{ text?: string; note?: string; attachments?: string[] }>();
  const detail = useLoad(() => api.get<TaskDetail>(`/api/v1/supervision/tasks/${id}`), [id, version]);

  if (detail.error instanceof ApiError && detail.error.status === 404) return <Result status="404" title={t('sv.task.notFound')} />;
  if (!detail.data) return <Skeleton active />;
  const { task, urges } = detail.data;

  const open = (a: 'reply' | 'urge') => {
    form.resetFields();
    form.setFieldsValue({ attachments: [] });
    setActing(a);
  };

  const submit = async (v: { text?: string; note?: string; attachments?: string[] }) => {
    const res =
      acting === 'reply'
        ? await run(() => api.post(`/api/v1/supervision/tasks/${id}/reply`, { text: v.text?.trim(), attachments: v.attachments ?? [] }), form)
        : await run(() => api.post(`/api/v1/supervision/tasks/${id}/urge`, v.note?.trim() ? { note: v.note.trim() } : {}), form);
    if (res === undefined) return;
    void message.success(acting === 'reply' ? t('sv.task.replied') : t('sv.task.urgedOk'));
    setActing(null);
    setVersion((x) => x + 1);
  };

  return (
    <div data-testid="task-detail-page">
      <Flex align="center" gap={8} wrap style={{ marginBottom: 16 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/supervision/tasks')} />
        <Typography.Title level={4} style={{ margin: 0 }}>
          {task.title}
        </Typography.Title>
        <TaskStatusTag status={task.status} overdue={task.overdue} />
        <Space style={{ marginLeft: phone ? 0 : 'auto' }} wrap>
          {task.availableActions.includes('reply') ? (
            <Button type="primary" icon={<MessageOutlined />} onClick={() => open('reply')} data-testid="task-reply">
              {t('sv.task.reply')}
            </Button>
          ) : null}
          {task.availableActions.includes('urge') ? (
            <Button danger icon={<BellOutlined />} onClick={() => open('urge')} data-testid="task-urge">
              {t('sv.task.urge')}
            </Button>
          ) : null}
        </Space>
      </Flex>
      <Card size="small" title={t('sv.task.info')} style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={phone ? 1 : 2}
          bordered={!phone}
          items={[
            { key: 'issuer', label: t('sv.task.issuer'), children: paren(task.issuerName, task.issuedByLabel) },
            { key: 'target', label: t('sv.task.target'), children: task.targetName },
            { key: 'deadline', label: t('sv.task.deadline'), children: <Typography.Text type={task.overdue && task.status !== 'done' ? 'danger' : undefined}>{task.deadline}</Typography.Text> },
            { key: 'issuedAt', label: t('sv.task.issuedAt'), children: formatTime(task.createdAt) },
            { key: 'description', label: t('sv.task.description'), span: phone ? 1 : 2, children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{task.description}</Typography.Paragraph> },
            { key: 'attachments', label: t('sv.attachments'), span: phone ? 1 : 2, children: <FileLinks files={task.attachments} /> },
          ]}
        />
      </Card>
      <Card size="small" title={t('sv.task.replySection')} style={{ marginBottom: 16 }} data-testid="task-reply-section">
        {task.replyText ? (
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'by', label: t('sv.task.repliedBy'), children: `${task.repliedByLabel ?? ''} · ${task.repliedAt ? formatTime(task.repliedAt) : ''}` },
              { key: 'text', label: t('sv.task.replyText'), children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{task.replyText}</Typography.Paragraph> },
              { key: 'files', label: t('sv.attachments'), children: <FileLinks files={task.replyAttachments} /> },
            ]}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.task.noReply')} />
        )}
      </Card>
      <Card size="small" title={t('sv.task.urges', { count: urges.length })}>
        {urges.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.task.noUrges')} />
        ) : (
          <Timeline
            items={urges.map((u) => ({
              key: u.id,
              color: 'red',
              content: (
                <Flex vertical>
                  <Typography.Text strong>
                    {label(URGE_MODE_LABELS[u.mode], u.mode)} · {t('sv.task.daysOverdue', { days: u.daysOverdue })}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {u.byLabel} · {formatTime(u.at)}
                  </Typography.Text>
                  {u.note ? <Typography.Text>{u.note}</Typography.Text> : null}
                </Flex>
              ),
            }))}
          />
        )}
      </Card>
      <Modal
        open={acting !== null}
        title={acting === 'reply' ? t('sv.task.reply') : t('sv.task.urge')}
        onCancel={() => setActing(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        width={phone ? '100%' : 560}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          {acting === 'reply' ? (
            <>
              <Form.Item name="text" label={t('sv.task.replyText')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={4} maxLength={5000} showCount />
              </Form.Item>
              <Form.Item name="attachments" label={t('sv.attachments')}>
                <EvidenceUpload purpose="document" />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="note" label={t('sv.task.urgeNote')}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
