import { Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Switch, App } from 'antd';
import dayjs from 'dayjs';
import { useEffect, type ReactNode } from 'react';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { RecordPicker } from '../../components/RecordPicker.js';
import { RegionCascader } from '../../components/RegionCascader.js';
import { useAction, useIsPhone } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import type { FieldDef, KindMeta, RefDef, RegistryRecord } from './meta.js';

type Values = Record<string, unknown>;

/** What the form holds for a record: dates as 'YYYY-MM-DD', personal values empty (they arrive masked). */
function initialValues(kind: KindMeta, record: RegistryRecord | null, regionId: string, ownEnterprise: string | null): Values {
  const v: Values = {};
  for (const f of kind.fields) {
    if (record) v[f.key] = f.personal ? undefined : (record[f.key] ?? undefined);
    else v[f.key] = f.default ?? (f.type === 'bool' ? false : undefined);
  }
  for (const r of kind.refs) {
    if (record) v[r.key] = record[r.key] ?? undefined;
    else if (r.target === 'region') v[r.key] = regionId;
  }
  if (ownEnterprise) for (const r of kind.refs) if (r.target === 'enterprise') v[r.key] = ownEnterprise;
  return v;
}

const empty = (x: unknown) => x === undefined || x === null || (typeof x === 'string' && x.trim() === '');
const clean = (x: unknown) => (typeof x === 'string' ? x.trim() : x);

/**
 * The body to send: on create every filled value; on update only what changed (a personal value
 * only when something new was typed, since the form never holds the unmasked one).
 */
function bodyOf(kind: KindMeta, values: Values, initial: Values, editing: boolean): Values {
  const body: Values = {};
  const keys = [...kind.fields.map((f) => ({ key: f.key, personal: !!f.personal })), ...kind.refs.map((r) => ({ key: r.key, personal: false }))];
  for (const { key, personal } of keys) {
    const v = values[key];
    if (!editing) {
      if (!empty(v)) body[key] = clean(v);
      continue;
    }
    if (personal) {
      if (!empty(v)) body[key] = clean(v);
      continue;
    }
    const before = empty(initial[key]) ? null : initial[key];
    const after = empty(v) ? null : clean(v);
    if (before !== after) body[key] = after;
  }
  return body;
}

/**
 * The control of one field. Form.Item hands its child `value`, `onChange` (or `checked`) and `id`:
 * they are passed on to the antd control.
 */
function FieldInput({ f, testId, ...control }: { f: FieldDef; testId: string; [prop: string]: unknown }): ReactNode {
  const { t, label } = useI18n();
  const p = { ...control, 'data-testid': testId };
  switch (f.type) {
    case 'enum':
      return (
        <Select
          {...p}
          allowClear={!f.required}
          placeholder={t('registry.choose')}
          showSearch={{ optionFilterProp: 'label' }}
          options={(f.options ?? []).map((o) => ({ value: o, label: label(f.optionLabels?.[o], o) }))}
        />
      );
    case 'int':
    case 'number':
      return <InputNumber {...p} style={{ width: '100%' }} min={f.min} max={f.max} precision={f.type === 'int' ? 0 : undefined} />;
    case 'date':
      return <DatePicker {...p} style={{ width: '100%' }} />;
    case 'bool':
      return <Switch {...p} />;
    case 'mobile':
    case 'phone':
      return <Input {...p} inputMode="tel" maxLength={20} autoComplete="off" />;
    case 'idNumber':
    case 'creditCode':
      return <Input {...p} maxLength={18} autoComplete="off" style={{ textTransform: 'uppercase' }} />;
    case 'plate':
      return <Input {...p} maxLength={10} autoComplete="off" />;
    default:
      return (f.max ?? 0) >= 500 ? <Input.TextArea {...p} rows={3} maxLength={f.max} showCount /> : <Input {...p} maxLength={f.max} />;
  }
}

/** Create or edit a record of a kind: one input per field of the meta, references as pickers. */
export function RecordForm({
  kind,
  record,
  open,
  onClose,
  onSaved,
}: {
  kind: KindMeta;
  /** The record to edit; null to create one. */
  record: RegistryRecord | null;
  open: boolean;
  onClose(): void;
  onSaved(record: RegistryRecord): void;
}) {
  const me = useMe();
  const phone = useIsPhone();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { region } = useRegion();
  const { busy, run } = useAction();
  const [form] = Form.useForm<Values>();
  const ownEnterprise = me.enterprise?.id ?? null;
  const initial = initialValues(kind, record, region.id, ownEnterprise);
  const formEnterprise = Form.useWatch('enterpriseId', form) as string | undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(initialValues(kind, record, region.id, ownEnterprise));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, record?.id, kind.kind]);

  const save = async (values: Values) => {
    const body = bodyOf(kind, values, initial, record !== null);
    if (record && Object.keys(body).length === 0) {
      onClose();
      return;
    }
    const saved = await run(
      () => (record ? api.patch<RegistryRecord>(`/api/v1/registry/${kind.kind}/${record.id}`, body) : api.post<RegistryRecord>(`/api/v1/registry/${kind.kind}`, body)),
      form,
    );
    if (!saved) return;
    void message.success(t(record ? 'common.saved' : 'common.created'));
    onSaved(saved);
  };

  const refInput = (r: RefDef): ReactNode => {
    const testId = `field-${r.key}`;
    if (r.target === 'region') return <RegionCascader style={{ width: '100%' }} allowClear={!r.required} data-testid={testId} />;
    if (r.target === 'enterprise') return <RecordPicker kind="enterprise" allowClear={!r.required} disabled={!!ownEnterprise} placeholder={t('registry.searchByName')} data-testid={testId} />;
    return <RecordPicker kind="person" enterpriseId={formEnterprise ?? ownEnterprise} allowClear={!r.required} placeholder={t('registry.searchByName')} data-testid={testId} />;
  };

  const span = phone ? 24 : 12;
  return (
    <Modal
      open={open}
      title={t(record ? 'registry.editTitle' : 'registry.createTitle', { kind: label(kind.label) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      width={phone ? undefined : 760}
      okButtonProps={{ 'data-testid': 'record-save' } as Record<string, string>}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="record-form" scrollToFirstError>
        <Row gutter={16}>
          {kind.fields.map((f) => {
            const masked = record && f.personal ? record[f.key] : null;
            return (
              <Col key={f.key} span={f.type === 'text' && (f.max ?? 0) >= 500 ? 24 : span}>
                <Form.Item
                  name={f.key}
                  label={label(f.label)}
                  rules={f.required && !(record && f.personal) ? [{ required: true, message: t('registry.required', { field: label(f.label) }) }] : []}
                  {...(f.type === 'bool' ? { valuePropName: 'checked' } : {})}
                  {...(f.type === 'date'
                    ? {
                        getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v) : null }),
                        normalize: (d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null),
                      }
                    : {})}
                  extra={masked ? t('registry.personalKeep', { value: String(masked) }) : undefined}
                >
                  <FieldInput f={f} testId={`field-${f.key}`} />
                </Form.Item>
              </Col>
            );
          })}
          {kind.refs.map((r) => (
            <Col key={r.key} span={span}>
              <Form.Item name={r.key} label={label(r.label).replace(/（.*）|\s*\(.*\)/, '')} rules={r.required ? [{ required: true, message: t('registry.required', { field: label(r.label) }) }] : []}>
                {refInput(r)}
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Modal>
  );
}
