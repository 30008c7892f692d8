import { FilePdfOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Empty, Flex, Form, Input, List, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { issuesNotices } from '../../../../src/hazards/notices.rules.js';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { useAction, useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { chinaToday, useDownload } from './common.js';
import { NOTICE_KINDS, NOTICE_TITLES, OPEN_STATES } from './labels.js';
import type { Hazard, HazardListPage, HazardNoticeBrief, Notice } from './types.js';

interface NoticeForm {
  hazardIds: string[];
  issuer?: string;
  kind: (typeof NOTICE_KINDS)[number];
  deadline: Dayjs;
  officers: { name: string; certificateNo: string }[];
  representativeName?: string;
}

/**
 * 整改通知书 (R4.4): the notices listing this hazard with their PDFs, and issuing one over open
 * hazards of the same subject, with two officers and their enforcement certificate numbers.
 */
export function NoticeSection({ hazard, notices, onIssued }: { hazard: Hazard; notices: readonly HazardNoticeBrief[]; onIssued(): void }) {
  const me = useMe();
  const phone = useIsPhone();
  const { t, label, paren } = useI18n();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const { download, busy: downloading } = useDownload();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NoticeForm>();

  const canIssue = issuesNotices(me.role) && (OPEN_STATES as readonly string[]).includes(hazard.state);
  const chooseIssuer = me.role === 'platform_admin' || me.role === 'task_force';
  const siblings = useLoad(
    () =>
      open
        ? api.get<HazardListPage>('/api/v1/hazards', { subjectType: hazard.subjectType, subjectId: hazard.subjectId, state: 'open', pageSize: 50 })
        : Promise.resolve(null),
    [open, hazard.id],
  );

  const issuerOptions = [
    ...(hazard.leadDepartmentId ? [{ value: `department:${hazard.leadDepartmentId}`, label: paren(hazard.leadName ?? '', t('hz.leadShort')) }] : []),
    ...hazard.cooperatingDepartmentIds.map((id, i) => ({ value: `department:${id}`, label: paren(hazard.cooperatingNames[i] ?? id, t('hz.cooperatingShort')) })),
    ...(hazard.townId ? [{ value: `region:${hazard.townId}`, label: paren(hazard.townName ?? '', t('hz.townShort')) }] : []),
  ];

  const start = () => {
    form.resetFields();
    const today = chinaToday();
    const deadline = hazard.deadline && hazard.deadline >= today ? dayjs(hazard.deadline) : dayjs(today).add(15, 'day');
    form.setFieldsValue({
      hazardIds: [hazard.id],
      kind: 'rectification',
      deadline,
      officers: [
        { name: '', certificateNo: '' },
        { name: '', certificateNo: '' },
      ],
      ...(chooseIssuer && issuerOptions[0] ? { issuer: issuerOptions[0].value } : {}),
    });
    setOpen(true);
  };

  const submit = async (v: NoticeForm) => {
    const [type, id] = (v.issuer ?? '').split(':');
    const res = await run(
      () =>
        api.post<Notice>('/api/v1/notices', {
          kind: v.kind,
          ...(chooseIssuer && type && id ? { issuer: { type, id } } : {}),
          items: v.hazardIds.map((hazardId) => ({ hazardId })),
          deadline: v.deadline.format('YYYY-MM-DD'),
          officers: v.officers.map((o) => ({ name: o.name.trim(), certificateNo: o.certificateNo.trim() })),
          ...(v.representativeName?.trim() ? { representativeName: v.representativeName.trim() } : {}),
        }),
      form,
    );
    if (!res) return;
    void message.success(t('hz.notice.issued', { number: res.number }));
    setOpen(false);
    onIssued();
  };

  return (
    <Card
      size="small"
      title={t('hz.notice.title')}
      style={{ marginBottom: 16 }}
      data-testid="hazard-notices"
      extra={
        canIssue ? (
          <Button size="small" type="primary" ghost icon={<PlusOutlined />} onClick={start} data-testid="notice-issue">
            {t('hz.notice.issue')}
          </Button>
        ) : null
      }
    >
      {notices.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hz.notice.none')} />
      ) : (
        <List
          size="small"
          dataSource={[...notices]}
          renderItem={(n) => (
            <List.Item
              data-testid="notice-row"
              actions={[
                <Button
                  key="pdf"
                  size="small"
                  icon={<FilePdfOutlined />}
                  loading={downloading === n.pdfUrl}
                  onClick={() => void download(n.pdfUrl, `${n.number}.pdf`)}
                  data-testid="notice-pdf"
                >
                  PDF
                </Button>,
              ]}
            >
              <Flex vertical>
                <Space size={6} wrap>
                  <Typography.Text strong data-testid="notice-number">
                    {n.number}
                  </Typography.Text>
                  <Tag>{label(NOTICE_TITLES[n.kind as keyof typeof NOTICE_TITLES], n.kind)}</Tag>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {n.issuerName} · {n.issuedOn}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={open}
        title={t('hz.notice.issue')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('hz.notice.issueOk')}
        okButtonProps={{ 'data-testid': 'notice-submit' } as Record<string, string>}
        confirmLoading={busy}
        width={phone ? '100%' : 680}
        style={phone ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="notice-form">
          <Form.Item name="kind" label={t('hz.notice.kind')} rules={[{ required: true }]}>
            <Radio.Group options={NOTICE_KINDS.map((k) => ({ value: k, label: label(NOTICE_TITLES[k]) }))} />
          </Form.Item>
          {chooseIssuer ? (
            <Form.Item name="issuer" label={t('hz.notice.issuer')} rules={[{ required: true }]} extra={t('hz.notice.issuerHelp')}>
              <Select options={issuerOptions} data-testid="notice-issuer" />
            </Form.Item>
          ) : (
            <Form.Item label={t('hz.notice.issuer')}>
              <Input value={me.department?.name ?? me.region.name} disabled />
            </Form.Item>
          )}
          <Form.Item name="hazardIds" label={t('hz.notice.hazards')} rules={[{ required: true, type: 'array', min: 1 }]} extra={t('hz.notice.hazardsHelp', { subject: hazard.subjectName })}>
            <Checkbox.Group style={{ width: '100%' }} data-testid="notice-hazards">
              <Flex vertical gap={6}>
                {(siblings.data?.items ?? [hazard]).map((h) => (
                  <Checkbox key={h.id} value={h.id}>
                    <Typography.Text strong>{h.code}</Typography.Text> <Typography.Text>{h.description.length > 60 ? `${h.description.slice(0, 60)}…` : h.description}</Typography.Text>
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="deadline" label={t('hz.notice.deadline')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') < chinaToday()} inputReadOnly={phone} data-testid="notice-deadline" />
          </Form.Item>
          <Form.Item label={t('hz.notice.officers')} required extra={t('hz.notice.officersHelp')}>
            <Form.List name="officers">
              {(fields, { add, remove }, { errors }) => (
                <Flex vertical gap={8}>
                  {fields.map((f, i) => (
                    <Flex key={f.key} gap={8} align="start" wrap={phone}>
                      <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('hz.notice.officerName') }]} style={{ marginBottom: 0, flex: 1, minWidth: 120 }}>
                        <Input placeholder={t('hz.notice.officerName')} maxLength={50} data-testid={`notice-officer-name-${i}`} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'certificateNo']} rules={[{ required: true, whitespace: true, message: t('hz.notice.certificateNo') }]} style={{ marginBottom: 0, flex: 1, minWidth: 140 }}>
                        <Input placeholder={t('hz.notice.certificateNo')} maxLength={50} data-testid={`notice-officer-cert-${i}`} />
                      </Form.Item>
                      {fields.length > 2 ? <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: 9 }} /> : null}
                    </Flex>
                  ))}
                  {fields.length < 4 ? (
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', certificateNo: '' })}>
                      {t('hz.notice.addOfficer')}
                    </Button>
                  ) : null}
                  <Form.ErrorList errors={errors} />
                </Flex>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item name="representativeName" label={t('hz.notice.representative')}>
            <Input maxLength={50} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
