import { EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Drawer, Flex, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Timeline, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { ChecklistItemDef, MeasuredRule, SeverityRule } from '../../../../src/checklists/checklist.types.js';
import { HAZARD_CATEGORIES, TASK_KINDS, type HazardCategory, type TaskKind } from '../../../../src/departments/taxonomy.js';
import type { SubjectType } from '../../../../src/registry/subjects.js';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { SearchForm } from '../../components/SearchForm.js';
import { useAction, useLoad } from '../../hooks.js';
import { HAZARD_CATEGORY_LABELS, TASK_KIND_LABELS } from '../../i18n/labels.js';
import { useI18n } from '../../i18n/index.js';
import { useRegion } from '../../region.js';
import { ruleText } from './common.js';
import { FAIL_WHEN_LABELS, KINDS_OF, MEASURE_LABELS, ORIGIN_LABELS, SUBJECT_TYPE_LABELS, UNIT_LABELS } from './labels.js';
import type { FormItem } from './types.js';

interface Filter {
  q?: string;
  category?: string;
  subjectType?: string;
}

type SeverityChoice = 'major' | 'general' | '9.1' | '9.2' | '9.3' | '9.4';

interface ItemForm {
  codeSuffix: string;
  textZh: string;
  textEn: string;
  category: HazardCategory;
  subjects: SubjectType[];
  kinds: Partial<Record<SubjectType, string[]>>;
  severity: SeverityChoice;
  basis: string;
  taskKind: TaskKind;
  measure: ChecklistItemDef['measure'];
  measuredOn: boolean;
  unit?: MeasuredRule['unit'];
  failWhen?: MeasuredRule['failWhen'];
  limit?: number;
  upper?: number;
  flagKey?: string;
  flagZh?: string;
  flagEn?: string;
}

const SUBJECTS: SubjectType[] = ['venue', 'household', 'enterprise', 'facility', 'vehicle'];
const UNITS = Object.keys(UNIT_LABELS) as MeasuredRule['unit'][];
const FAIL_WHENS = Object.keys(FAIL_WHEN_LABELS) as MeasuredRule['failWhen'][];

const severityChoice = (s: SeverityRule): SeverityChoice => (s.kind === 'fixed' ? s.severity : (s.article as SeverityChoice));

/** 检查项库 (R3.1): the items in force for the region; platform admins and task forces add local items and correct items (new revision). */
export function ChecklistLibraryPage() {
  const me = useMe();
  const { t, label, paren } = useI18n();
  const { message } = App.useApp();
  const { region } = useRegion();
  const { busy, run } = useAction();
  const [filterForm] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({});
  const [editing, setEditing] = useState<FormItem | 'new' | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [form] = Form.useForm<ItemForm>();
  const admin = me.role === 'platform_admin' || me.role === 'task_force';
  const canEdit = (i: FormItem) => (i.regionId === null ? me.role === 'platform_admin' : admin);

  const list = useLoad(() => api.get<{ libraryVersion: string; items: FormItem[] }>('/api/v1/checklists/items', { regionId: region.id, ...filter }), [region.id, filter]);
  const history = useLoad(() => (historyOf ? api.get<{ items: FormItem[] }>(`/api/v1/checklists/items/${encodeURIComponent(historyOf)}/history`) : Promise.resolve(null)), [historyOf]);

  const severityLabel = (s: SeverityRule) =>
    s.kind === 'fixed' ? (s.severity === 'major' ? t('lib.major') : t('lib.general')) : t('lib.art9', { article: s.article });

  const appliesText = (i: FormItem) =>
    i.appliesTo
      .map((a) => {
        const kinds = a.kinds?.map((k) => label(KINDS_OF[a.subject as SubjectType]?.[k], k)).join('、');
        const name = label(SUBJECT_TYPE_LABELS[a.subject as SubjectType], a.subject);
        return kinds ? paren(name, kinds) : name;
      })
      .join(' / ');

  const openCreate = () => {
    form.resetFields();
    form.setFieldsValue({ subjects: ['venue'], kinds: {}, severity: 'general', measure: 'rectify_within_deadline', taskKind: 'catering', category: 'problem_environment', measuredOn: false, failWhen: '>', unit: 'm' });
    setEditing('new');
  };

  const openEdit = (i: FormItem) => {
    form.resetFields();
    const kinds: Partial<Record<SubjectType, string[]>> = {};
    for (const a of i.appliesTo) if (a.kinds) kinds[a.subject as SubjectType] = [...a.kinds];
    form.setFieldsValue({
      codeSuffix: i.code,
      textZh: i.text.zh,
      textEn: i.text.en,
      category: i.category as HazardCategory,
      subjects: i.appliesTo.map((a) => a.subject as SubjectType),
      kinds,
      severity: severityChoice(i.severity as SeverityRule),
      basis: i.basis,
      taskKind: i.taskKind as TaskKind,
      measure: i.measure as ChecklistItemDef['measure'],
      measuredOn: !!i.measured,
      unit: i.measured?.unit ?? 'm',
      failWhen: i.measured?.failWhen ?? '>',
      ...(i.measured ? { limit: i.measured.limit } : {}),
      ...(i.measured?.upper !== undefined ? { upper: i.measured.upper } : {}),
      flagKey: i.measured?.unlessFlag?.key ?? '',
      flagZh: i.measured?.unlessFlag?.label.zh ?? '',
      flagEn: i.measured?.unlessFlag?.label.en ?? '',
    });
    setEditing(i);
  };

  /** The item definition from the form; an edited item keeps what the form does not show (where, article marks, related codes). */
  const toDef = (v: ItemForm, orig: FormItem | null): ChecklistItemDef => {
    const code = orig ? orig.code : `LOC-${v.codeSuffix.trim().toUpperCase()}`;
    const appliesTo = v.subjects.map((subject) => {
      const before = orig?.appliesTo.find((a) => a.subject === subject);
      const kinds = v.kinds?.[subject]?.length ? v.kinds[subject] : undefined;
      return { subject, ...(kinds ? { kinds } : {}), ...(before?.where ? { where: before.where as Record<string, (string | boolean)[]> } : {}) };
    });
    const severity: SeverityRule = v.severity === 'major' || v.severity === 'general' ? { kind: 'fixed', severity: v.severity } : { kind: 'operator_if_no_notice', article: v.severity };
    let measured: MeasuredRule | undefined;
    if (v.measuredOn && v.unit && v.failWhen && v.limit !== undefined) {
      const om = orig?.measured;
      measured = {
        unit: v.unit,
        failWhen: v.failWhen,
        limit: v.limit,
        ...(v.failWhen === 'outside' && v.upper !== undefined ? { upper: v.upper } : {}),
        ...(v.flagKey?.trim() && v.flagZh?.trim() ? { unlessFlag: { key: v.flagKey.trim(), label: { zh: v.flagZh.trim(), en: (v.flagEn ?? '').trim() || v.flagZh.trim() } } } : {}),
        ...(om?.quantity ? { quantity: om.quantity } : {}),
        // A deployment default no longer applies once the admin states another number.
        ...(om?.limitKey && om.limit === v.limit ? { limitKey: om.limitKey } : {}),
        ...(om?.upperKey && om.upper === v.upper ? { upperKey: om.upperKey } : {}),
      };
    }
    return {
      code,
      text: { zh: v.textZh.trim(), en: v.textEn.trim() },
      category: v.category,
      appliesTo,
      severity,
      basis: v.basis.trim(),
      taskKind: v.taskKind,
      measure: v.measure,
      ...(measured ? { measured } : {}),
      ...(orig?.standardArticle ? { standardArticle: orig.standardArticle as ChecklistItemDef['standardArticle'] } : {}),
      ...(orig?.relatedCodes ? { relatedCodes: [...orig.relatedCodes] } : {}),
    };
  };

  const save = async (v: ItemForm) => {
    const orig = editing && editing !== 'new' ? editing : null;
    const def = toDef(v, orig);
    const res = orig
      ? await run(() => api.put<FormItem>(`/api/v1/checklists/items/${encodeURIComponent(orig.code)}`, { def }), form)
      : await run(() => api.post<FormItem>('/api/v1/checklists/items', { regionId: region.id, def }), form);
    if (!res) return;
    void message.success(orig ? t('lib.revised', { revision: res.revision }) : t('common.created'));
    setEditing(null);
    list.reload();
  };

  const columns: TableColumnsType<FormItem> = [
    {
      title: t('lib.code'),
      dataIndex: 'code',
      width: 150,
      render: (c: string, i) => (
        <Space direction="vertical" size={2}>
          <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
            {c}
          </Typography.Text>
          <Space size={2} wrap>
            <Tag color={i.origin === 'local' ? 'cyan' : i.origin === 'edited' ? 'gold' : 'default'}>{label(ORIGIN_LABELS[i.origin], i.origin)}</Tag>
            <Tag>r{i.revision}</Tag>
          </Space>
        </Space>
      ),
    },
    {
      title: t('lib.text'),
      dataIndex: 'text',
      render: (_: unknown, i) => (
        <div style={{ minWidth: 220, maxWidth: 400 }}>
          <div>{label(i.text)}</div>
          <Space size={4} wrap style={{ marginTop: 4 }}>
            <Tag color="blue">{label(HAZARD_CATEGORY_LABELS[i.category as HazardCategory], i.category)}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {appliesText(i)}
            </Typography.Text>
          </Space>
        </div>
      ),
    },
    {
      title: t('lib.severity'),
      dataIndex: 'severity',
      width: 110,
      render: (s: SeverityRule) => (
        <Tooltip title={s.kind === 'fixed' ? null : t('lib.art9Long', { article: s.article })}>
          <Tag color={s.kind === 'fixed' && s.severity === 'major' ? 'red' : s.kind === 'fixed' ? 'orange' : 'purple'}>{severityLabel(s)}</Tag>
        </Tooltip>
      ),
    },
    {
      title: t('lib.rule'),
      dataIndex: 'measured',
      width: 160,
      render: (m: FormItem['measured']) =>
        m ? (
          <div>
            <div>{ruleText(m, t, label)}</div>
            {m.unlessFlag ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('lib.unless', { flag: label(m.unlessFlag.label) })}
              </Typography.Text>
            ) : null}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('lib.plainItem')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_: unknown, i) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistoryOf(i.code)} data-testid={`lib-history-${i.code}`}>
            {t('lib.history')}
          </Button>
          {canEdit(i) ? (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => openEdit(i)} data-testid={`lib-edit-${i.code}`}>
              {t('lib.revise')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const measuredOn = Form.useWatch('measuredOn', form);
  const failWhen = Form.useWatch('failWhen', form);
  const subjects = Form.useWatch('subjects', form) ?? [];
  const orig = editing && editing !== 'new' ? editing : null;

  return (
    <div data-testid="checklists-page">
      <PageHeader
        title={t('lib.title')}
        subtitle={t('lib.subtitle', { region: region.name, version: list.data?.libraryVersion ?? '' })}
        extra={
          admin ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={openCreate} data-testid="lib-create">
              {t('lib.create')}
            </Button>
          ) : null
        }
      />
      <SearchForm<Filter>
        form={filterForm}
        testId="lib-search"
        onSearch={(v) => setFilter({ ...(v.q?.trim() ? { q: v.q.trim() } : {}), ...(v.category ? { category: v.category } : {}), ...(v.subjectType ? { subjectType: v.subjectType } : {}) })}
        fields={[
          { name: 'q', label: t('common.keyword'), node: <Input allowClear placeholder={t('lib.keyword')} data-testid="lib-q" /> },
          { name: 'category', label: t('lib.category'), node: <Select allowClear placeholder={t('common.all')} options={HAZARD_CATEGORIES.map((c) => ({ value: c, label: label(HAZARD_CATEGORY_LABELS[c]) }))} data-testid="lib-category" /> },
          { name: 'subjectType', label: t('insp.subjectType'), node: <Select allowClear placeholder={t('common.all')} options={SUBJECTS.map((s) => ({ value: s, label: label(SUBJECT_TYPE_LABELS[s]) }))} /> },
        ]}
      />
      <Table<FormItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="lib-table"
        pagination={{ pageSize: 20, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
        expandable={{
          expandedRowRender: (i) => (
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'basis', label: t('lib.basis'), children: i.basis },
                { key: 'measure', label: t('lib.measure'), children: label(MEASURE_LABELS[i.measure as ChecklistItemDef['measure']], i.measure) },
                { key: 'task', label: t('lib.taskKind'), children: label(TASK_KIND_LABELS[i.taskKind as TaskKind], i.taskKind) },
                { key: 'applies', label: t('lib.appliesTo'), children: appliesText(i) },
                ...(i.standardArticle ? [{ key: 'art', label: t('lib.article'), children: paren(i.standardArticle.id, i.standardArticle.status) }] : []),
                { key: 'version', label: t('lib.version'), children: `${i.libraryVersion} · r${i.revision}` },
              ]}
            />
          ),
        }}
      />

      <Drawer open={historyOf !== null} onClose={() => setHistoryOf(null)} title={t('lib.historyTitle', { code: historyOf ?? '' })} size={520} data-testid="lib-history">
        <Timeline
          items={(history.data?.items ?? [])
            .slice()
            .reverse()
            .map((h) => ({
              key: h.id,
              color: h.status === 'active' ? 'green' : h.status === 'retired' ? 'red' : 'gray',
              content: (
                <div data-testid="lib-history-rev">
                  <Space size={4} wrap>
                    <Typography.Text strong>r{h.revision}</Typography.Text>
                    <Tag>{t(`lib.status.${h.status === 'active' ? 'active' : h.status === 'retired' ? 'retired' : 'superseded'}`)}</Tag>
                    <Tag>{label(ORIGIN_LABELS[h.origin], h.origin)}</Tag>
                    <Typography.Text type="secondary">{h.libraryVersion}</Typography.Text>
                  </Space>
                  <div>{label(h.text)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {severityLabel(h.severity as SeverityRule)}
                    {h.measured ? ` · ${ruleText(h.measured, t, label)}` : ''} · {h.basis}
                  </Typography.Text>
                </div>
              ),
            }))}
        />
      </Drawer>

      <Modal
        open={editing !== null}
        title={orig ? t('lib.reviseTitle', { code: orig.code }) : t('lib.create')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'lib-save' } as Record<string, string>}
        width={640}
        forceRender
      >
        {orig ? <Typography.Paragraph type="secondary">{t('lib.reviseNote')}</Typography.Paragraph> : null}
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="lib-form">
          <Form.Item
            name="codeSuffix"
            label={t('lib.code')}
            extra={orig ? null : t('lib.codeHelp')}
            rules={orig ? [] : [{ required: true }, { pattern: /^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/, message: t('lib.codeFormat') }]}
          >
            <Input disabled={!!orig} addonBefore={orig ? undefined : 'LOC-'} data-testid="lib-code" />
          </Form.Item>
          <Form.Item name="textZh" label={t('lib.textZh')} rules={[{ required: true }, { max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} data-testid="lib-text-zh" />
          </Form.Item>
          <Form.Item name="textEn" label={t('lib.textEn')} rules={[{ required: true }, { max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} data-testid="lib-text-en" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="category" label={t('lib.category')} rules={[{ required: true }]} style={{ flex: '1 1 200px' }}>
              <Select options={HAZARD_CATEGORIES.map((c) => ({ value: c, label: label(HAZARD_CATEGORY_LABELS[c]) }))} />
            </Form.Item>
            <Form.Item name="severity" label={t('lib.severity')} rules={[{ required: true }]} style={{ flex: '1 1 200px' }}>
              <Select
                options={[
                  { value: 'general', label: t('lib.general') },
                  { value: 'major', label: t('lib.major') },
                  ...['9.1', '9.2', '9.3', '9.4'].map((a) => ({ value: a, label: t('lib.art9Long', { article: a }) })),
                ]}
              />
            </Form.Item>
          </Flex>
          <Form.Item name="subjects" label={t('lib.appliesTo')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Select mode="multiple" options={SUBJECTS.map((s) => ({ value: s, label: label(SUBJECT_TYPE_LABELS[s]) }))} data-testid="lib-subjects" />
          </Form.Item>
          {subjects
            .filter((s) => Object.keys(KINDS_OF[s]).length > 0)
            .map((s) => (
              <Form.Item key={s} name={['kinds', s]} label={t('lib.kindsOf', { subject: label(SUBJECT_TYPE_LABELS[s]) })} extra={t('lib.kindsHelp')}>
                <Select mode="multiple" allowClear options={Object.entries(KINDS_OF[s]).map(([value, l]) => ({ value, label: label(l) }))} showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
            ))}
          <Form.Item name="basis" label={t('lib.basis')} rules={[{ required: true }, { max: 300 }]}>
            <Input data-testid="lib-basis" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="taskKind" label={t('lib.taskKind')} rules={[{ required: true }]} style={{ flex: '1 1 200px' }}>
              <Select options={TASK_KINDS.map((k) => ({ value: k, label: label(TASK_KIND_LABELS[k]) }))} />
            </Form.Item>
            <Form.Item name="measure" label={t('lib.measure')} rules={[{ required: true }]} style={{ flex: '1 1 200px' }}>
              <Select options={Object.entries(MEASURE_LABELS).map(([value, l]) => ({ value, label: label(l) }))} />
            </Form.Item>
          </Flex>
          <Form.Item name="measuredOn" label={t('lib.measuredOn')} valuePropName="checked">
            <Switch data-testid="lib-measured" />
          </Form.Item>
          {measuredOn ? (
            <>
              <Flex gap={12} wrap>
                <Form.Item name="unit" label={t('lib.unit')} rules={[{ required: true }]} style={{ flex: '1 1 120px' }}>
                  <Select options={UNITS.map((u) => ({ value: u, label: label(UNIT_LABELS[u]) }))} />
                </Form.Item>
                <Form.Item name="failWhen" label={t('lib.failWhen')} rules={[{ required: true }]} style={{ flex: '1 1 150px' }}>
                  <Select options={FAIL_WHENS.map((f) => ({ value: f, label: `${f} ${label(FAIL_WHEN_LABELS[f])}` }))} />
                </Form.Item>
                <Form.Item name="limit" label={failWhen === 'outside' ? t('lib.lower') : t('lib.limit')} rules={[{ required: true }]} style={{ flex: '1 1 120px' }}>
                  <InputNumber style={{ width: '100%' }} data-testid="lib-limit" />
                </Form.Item>
                {failWhen === 'outside' ? (
                  <Form.Item name="upper" label={t('lib.upper')} rules={[{ required: true }]} style={{ flex: '1 1 120px' }}>
                    <InputNumber style={{ width: '100%' }} />
                  </Form.Item>
                ) : null}
              </Flex>
              <Typography.Text type="secondary">{t('lib.flagHelp')}</Typography.Text>
              <Flex gap={12} wrap style={{ marginTop: 8 }}>
                <Form.Item name="flagKey" label={t('lib.flagKey')} rules={[{ pattern: /^[a-zA-Z]\w{0,39}$/, message: t('lib.flagKeyFormat') }]} style={{ flex: '1 1 140px' }}>
                  <Input placeholder="hasCylinderRoom" />
                </Form.Item>
                <Form.Item name="flagZh" label={t('lib.flagZh')} style={{ flex: '1 1 160px' }}>
                  <Input />
                </Form.Item>
                <Form.Item name="flagEn" label={t('lib.flagEn')} style={{ flex: '1 1 160px' }}>
                  <Input />
                </Form.Item>
              </Flex>
            </>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}
