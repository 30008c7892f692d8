import { Alert, App, Form, Input, Modal, Radio, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { useAction, useIsPhone } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import { EvidenceUpload, SubjectPicker, type PickableSubjectType } from './common.js';
import { HAZARD_CATEGORY_LABELS, SUBJECT_TYPE_LABELS } from './labels.js';
import type { HazardDetail } from './types.js';

interface CreateForm {
  subjectType: PickableSubjectType;
  subjectId: string;
  category: string;
  severity: 'major' | 'general';
  description: string;
  fixedOnSpot: boolean;
  photos: string[];
}

const SUBJECT_TYPES: PickableSubjectType[] = ['venue', 'household', 'enterprise', 'facility', 'vehicle'];

/**
 * 新建隐患 (manual entry, R4.1/R4.2): subject, category, severity, description, photos; 立行立改
 * (fixed on the spot) needs evidence photos and goes straight to 已销号. A venue or an enterprise
 * records its own hazards (自查自改).
 */
export function HazardCreateModal({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(id: string): void }) {
  const me = useMe();
  const phone = useIsPhone();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { region } = useRegion();
  const { busy, run } = useAction();
  const [form] = Form.useForm<CreateForm>();
  const own: { type: PickableSubjectType; id: string; name: string } | null = me.venue
    ? { type: 'venue', id: me.venue.id, name: me.venue.name }
    : me.enterprise
      ? { type: 'enterprise', id: me.enterprise.id, name: me.enterprise.name }
      : null;
  const subjectType = Form.useWatch('subjectType', form);
  const fixedOnSpot = Form.useWatch('fixedOnSpot', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ subjectType: own?.type ?? 'venue', ...(own ? { subjectId: own.id } : {}), severity: 'general', fixedOnSpot: false, photos: [] });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const save = async (v: CreateForm) => {
    const res = await run(
      () =>
        api.post<HazardDetail>('/api/v1/hazards', {
          subjectType: v.subjectType,
          subjectId: v.subjectId,
          category: v.category,
          severity: v.severity,
          description: v.description.trim(),
          photos: v.photos ?? [],
          fixedOnSpot: !!v.fixedOnSpot,
        }),
      form,
    );
    if (!res) return;
    void message.success(t('hz.created', { code: res.hazard.code }));
    onCreated(res.hazard.id);
  };

  return (
    <Modal
      open={open}
      title={own ? t('hz.createSelfTitle') : t('hz.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'hazard-create-save' } as Record<string, string>}
      width={phone ? '100%' : 620}
      style={phone ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
      forceRender
      destroyOnHidden={false}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="hazard-create-form">
        {own ? (
          <>
            <Form.Item label={t('hz.subject')}>
              <Input value={own.name} disabled />
            </Form.Item>
            <Form.Item name="subjectType" hidden>
              <Input />
            </Form.Item>
            <Form.Item name="subjectId" hidden>
              <Input />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="subjectType" label={t('hz.subjectType')} rules={[{ required: true }]}>
              <Select
                options={SUBJECT_TYPES.map((s) => ({ value: s, label: label(SUBJECT_TYPE_LABELS[s]) }))}
                onChange={() => form.setFieldValue('subjectId', undefined)}
                data-testid="hazard-create-subject-type"
              />
            </Form.Item>
            <Form.Item name="subjectId" label={t('hz.subject')} rules={[{ required: true, message: t('hz.subjectRequired') }]}>
              {subjectType ? <SubjectPicker subjectType={subjectType} regionId={region.id} testId="hazard-create-subject" /> : <span />}
            </Form.Item>
          </>
        )}
        <Form.Item name="category" label={t('hz.category')} rules={[{ required: true }]}>
          <Select options={Object.entries(HAZARD_CATEGORY_LABELS).map(([value, l]) => ({ value, label: label(l) }))} data-testid="hazard-create-category" />
        </Form.Item>
        <Form.Item name="severity" label={t('hz.severity')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'general', label: t('hz.severity.general') },
              { value: 'major', label: t('hz.severity.major') },
            ]}
          />
        </Form.Item>
        <Form.Item name="description" label={t('hz.description')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('hz.descriptionHint')} data-testid="hazard-create-description" />
        </Form.Item>
        <Form.Item name="fixedOnSpot" label={t('hz.fixedOnSpot')} valuePropName="checked" extra={t('hz.fixedOnSpotHelp')}>
          <Switch data-testid="hazard-create-fixed" />
        </Form.Item>
        {fixedOnSpot ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('hz.fixedOnSpotNote')} /> : null}
        <Form.Item
          name="photos"
          label={fixedOnSpot ? t('hz.evidencePhotos') : t('hz.photos')}
          rules={fixedOnSpot ? [{ required: true, type: 'array', min: 1, message: t('hz.evidenceRequired') }] : []}
        >
          <EvidenceUpload testId="hazard-create-photos" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
