import { CameraOutlined, CheckOutlined, CloseCircleFilled, EnvironmentOutlined, LockOutlined, SendOutlined, ToolOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Image, Input, Modal, Popconfirm, Radio, Select, Space, Spin } from 'antd';
import { useRef, useState } from 'react';
import { HAZARD_CATEGORIES, type HazardCategory } from '../../../../src/departments/taxonomy.js';
import { api } from '../../api.js';
import { useAction, useShowError } from '../../hooks.js';
import { ROLE_LABELS } from '../../i18n/labels.js';
import { useI18n, type MsgKey } from '../../i18n/index.js';
import { compressPhoto, uploadFile } from '../../offline/upload.js';
import { ALARM_RESULT_LABELS, HAZARD_CATEGORY_LABELS } from './labels.js';
import type { AlarmAction, AlarmDetail, Responder } from './types.js';

const DONE: Record<AlarmAction, MsgKey> = {
  acknowledge: 'mon.action.done.acknowledge',
  dispatch: 'mon.action.done.dispatch',
  arrive: 'mon.action.done.arrive',
  handle: 'mon.action.done.handle',
  close: 'mon.action.done.close',
};

type Result = 'real_leak' | 'false_alarm' | 'device_fault';
const RESULTS: Result[] = ['real_leak', 'false_alarm', 'device_fault'];

interface Photo {
  key: string;
  /** Set once uploaded. */
  fileId: string | null;
  preview: string;
}

/** Photos for the handling report: taken or picked, made smaller, uploaded at once (POST /api/v1/files?purpose=photo). */
function PhotosInput({ value, onChange }: { value?: string[]; onChange?: (ids: string[]) => void }) {
  const { t } = useI18n();
  const showError = useShowError();
  const input = useRef<HTMLInputElement | null>(null);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [busy, setBusy] = useState(0);
  const ids = value ?? [];
  const latest = useRef(ids);
  latest.current = ids;
  // Uploaded photos the form no longer holds (the dialog was reset) are not shown.
  const shown = photos.filter((p) => !p.fileId || ids.includes(p.fileId));

  const add = async (files: File[]) => {
    for (const file of files) {
      const key = `${Date.now()}-${Math.random()}`;
      const preview = URL.createObjectURL(file);
      setPhotos((p) => [...p, { key, fileId: null, preview }]);
      setBusy((n) => n + 1);
      try {
        const blob = await compressPhoto(file).catch(() => file);
        const id = await uploadFile(blob, 'photo', file.name || 'photo.jpg');
        setPhotos((p) => p.map((x) => (x.key === key ? { ...x, fileId: id } : x)));
        latest.current = [...latest.current, id];
        onChange?.(latest.current);
      } catch (e) {
        setPhotos((p) => p.filter((x) => x.key !== key));
        URL.revokeObjectURL(preview);
        showError(e);
      } finally {
        setBusy((n) => n - 1);
      }
    }
  };

  const remove = (photo: Photo) => {
    setPhotos((p) => p.filter((x) => x.key !== photo.key));
    URL.revokeObjectURL(photo.preview);
    if (photo.fileId) onChange?.(latest.current.filter((id) => id !== photo.fileId));
  };

  return (
    <Flex gap={8} wrap align="center">
      {shown.map((p) => (
        <div key={p.key} style={{ position: 'relative', width: 64, height: 64 }} data-testid="handle-photo" data-uploaded={p.fileId ? 'yes' : 'no'}>
          <Image src={p.preview} width={64} height={64} style={{ objectFit: 'cover', borderRadius: 6 }} alt="" />
          {p.fileId ? null : <Spin size="small" style={{ position: 'absolute', left: 22, top: 22 }} />}
          <CloseCircleFilled
            onClick={() => remove(p)}
            aria-label={t('common.delete')}
            style={{ position: 'absolute', top: -6, right: -6, fontSize: 18, color: '#ff4d4f', background: '#fff', borderRadius: 9, cursor: 'pointer' }}
          />
        </div>
      ))}
      <Button icon={<CameraOutlined />} loading={busy > 0} onClick={() => input.current?.click()} style={{ height: 64 }}>
        {t('mon.handle.addPhoto')}
      </Button>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        data-testid="handle-photo-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) void add(files);
        }}
      />
    </Flex>
  );
}

/**
 * The buttons of what the caller may do now (availableActions from the server): 确认, 派单 (to a
 * person from /responders), 到场 (the responder), 处置 (result, note, photos; a real leak becomes a
 * hazard) and 关闭. Server field errors land on the dialog's fields.
 */
export function AlarmActions({ alarm, responders, onDone }: { alarm: AlarmDetail; responders: Responder[] | undefined; onDone(a: AlarmDetail): void }) {
  const { t, label, paren } = useI18n();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [dialog, setDialog] = useState<'dispatch' | 'handle' | null>(null);
  const [dispatchForm] = Form.useForm<{ responderId: string }>();
  const [handleForm] = Form.useForm<{ result: Result; hazardCategory?: HazardCategory; note?: string; photos?: string[] }>();
  const result = Form.useWatch('result', handleForm);
  const actions = alarm.availableActions as AlarmAction[];

  const act = async (action: AlarmAction, body: Record<string, unknown> = {}, form?: Parameters<typeof run>[1]) => {
    const res = await run(() => api.post<AlarmDetail>(`/api/v1/alarms/${alarm.id}/actions/${action}`, body), form);
    if (!res) return false;
    void message.success(t(DONE[action]));
    onDone(res);
    return true;
  };

  if (actions.length === 0) return <Alert type="info" showIcon title={alarm.state === 'closed' ? t('mon.action.closedNote') : t('mon.action.noneForYou')} data-testid="alarm-actions-none" />;

  const big = { size: 'large' as const, style: { minWidth: 96 } };
  return (
    <>
      <Space wrap size={[8, 8]} data-testid="alarm-actions">
        {actions.includes('acknowledge') ? (
          <Button {...big} type="primary" danger={alarm.severity === 'critical'} icon={<CheckOutlined />} loading={busy} onClick={() => void act('acknowledge')} data-testid="alarm-action-acknowledge">
            {t('mon.action.acknowledge')}
          </Button>
        ) : null}
        {actions.includes('dispatch') ? (
          <Button
            {...big}
            type={alarm.state === 'acknowledged' ? 'primary' : 'default'}
            icon={<SendOutlined />}
            onClick={() => {
              dispatchForm.resetFields();
              setDialog('dispatch');
            }}
            data-testid="alarm-action-dispatch"
          >
            {alarm.state === 'dispatched' ? t('mon.action.redispatch') : t('mon.action.dispatch')}
          </Button>
        ) : null}
        {actions.includes('arrive') ? (
          <Popconfirm title={t('mon.action.confirmArrive')} onConfirm={() => act('arrive')} okButtonProps={{ 'data-testid': 'arrive-confirm' } as Record<string, string>}>
            <Button {...big} type="primary" icon={<EnvironmentOutlined />} loading={busy} data-testid="alarm-action-arrive">
              {t('mon.action.arrive')}
            </Button>
          </Popconfirm>
        ) : null}
        {actions.includes('handle') ? (
          <Button
            {...big}
            type={alarm.state === 'on_site' ? 'primary' : 'default'}
            icon={<ToolOutlined />}
            onClick={() => {
              handleForm.resetFields();
              setDialog('handle');
            }}
            data-testid="alarm-action-handle"
          >
            {t('mon.action.handle')}
          </Button>
        ) : null}
        {actions.includes('close') ? (
          <Popconfirm title={t('mon.action.confirmClose')} onConfirm={() => act('close')} okButtonProps={{ 'data-testid': 'close-confirm' } as Record<string, string>}>
            <Button {...big} type="primary" icon={<LockOutlined />} loading={busy} data-testid="alarm-action-close">
              {t('mon.action.close')}
            </Button>
          </Popconfirm>
        ) : null}
      </Space>

      <Modal
        open={dialog === 'dispatch'}
        title={t('mon.dispatch.title', { code: alarm.code })}
        onCancel={() => setDialog(null)}
        onOk={() => dispatchForm.submit()}
        confirmLoading={busy}
        okText={t('mon.action.dispatch')}
        okButtonProps={{ 'data-testid': 'dispatch-submit' } as Record<string, string>}
        forceRender
      >
        <Form
          form={dispatchForm}
          layout="vertical"
          onFinish={(v) => void act('dispatch', { responderId: v.responderId }, dispatchForm).then((ok) => ok && setDialog(null))}
        >
          <Form.Item name="responderId" label={t('mon.dispatch.responder')} rules={[{ required: true, message: t('mon.dispatch.responderRequired') }]} extra={t('mon.dispatch.help')}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={!responders}
              placeholder={t('mon.dispatch.placeholder')}
              options={(responders ?? []).map((r) => ({ value: r.id, label: paren(r.displayName, label(ROLE_LABELS[r.role as keyof typeof ROLE_LABELS], r.role)) }))}
              data-testid="dispatch-responder"
            />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog === 'handle'}
        title={t('mon.handle.title', { code: alarm.code })}
        onCancel={() => setDialog(null)}
        onOk={() => handleForm.submit()}
        confirmLoading={busy}
        okText={t('mon.handle.submit')}
        okButtonProps={{ 'data-testid': 'handle-submit' } as Record<string, string>}
        forceRender
        destroyOnHidden={false}
      >
        <Form
          form={handleForm}
          layout="vertical"
          initialValues={{ hazardCategory: 'problem_pipeline', photos: [] }}
          onFinish={(v) =>
            void act(
              'handle',
              {
                result: v.result,
                ...(v.note?.trim() ? { note: v.note.trim() } : {}),
                photos: v.photos ?? [],
                ...(v.result === 'real_leak' && v.hazardCategory ? { hazardCategory: v.hazardCategory } : {}),
              },
              handleForm,
            ).then((ok) => ok && setDialog(null))
          }
        >
          <Form.Item name="result" label={t('mon.handle.result')} rules={[{ required: true, message: t('mon.handle.resultRequired') }]}>
            <Radio.Group data-testid="handle-result">
              {RESULTS.map((r) => (
                <Radio.Button key={r} value={r} data-testid={`handle-result-${r}`}>
                  {label(ALARM_RESULT_LABELS[r])}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          {result === 'real_leak' ? (
            <>
              <Alert type="warning" showIcon title={t('mon.handle.realLeakNote')} style={{ marginBottom: 12 }} />
              <Form.Item name="hazardCategory" label={t('mon.handle.hazardCategory')}>
                <Select options={HAZARD_CATEGORIES.map((c) => ({ value: c, label: label(HAZARD_CATEGORY_LABELS[c]) }))} data-testid="handle-hazard-category" />
              </Form.Item>
            </>
          ) : null}
          <Form.Item name="note" label={t('mon.handle.note')}>
            <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('mon.handle.notePlaceholder')} data-testid="handle-note" />
          </Form.Item>
          <Form.Item name="photos" label={t('mon.handle.photos')} extra={alarm.state === 'on_site' ? t('mon.handle.photosRequired') : t('mon.handle.photosHelp')}>
            <PhotosInput />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
