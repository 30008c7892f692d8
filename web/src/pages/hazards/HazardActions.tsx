import { CheckCircleOutlined, DeleteOutlined, PlayCircleOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Flex, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import type { HazardAction } from '../../../../src/hazards/hazard.rules.js';
import { api } from '../../api.js';
import { useAction, useIsPhone } from '../../hooks.js';
import { useI18n, type MsgKey } from '../../i18n/index.js';
import { chinaToday, EvidenceUpload } from './common.js';
import type { Hazard } from './types.js';

interface ActionForm {
  deadline?: Dayjs;
  responsiblePerson?: string;
  fixableAtOnce?: boolean;
  controlMeasures?: string;
  watcher?: string;
  reason?: string;
  comment?: string;
  photos?: string[];
}

const META: Record<HazardAction, { title: MsgKey; icon: ReactNode; danger?: boolean; primary?: boolean }> = {
  assign: { title: 'hz.action.assign', icon: <SendOutlined />, primary: true },
  start: { title: 'hz.action.start', icon: <PlayCircleOutlined />, primary: true },
  request_review: { title: 'hz.action.request_review', icon: <CheckCircleOutlined />, primary: true },
  reject: { title: 'hz.action.reject', icon: <RollbackOutlined />, danger: true },
  close: { title: 'hz.action.close', icon: <CheckCircleOutlined />, primary: true },
  void: { title: 'hz.action.void', icon: <DeleteOutlined />, danger: true },
};

/** The order buttons appear in: the step forward first, refusals after. */
const ORDER: HazardAction[] = ['assign', 'start', 'request_review', 'close', 'reject', 'void'];

/**
 * The buttons of the transitions the server offers this caller (availableActions) and their
 * forms (R4.2, R4.3): 交办 with deadline, responsible person and, when it cannot be fixed at
 * once, control measures and a watcher; 申请复核 with rectification photos; 驳回 and 作废 with a
 * reason. The server's field messages land on the fields.
 */
export function HazardActions({ hazard, onDone, block }: { hazard: Hazard; onDone(): void; block?: boolean }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [action, setAction] = useState<HazardAction | null>(null);
  const [form] = Form.useForm<ActionForm>();
  const fixable = Form.useWatch('fixableAtOnce', form);

  const actions = ORDER.filter((a) => hazard.availableActions.includes(a));
  if (actions.length === 0) return null;

  const openAction = (a: HazardAction) => {
    form.resetFields();
    if (a === 'assign') {
      const suggested = hazard.severity === 'major' ? 30 : 15;
      form.setFieldsValue({ fixableAtOnce: true, deadline: dayjs(chinaToday()).add(suggested, 'day') });
    }
    if (a === 'request_review') form.setFieldsValue({ photos: [] });
    setAction(a);
  };

  const submit = async (v: ActionForm) => {
    if (!action) return;
    const body: Record<string, unknown> = {};
    if (action === 'assign') {
      body.deadline = v.deadline?.format('YYYY-MM-DD');
      body.responsiblePerson = v.responsiblePerson?.trim();
      body.fixableAtOnce = v.fixableAtOnce !== false;
      if (v.fixableAtOnce === false) {
        body.controlMeasures = v.controlMeasures?.trim();
        body.watcher = v.watcher?.trim();
      }
    }
    if (action === 'request_review') body.photos = v.photos ?? [];
    if (action === 'reject' || action === 'void') body.reason = v.reason?.trim();
    if (v.comment?.trim()) body.comment = v.comment.trim();
    const res = await run(() => api.post(`/api/v1/hazards/${hazard.id}/actions/${action}`, body), form);
    if (res === undefined) return;
    void message.success(t('hz.actionDone', { action: t(META[action].title) }));
    setAction(null);
    onDone();
  };

  const disabledDate = (d: Dayjs) => d.format('YYYY-MM-DD') < chinaToday();

  return (
    <>
      <Flex gap={8} wrap vertical={block} data-testid="hazard-actions">
        {actions.map((a) => (
          <Button
            key={a}
            type={META[a].primary ? 'primary' : 'default'}
            danger={META[a].danger}
            icon={META[a].icon}
            size={block ? 'large' : 'middle'}
            block={block}
            onClick={() => openAction(a)}
            data-testid={`hazard-action-${a}`}
          >
            {t(META[a].title)}
          </Button>
        ))}
      </Flex>
      <Modal
        open={action !== null}
        title={action ? t(META[action].title) : ''}
        onCancel={() => setAction(null)}
        onOk={() => form.submit()}
        okText={action ? t(META[action].title) : undefined}
        okButtonProps={{ danger: action ? META[action].danger : false, ...({ 'data-testid': 'hazard-action-submit' } as Record<string, string>) }}
        confirmLoading={busy}
        width={phone ? '100%' : 560}
        style={phone ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="hazard-action-form">
          {action === 'assign' ? (
            <>
              <Form.Item name="deadline" label={t('hz.deadline')} rules={[{ required: true }]} extra={t('hz.deadlineHelp')}>
                <DatePicker style={{ width: '100%' }} disabledDate={disabledDate} inputReadOnly={phone} data-testid="action-deadline" />
              </Form.Item>
              <Form.Item name="responsiblePerson" label={t('hz.responsiblePerson')} rules={[{ required: true, whitespace: true }]} extra={t('hz.responsiblePersonHelp')}>
                <Input maxLength={100} data-testid="action-responsible" />
              </Form.Item>
              <Form.Item name="fixableAtOnce" label={t('hz.fixableAtOnce')}>
                <Radio.Group
                  options={[
                    { value: true, label: t('common.yes') },
                    { value: false, label: t('common.no') },
                  ]}
                  data-testid="action-fixable"
                />
              </Form.Item>
              {fixable === false ? (
                <>
                  <Form.Item name="controlMeasures" label={t('hz.controlMeasures')} rules={[{ required: true, whitespace: true }]} extra={t('hz.controlMeasuresHelp')}>
                    <Input.TextArea rows={3} maxLength={1000} data-testid="action-control" />
                  </Form.Item>
                  <Form.Item name="watcher" label={t('hz.watcher')} rules={[{ required: true, whitespace: true }]}>
                    <Input maxLength={100} data-testid="action-watcher" />
                  </Form.Item>
                </>
              ) : null}
            </>
          ) : null}
          {action === 'request_review' ? (
            <Form.Item
              name="photos"
              label={t('hz.rectificationPhotos')}
              rules={[{ required: true, type: 'array', min: 1, message: t('hz.evidenceRequired') }]}
              extra={t('hz.rectificationPhotosHelp')}
            >
              <EvidenceUpload testId="action-photos" />
            </Form.Item>
          ) : null}
          {action === 'reject' || action === 'void' ? (
            <Form.Item name="reason" label={t(action === 'reject' ? 'hz.rejectReason' : 'hz.voidReason')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} maxLength={1000} data-testid="action-reason" />
            </Form.Item>
          ) : null}
          {action && action !== 'reject' && action !== 'void' ? (
            <Form.Item name="comment" label={t(action === 'request_review' ? 'hz.rectificationNote' : action === 'close' ? 'hz.reviewOpinion' : 'hz.comment')}>
              <Input.TextArea rows={2} maxLength={1000} data-testid="action-comment" />
            </Form.Item>
          ) : null}
          {action === 'close' ? <div style={{ color: 'rgba(0,0,0,0.45)' }}>{t('hz.closeNote')}</div> : null}
          {action === 'start' ? <div style={{ color: 'rgba(0,0,0,0.45)' }}>{t('hz.startNote')}</div> : null}
        </Form>
      </Modal>
    </>
  );
}
