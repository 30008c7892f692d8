import { PauseCircleOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Form, Input, InputNumber, List, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { useAction, useIsPhone } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { chinaToday, EvidenceUpload, PhotoStrip } from './common.js';
import { ENFORCEMENT_KINDS, ENFORCEMENT_LABELS, OPEN_STATES } from './labels.js';
import type { EnforcementStep, Hazard } from './types.js';

export type StepMode = 'enforcement' | 'suspend' | 'restore';

interface StepForm {
  kind?: (typeof ENFORCEMENT_KINDS)[number];
  amountYuan?: number;
  actionDate: Dayjs;
  officer: string;
  documentNo?: string;
  note?: string;
  files: string[];
}

const OFFICIALS = ['platform_admin', 'task_force', 'town_officer', 'dept_officer'];

const TITLES = { enforcement: 'hz.enf.record', suspend: 'hz.supply.suspend', restore: 'hz.supply.restore' } as const;

/** The form of one enforcement step or of a supply suspension / restoration (R4.5). */
export function StepModal({ hazardId, mode, onClose, onDone }: { hazardId: string; mode: StepMode | null; onClose(): void; onDone(): void }) {
  const me = useMe();
  const phone = useIsPhone();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [form] = Form.useForm<StepForm>();
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!mode) return;
    form.resetFields();
    form.setFieldsValue({ actionDate: dayjs(chinaToday()), officer: me.displayName, files: [], ...(mode === 'enforcement' ? { kind: 'stop_use' } : {}) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode]);

  const submit = async (v: StepForm) => {
    if (!mode) return;
    const step = {
      actionDate: v.actionDate.format('YYYY-MM-DD'),
      officer: v.officer.trim(),
      ...(v.documentNo?.trim() ? { documentNo: v.documentNo.trim() } : {}),
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      files: v.files ?? [],
    };
    const path =
      mode === 'enforcement' ? `/api/v1/hazards/${hazardId}/enforcement` : mode === 'suspend' ? `/api/v1/hazards/${hazardId}/supply/suspend` : `/api/v1/hazards/${hazardId}/supply/restore`;
    const body = mode === 'enforcement' ? { kind: v.kind, ...(v.kind === 'fine' && v.amountYuan ? { amountYuan: v.amountYuan } : {}), ...step } : step;
    const res = await run(() => api.post(path, body), form);
    if (res === undefined) return;
    void message.success(t('common.saved'));
    onDone();
  };

  return (
    <Modal
      open={mode !== null}
      title={mode ? t(TITLES[mode]) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ danger: mode === 'suspend', ...({ 'data-testid': 'step-submit' } as Record<string, string>) }}
      confirmLoading={busy}
      width={phone ? '100%' : 560}
      style={phone ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
      forceRender
    >
      {mode === 'suspend' ? <Alert type="warning" showIcon title={t('hz.supply.suspendNote')} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="step-form">
        {mode === 'enforcement' ? (
          <Form.Item name="kind" label={t('hz.enforcementKind')} rules={[{ required: true }]}>
            <Select options={ENFORCEMENT_KINDS.map((k) => ({ value: k, label: label(ENFORCEMENT_LABELS[k]) }))} data-testid="step-kind" />
          </Form.Item>
        ) : null}
        {mode === 'enforcement' && kind === 'fine' ? (
          <Form.Item name="amountYuan" label={t('hz.enf.amount')} rules={[{ required: true }]}>
            <InputNumber min={0.01} step={100} precision={2} style={{ width: '100%' }} suffix={t('hz.enf.yuan')} />
          </Form.Item>
        ) : null}
        <Form.Item name="actionDate" label={t('hz.enf.date')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly={phone} />
        </Form.Item>
        <Form.Item name="officer" label={t('hz.enf.officer')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="documentNo" label={t('hz.documentNo')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="note" label={t('hz.enf.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="files" label={t('hz.enf.files')}>
          <EvidenceUpload testId="step-files" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 执法与供气 (R4.5): the enforcement steps recorded against the hazard, and the supply of a user who
 * refuses to rectify — suspended while the hazard is open, restored once it is closed (with the
 * prompt when a closed hazard's user is still cut off).
 */
export function EnforcementSection({ hazard, steps, onChanged }: { hazard: Hazard; steps: readonly EnforcementStep[]; onChanged(): void }) {
  const me = useMe();
  const { t, label, formatTime } = useI18n();
  const [mode, setMode] = useState<StepMode | null>(null);
  const official = OFFICIALS.includes(me.role);
  const open = (OPEN_STATES as readonly string[]).includes(hazard.state);
  const userSubject = hazard.subjectType === 'venue' || hazard.subjectType === 'household';
  const canSuspend = official && userSubject && open && !hazard.supplySuspended;
  const canRestore = official && userSubject && hazard.supplySuspended && (hazard.state === 'closed' || hazard.state === 'voided');

  return (
    <Card
      size="small"
      title={t('hz.enf.title')}
      style={{ marginBottom: 16 }}
      data-testid="hazard-enforcement"
      extra={
        <Space size={6} wrap>
          {official && hazard.state !== 'voided' ? (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setMode('enforcement')} data-testid="enforcement-record">
              {t('hz.enf.record')}
            </Button>
          ) : null}
          {canSuspend ? (
            <Button size="small" danger icon={<PauseCircleOutlined />} onClick={() => setMode('suspend')} data-testid="supply-suspend">
              {t('hz.supply.suspend')}
            </Button>
          ) : null}
          {canRestore && !hazard.promptRestoreSupply ? (
            <Button size="small" icon={<PlayCircleOutlined />} onClick={() => setMode('restore')} data-testid="supply-restore">
              {t('hz.supply.restore')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {hazard.supplySuspended && open ? <Alert type="warning" showIcon title={t('hz.supply.suspendedNow')} style={{ marginBottom: 12 }} /> : null}
      {hazard.promptRestoreSupply ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="supply-restore-prompt"
          title={t('hz.supply.restorePrompt')}
          action={
            official ? (
              <Button size="small" type="primary" onClick={() => setMode('restore')} data-testid="supply-restore">
                {t('hz.supply.restore')}
              </Button>
            ) : undefined
          }
        />
      ) : null}
      {steps.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hz.enf.none')} />
      ) : (
        <List
          size="small"
          dataSource={[...steps]}
          renderItem={(s) => (
            <List.Item data-testid="enforcement-row">
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Space size={6} wrap>
                  <Tag color={s.kind === 'supply_suspension' ? 'magenta' : s.kind === 'supply_restoration' ? 'green' : 'orange'}>{label(s.kindLabel, s.kind)}</Tag>
                  <Typography.Text>{s.actionDate}</Typography.Text>
                  {s.amountYuan ? <Typography.Text strong>{t('hz.enf.amountValue', { amount: s.amountYuan })}</Typography.Text> : null}
                  {s.documentNo ? <Typography.Text type="secondary">{s.documentNo}</Typography.Text> : null}
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('hz.enf.by', { officer: s.officer, recorder: s.recordedByName ?? '', time: formatTime(s.recordedAt) })}
                </Typography.Text>
                {s.note ? <Typography.Text>{s.note}</Typography.Text> : null}
                <PhotoStrip ids={s.files.map((f) => f.id)} size={56} />
              </Flex>
            </List.Item>
          )}
        />
      )}
      <StepModal
        hazardId={hazard.id}
        mode={mode}
        onClose={() => setMode(null)}
        onDone={() => {
          setMode(null);
          onChanged();
        }}
      />
    </Card>
  );
}
