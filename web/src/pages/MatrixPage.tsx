import { DownloadOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Form, Input, Modal, Popconfirm, Row, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { HAZARD_CATEGORIES, TASK_KINDS, type HazardCategory, type TaskKind } from '../../../src/departments/taxonomy.js';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { SearchForm } from '../components/SearchForm.js';
import { datedName, downloadCsv } from '../csv.js';
import { useAction, useLoad, useIsPhone } from '../hooks.js';
import { HAZARD_CATEGORY_LABELS, TASK_KIND_LABELS } from '../i18n/labels.js';
import { useI18n } from '../i18n/index.js';
import { useRegion } from '../region.js';
import type { Department, Items, Matrix, MatrixRule, Preset, RegionDetail, RoutingResult } from '../types.js';

interface RuleForm {
  category: HazardCategory | '*';
  taskKind: TaskKind | '*';
  leadKey: string;
  cooperatingKeys: string[];
  basis?: string;
}

interface Filter {
  keyword?: string;
  taskKind?: string;
  category?: string;
}

/** 职责矩阵: the effective matrix of the selected region, presets, rule editing and a routing trial. */
export function MatrixPage() {
  const phone = useIsPhone();
  const { t, label, locale, paren } = useI18n();
  const { message, modal } = App.useApp();
  const { can } = useAuth();
  const { region } = useRegion();
  const canManage = can('matrix.manage');
  const { busy, run } = useAction();
  const [presetKey, setPresetKey] = useState<string | null>(null);
  const [editing, setEditing] = useState<MatrixRule | 'new' | null>(null);
  const [ruleForm] = Form.useForm<RuleForm>();
  const [filterForm] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({});
  const [trialForm] = Form.useForm<{ category: HazardCategory; taskKind: TaskKind }>();
  const [routing, setRouting] = useState<RoutingResult | null | undefined>(undefined);

  const matrix = useLoad(() => api.get<Matrix>('/api/v1/matrix', { regionId: region.id }), [region.id]);
  const detail = useLoad(() => api.get<RegionDetail>(`/api/v1/regions/${region.id}`), [region.id]);
  const departments = useLoad(() => api.get<Items<Department>>('/api/v1/departments', { regionId: region.id, inherited: true }), [region.id]);
  const presets = useLoad(() => api.get<Items<Preset>>('/api/v1/matrix/presets'), []);

  const m = matrix.data;
  const rules: MatrixRule[] = m?.rules ?? [];
  const own = !!m && m.definedAt === region.id;
  const definedAtName = m?.definedAt ? (m.definedAt === region.id ? region.name : (detail.data?.ancestors.find((a) => a.id === m.definedAt)?.name ?? '')) : '';
  const editable = canManage && own;
  const presetName = (key: string | null | undefined) => {
    const p = presets.data?.items.find((x) => x.key === key);
    return p ? label(p.name) : (key ?? '');
  };

  const categoryLabel = (c: string) => (c === '*' ? t('matrix.any') : label(HAZARD_CATEGORY_LABELS[c as HazardCategory], c));
  const taskLabel = (k: string) => (k === '*' ? t('matrix.any') : label(TASK_KIND_LABELS[k as TaskKind], k));

  // Departments by key, the nearest region first (as the server resolves them).
  const deptOptions = useMemo(() => {
    const seen = new Set<string>();
    const out: { value: string; label: string }[] = [];
    for (const d of departments.data?.items ?? []) {
      if (seen.has(d.key)) continue;
      seen.add(d.key);
      out.push({ value: d.key, label: paren(d.name, d.key) });
    }
    return out;
  }, [departments.data]);

  const rows = useMemo(() => {
    const kw = filter.keyword?.trim().toLowerCase();
    // Task kinds in the vocabulary's order, the catch-all last; within one, "any category" first.
    const taskOrder = (k: string) => (k === '*' ? TASK_KINDS.length : TASK_KINDS.indexOf(k as TaskKind));
    const catOrder = (c: string) => (c === '*' ? -1 : HAZARD_CATEGORIES.indexOf(c as HazardCategory));
    const sorted = [...rules].sort((a, b) => taskOrder(a.taskKind) - taskOrder(b.taskKind) || catOrder(a.category) - catOrder(b.category));
    return sorted.filter((r) => {
      if (filter.taskKind && r.taskKind !== filter.taskKind) return false;
      if (filter.category && r.category !== filter.category) return false;
      if (kw) {
        const text = [r.leadName, r.leadKey, ...r.cooperatingNames, r.basis, categoryLabel(r.category), taskLabel(r.taskKind)].join(' ').toLowerCase();
        if (!text.includes(kw)) return false;
      }
      return true;
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rules, filter, locale]);

  const applyPreset = () => {
    const p = presets.data?.items.find((x) => x.key === presetKey);
    if (!p) return;
    modal.confirm({
      title: t('matrix.presetConfirmTitle', { name: label(p.name) }),
      content: t('matrix.presetConfirm', { region: region.name, departments: p.departmentCount, rules: p.ruleCount }),
      okButtonProps: { 'data-testid': 'preset-confirm-ok' } as Record<string, string>,
      onOk: async () => {
        const res = await run(() => api.post<{ presetKey: string; rules: number }>('/api/v1/matrix/apply-preset', { regionId: region.id, presetKey: p.key }));
        if (!res) return;
        void message.success(t('matrix.presetApplied', { rules: res.rules }));
        matrix.reload();
        departments.reload();
      },
    });
  };

  const saveRule = async (v: RuleForm) => {
    const body = { leadKey: v.leadKey, cooperatingKeys: v.cooperatingKeys ?? [], basis: v.basis ?? '' };
    const ok = await run(
      () =>
        editing === 'new'
          ? api.post('/api/v1/matrix/rules', { regionId: region.id, category: v.category, taskKind: v.taskKind, ...body })
          : api.patch(`/api/v1/matrix/rules/${(editing as MatrixRule).id}`, body),
      ruleForm,
    );
    if (ok === undefined) return;
    void message.success(editing === 'new' ? t('common.created') : t('common.saved'));
    setEditing(null);
    matrix.reload();
  };

  const deleteRule = async (r: MatrixRule) => {
    const ok = await run(async () => {
      await api.delete(`/api/v1/matrix/rules/${r.id}`);
      return true;
    });
    if (!ok) return;
    void message.success(t('matrix.ruleDeleted'));
    matrix.reload();
  };

  const trial = async (v: { category: HazardCategory; taskKind: TaskKind }) => {
    const res = await run(() => api.get<{ routing: RoutingResult | null }>('/api/v1/matrix/route', { regionId: region.id, category: v.category, taskKind: v.taskKind }), trialForm);
    if (res) setRouting(res.routing);
  };

  const columns: TableColumnsType<MatrixRule> = [
    { title: t('matrix.taskKind'), dataIndex: 'taskKind', width: 150, render: (k: string) => (k === '*' ? <Tag>{t('matrix.any')}</Tag> : taskLabel(k)) },
    { title: t('matrix.category'), dataIndex: 'category', width: 120, render: (c: string) => (c === '*' ? <Tag>{t('matrix.any')}</Tag> : <Tag color="orange">{categoryLabel(c)}</Tag>) },
    {
      title: t('matrix.lead'),
      dataIndex: 'leadName',
      width: 160,
      render: (name: string | null, r) =>
        name ? (
          <Typography.Text strong>{name}</Typography.Text>
        ) : (
          <Tooltip title={r.leadKey}>
            <Tag color="red">{t('matrix.noDepartment')}</Tag>
          </Tooltip>
        ),
    },
    {
      title: t('matrix.cooperating'),
      dataIndex: 'cooperatingNames',
      width: 260,
      render: (names: string[]) => (
        <Space size={[4, 4]} wrap>
          {names.map((n) => (
            <Tag key={n}>{n}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('matrix.basis'),
      dataIndex: 'basis',
      width: 320,
      render: (b: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: b }} style={{ margin: 0, maxWidth: 320 }}>
          {b}
        </Typography.Paragraph>
      ),
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: phone ? undefined : ('right' as const),
            width: 120,
            render: (_: unknown, r: MatrixRule) =>
              editable ? (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => {
                      ruleForm.setFieldsValue({ category: r.category as HazardCategory, taskKind: r.taskKind as TaskKind, leadKey: r.leadKey, cooperatingKeys: r.cooperatingKeys, basis: r.basis });
                      setEditing(r);
                    }}
                  >
                    {t('common.edit')}
                  </Button>
                  <Popconfirm title={t('matrix.confirmDeleteRule')} onConfirm={() => deleteRule(r)}>
                    <Button type="link" size="small" danger>
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : (
                <Tooltip title={t('matrix.inheritedReadonly', { region: definedAtName })}>
                  <Typography.Text type="secondary">—</Typography.Text>
                </Tooltip>
              ),
          },
        ]
      : []),
  ];

  const exportRows = () => {
    downloadCsv(
      datedName(`${t('matrix.title')}_${region.name}`),
      [
        { title: t('matrix.taskKind'), value: (r: MatrixRule) => taskLabel(r.taskKind) },
        { title: t('matrix.category'), value: (r) => categoryLabel(r.category) },
        { title: t('matrix.lead'), value: (r) => r.leadName ?? r.leadKey },
        { title: t('matrix.cooperating'), value: (r) => r.cooperatingNames.join('、') },
        { title: t('matrix.basis'), value: (r) => r.basis },
      ],
      rows,
    );
    void message.success(t('common.exported', { count: rows.length }));
  };

  const categoryOptions = (withAny: boolean) => [
    ...(withAny ? [{ value: '*', label: t('matrix.anyCategory') }] : []),
    ...HAZARD_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) })),
  ];
  const taskOptions = (withAny: boolean) => [
    ...(withAny ? [{ value: '*', label: t('matrix.anyTaskKind') }] : []),
    ...TASK_KINDS.map((k) => ({ value: k, label: taskLabel(k) })),
  ];

  const trialCard = (
    <Card
      title={
        <Space>
          <ThunderboltOutlined />
          {t('matrix.trial')}
        </Space>
      }
      size="small"
      style={canManage ? { marginTop: 16 } : { marginBottom: 16 }}
      data-testid="matrix-trial"
    >
      <Typography.Paragraph type="secondary">{t('matrix.trialDesc', { region: region.name })}</Typography.Paragraph>
      <Form form={trialForm} layout="vertical" onFinish={(v) => void trial(v)}>
        <Row gutter={16} align="bottom">
          <Col xs={24} sm={9}>
            <Form.Item name="category" label={t('matrix.category')} rules={[{ required: true }]}>
              <Select options={categoryOptions(false)} data-testid="trial-category" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={9}>
            <Form.Item name="taskKind" label={t('matrix.taskKind')} rules={[{ required: true }]}>
              <Select options={taskOptions(false)} data-testid="trial-task" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={6}>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} block data-testid="trial-run">
                {t('matrix.trialRun')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {routing === undefined ? null : routing === null ? (
        <Empty description={t('matrix.trialNone')} />
      ) : (
        <Descriptions
          bordered
          size="small"
          column={1}
          data-testid="trial-result"
          items={[
            { key: 'lead', label: t('matrix.lead'), children: <Typography.Text strong>{routing.lead.name ?? paren(t('matrix.noDepartment'), routing.lead.key)}</Typography.Text> },
            {
              key: 'coop',
              label: t('matrix.cooperating'),
              children: routing.cooperating.length ? (
                <Space size={[4, 4]} wrap>
                  {routing.cooperating.map((c) => (
                    <Tag key={c.key}>{c.name ?? c.key}</Tag>
                  ))}
                </Space>
              ) : (
                t('common.none')
              ),
            },
            { key: 'terr', label: t('matrix.territorial'), children: routing.territorial?.name ?? <Typography.Text type="secondary">{t('matrix.territorialNone')}</Typography.Text> },
            { key: 'basis', label: t('matrix.basis'), children: routing.basis },
          ]}
        />
      )}
    </Card>
  );

  return (
    <div data-testid="matrix-page">
      <PageHeader
        title={t('matrix.title')}
        subtitle={t('matrix.of', { region: region.name })}
        extra={
          <>
            {canManage ? (
              <Space.Compact>
                <Select
                  style={{ width: 200 }}
                  placeholder={t('matrix.presetPlaceholder')}
                  value={presetKey}
                  onChange={setPresetKey}
                  options={(presets.data?.items ?? []).map((p) => ({ value: p.key, label: label(p.name) }))}
                  data-testid="preset-select"
                />
                <Button disabled={!presetKey} onClick={applyPreset} data-testid="preset-apply">
                  {t('matrix.applyPreset')}
                </Button>
              </Space.Compact>
            ) : null}
            {canManage ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="rule-create"
                onClick={() => {
                  ruleForm.resetFields();
                  setEditing('new');
                }}
              >
                {t('matrix.addRule')}
              </Button>
            ) : null}
            <Button icon={<DownloadOutlined />} onClick={exportRows} disabled={rows.length === 0}>
              {t('common.export')}
            </Button>
          </>
        }
      />
      {m ? (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type={m.definedAt === null ? 'warning' : own ? 'success' : 'info'}
          data-testid="matrix-status"
          title={
            m.definedAt === null
              ? t('matrix.empty')
              : own
                ? `${t('matrix.own')} · ${t('matrix.rules', { count: rules.length })}`
                : canManage
                  ? t('matrix.inherited', { region: definedAtName })
                  : t('matrix.inheritedShort', { region: definedAtName })
          }
          description={
            <Space wrap>
              {m.presetKey ? <Tag color="blue">{t('matrix.preset', { name: presetName(m.presetKey) })}</Tag> : null}
              {!canManage ? <Typography.Text type="secondary">{t('matrix.readonly')}</Typography.Text> : null}
            </Space>
          }
        />
      ) : null}
      {canManage ? null : trialCard}
      <SearchForm<Filter>
        form={filterForm}
        onSearch={(v) => setFilter({ ...v })}
        fields={[
          { name: 'keyword', label: t('common.keyword'), node: <Input allowClear placeholder={t('matrix.keyword')} /> },
          { name: 'taskKind', label: t('matrix.taskKind'), node: <Select allowClear placeholder={t('common.all')} options={taskOptions(true)} /> },
          { name: 'category', label: t('matrix.category'), node: <Select allowClear placeholder={t('common.all')} options={categoryOptions(true)} /> },
        ]}
      />
      <Table<MatrixRule>
        rowKey="id"
        size="middle"
        loading={matrix.loading}
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
        data-testid="matrix-table"
      />

      {canManage ? trialCard : null}

      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('matrix.addRule') : t('matrix.editRule')}
        onCancel={() => setEditing(null)}
        onOk={() => ruleForm.submit()}
        confirmLoading={busy}
        forceRender
        width={600}
      >
        {editing === 'new' && m && !own && m.definedAt !== null ? <Alert type="warning" showIcon title={t('matrix.inherited', { region: definedAtName })} style={{ marginBottom: 16 }} /> : null}
        <Form form={ruleForm} layout="vertical" onFinish={(v) => void saveRule(v)} initialValues={{ cooperatingKeys: [] }}>
          <Flex gap={16} wrap>
            <Form.Item name="taskKind" label={t('matrix.taskKind')} rules={[{ required: true }]} style={{ flex: '1 1 220px' }}>
              <Select options={taskOptions(true)} disabled={editing !== 'new'} />
            </Form.Item>
            <Form.Item name="category" label={t('matrix.category')} rules={[{ required: true }]} style={{ flex: '1 1 220px' }}>
              <Select options={categoryOptions(true)} disabled={editing !== 'new'} />
            </Form.Item>
          </Flex>
          <Form.Item name="leadKey" label={t('matrix.lead')} rules={[{ required: true }]}>
            <Select options={deptOptions} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.Item name="cooperatingKeys" label={t('matrix.cooperating')}>
            <Select mode="multiple" options={deptOptions} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.Item name="basis" label={t('matrix.basis')}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
