import { DatePicker, Form, Input, InputNumber, Modal, Radio, Select, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { RegistryPicker } from '../../components/RegistryPicker.js';
import { useAction, useShowError } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { BINDING_TYPE_LABELS, DEVICE_TYPE_LABELS, DEVICE_TYPES, GAS_TYPE_LABELS, GAS_TYPES } from './labels.js';
import type { BindingType, Device, DeviceType, GasType } from './types.js';

interface FormValues {
  code: string;
  type: DeviceType;
  subjectType: BindingType;
  subjectId: string;
  location?: string | null;
  model?: string | null;
  vendor?: string | null;
  gasType: GasType;
  installedOn?: Dayjs | null;
  expiresOn?: Dayjs | null;
  lat?: number | null;
  lng?: number | null;
  enterpriseId?: string | null;
}

interface SubjectItem {
  id: string;
  name?: string | null;
  code?: string | null;
  address?: string | null;
  holderName?: string | null;
}

function describeSubject(type: BindingType, x: SubjectItem): string {
  if (type === 'household') return [x.address, x.holderName].filter(Boolean).join(' · ');
  if (type === 'facility') return [x.code, x.name].filter(Boolean).join(' · ');
  return [x.name, x.address].filter(Boolean).join(' · ');
}

/** Pick a venue, household or facility of the registry (searched on the server, 20 at a time). */
function SubjectPicker({ type, value, onChange, initialLabel, id }: { type: BindingType; value?: string | null; onChange?: (id: string | null) => void; initialLabel?: string | undefined; id?: string }) {
  const { t } = useI18n();
  const showError = useShowError();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    setOptions(value && initialLabel ? [{ value, label: initialLabel }] : []);
    // Only when the kind of subject changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [type]);

  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      setLoading(true);
      api.get<{ items: SubjectItem[] }>(`/api/v1/registry/${type}`, { q: q.trim() || undefined, pageSize: 20 }).then(
        (res) => {
          if (mine !== seq.current) return;
          setOptions(res.items.map((x) => ({ value: x.id, label: describeSubject(type, x) })));
          setLoading(false);
        },
        (e: unknown) => {
          if (mine === seq.current) setLoading(false);
          showError(e);
        },
      );
    }, 250);
  };

  return (
    <Select
      id={id}
      value={value ?? null}
      onChange={(v: string | null | undefined) => onChange?.(v ?? null)}
      options={options}
      loading={loading}
      placeholder={t('mon.device.subjectSearch')}
      showSearch={{ filterOption: false, onSearch: search }}
      onOpenChange={(open) => open && search('')}
      notFoundContent={null}
      data-testid="device-subject"
    />
  );
}

const WRITERS = ['platform_admin', 'task_force', 'dept_officer', 'town_officer', 'enterprise_admin'];
/** Roles that register devices (src/monitoring/devices.service.ts WRITERS). */
export const canWriteDevices = (role: string) => WRITERS.includes(role);

/**
 * 登记/修改设备: identity code, type, what it is bound to (a venue, household or facility of the
 * registry), place, model, gas and dates. The server's field messages land on the fields.
 */
export function DeviceForm({ open, device, onClose, onSaved }: { open: boolean; device: Device | null; onClose(): void; onSaved(d: Device): void }) {
  const { t, label } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const { busy, run } = useAction();
  const subjectType = (Form.useWatch('subjectType', form) ?? 'venue') as BindingType;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (device)
      form.setFieldsValue({
        code: device.code,
        type: device.type as DeviceType,
        subjectType: device.subjectType as BindingType,
        subjectId: device.subjectId,
        location: device.location,
        model: device.model,
        vendor: device.vendor,
        gasType: device.gasType as GasType,
        installedOn: device.installedOn ? dayjs(device.installedOn) : null,
        expiresOn: device.expiresOn ? dayjs(device.expiresOn) : null,
        lat: device.lat,
        lng: device.lng,
        enterpriseId: device.enterpriseId,
      });
    else form.setFieldsValue({ type: 'methane_detector', subjectType: 'venue', gasType: 'natural_gas' });
  }, [open, device, form]);

  const save = async (v: FormValues) => {
    const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
    const body: Record<string, unknown> = {
      code: v.code.trim(),
      type: v.type,
      subjectType: v.subjectType,
      subjectId: v.subjectId,
      location: v.location?.trim() || null,
      model: v.model?.trim() || null,
      vendor: v.vendor?.trim() || null,
      gasType: v.gasType,
      installedOn: day(v.installedOn),
      expiresOn: day(v.expiresOn),
      lat: v.lat ?? null,
      lng: v.lng ?? null,
    };
    if (v.enterpriseId && v.enterpriseId !== device?.enterpriseId) body.enterpriseId = v.enterpriseId;
    if (device && body.subjectId === device.subjectId && body.subjectType === device.subjectType) {
      delete body.subjectType;
      delete body.subjectId;
    }
    const res = await run(() => (device ? api.patch<Device>(`/api/v1/devices/${device.id}`, body) : api.post<Device>('/api/v1/devices', body)), form as FormInstance);
    if (res) onSaved(res);
  };

  return (
    <Modal
      open={open}
      title={device ? t('mon.device.edit') : t('mon.device.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'device-save' } as Record<string, string>}
      forceRender
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="device-form">
        <Form.Item name="code" label={t('mon.device.code')} extra={t('mon.device.codeHelp')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9._:-]{1,64}$/, message: t('mon.device.codeFormat') }]}>
          <Input maxLength={64} autoComplete="off" data-testid="device-code" />
        </Form.Item>
        <Form.Item name="type" label={t('mon.device.type')} rules={[{ required: true }]}>
          <Select options={DEVICE_TYPES.map((x) => ({ value: x, label: label(DEVICE_TYPE_LABELS[x]) }))} data-testid="device-type" />
        </Form.Item>
        <Form.Item name="subjectType" label={t('mon.device.bindTo')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(['venue', 'household', 'facility'] as const).map((x) => ({ value: x, label: label(BINDING_TYPE_LABELS[x]) }))}
            onChange={() => form.setFieldValue('subjectId', undefined)}
          />
        </Form.Item>
        <Form.Item name="subjectId" label={label(BINDING_TYPE_LABELS[subjectType])} rules={[{ required: true }]}>
          <SubjectPicker type={subjectType} initialLabel={device && device.subjectType === subjectType ? device.subjectName : undefined} />
        </Form.Item>
        <Form.Item name="location" label={t('mon.device.location')}>
          <Input maxLength={200} placeholder={t('mon.device.locationPlaceholder')} />
        </Form.Item>
        <Form.Item name="gasType" label={t('mon.device.gasType')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={GAS_TYPES.map((x) => ({ value: x, label: label(GAS_TYPE_LABELS[x]) }))} />
        </Form.Item>
        <Form.Item label={t('mon.device.modelVendor')} style={{ marginBottom: 0 }}>
          <Form.Item name="model" style={{ display: 'inline-block', width: 'calc(50% - 4px)', marginInlineEnd: 8 }}>
            <Input maxLength={100} placeholder={t('mon.device.model')} />
          </Form.Item>
          <Form.Item name="vendor" style={{ display: 'inline-block', width: 'calc(50% - 4px)' }}>
            <Input maxLength={100} placeholder={t('mon.device.vendor')} />
          </Form.Item>
        </Form.Item>
        <Form.Item label={t('mon.device.dates')} style={{ marginBottom: 0 }}>
          <Form.Item name="installedOn" style={{ display: 'inline-block', width: 'calc(50% - 4px)', marginInlineEnd: 8 }}>
            <DatePicker style={{ width: '100%' }} placeholder={t('mon.device.installedOn')} />
          </Form.Item>
          <Form.Item name="expiresOn" style={{ display: 'inline-block', width: 'calc(50% - 4px)' }}>
            <DatePicker style={{ width: '100%' }} placeholder={t('mon.device.expiresOn')} />
          </Form.Item>
        </Form.Item>
        <Form.Item label={t('mon.device.coordinates')} style={{ marginBottom: 0 }}>
          <Form.Item name="lat" style={{ display: 'inline-block', width: 'calc(50% - 4px)', marginInlineEnd: 8 }}>
            <InputNumber min={-90} max={90} style={{ width: '100%' }} placeholder={t('mon.device.lat')} />
          </Form.Item>
          <Form.Item name="lng" style={{ display: 'inline-block', width: 'calc(50% - 4px)' }}>
            <InputNumber min={-180} max={180} style={{ width: '100%' }} placeholder={t('mon.device.lng')} />
          </Form.Item>
        </Form.Item>
        {me.enterprise ? null : (
          <Form.Item name="enterpriseId" label={t('mon.device.enterprise')} extra={t('mon.device.enterpriseHelp')}>
            <RegistryPicker kind="enterprise" allowClear />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
