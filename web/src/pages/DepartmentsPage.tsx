import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { DEPARTMENT_KEYS, type DepartmentKey } from '../../../src/departments/taxonomy.js';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { SearchForm } from '../components/SearchForm.js';
import { datedName, downloadCsv } from '../csv.js';
import { useAction, useLoad, useIsPhone } from '../hooks.js';
import { DEPARTMENT_KEY_LABELS } from '../i18n/labels.js';
import { useI18n } from '../i18n/index.js';
import { useRegion } from '../region.js';
import type { Department, Items } from '../types.js';

interface DeptForm {
  key: string;
  name: string;
  isGasAuthority?: boolean;
}

interface Filter {
  keyword?: string;
  origin?: 'own' | 'inherited';
}

const KEY_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

/** 部门管理: the departments of the selected region, with those of the regions above it. */
export function DepartmentsPage() {
  const phone = useIsPhone();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { can } = useAuth();
  const { region } = useRegion();
  const canManage = can('department.manage');
  const { busy, run } = useAction();
  const [filterForm] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({});
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const [form] = Form.useForm<DeptForm>();

  const list = useLoad(() => api.get<Items<Department>>('/api/v1/departments', { regionId: region.id, inherited: true }), [region.id]);
  const keyLabel = (key: string) => label(DEPARTMENT_KEY_LABELS[key as DepartmentKey], '');

  const rows = useMemo(() => {
    const kw = filter.keyword?.trim().toLowerCase();
    const items = [...(list.data?.items ?? [])];
    // The region's own departments first, the gas authority on top; the server's key order otherwise.
    items.sort((a, b) => Number(b.regionId === region.id) - Number(a.regionId === region.id) || Number(b.isGasAuthority) - Number(a.isGasAuthority));
    return items.filter((d) => {
      if (filter.origin === 'own' && d.regionId !== region.id) return false;
      if (filter.origin === 'inherited' && d.regionId === region.id) return false;
      if (kw && !`${d.name} ${d.key} ${keyLabel(d.key)}`.toLowerCase().includes(kw)) return false;
      return true;
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list.data, filter, region.id, label]);

  const save = async (v: DeptForm) => {
    const body = { key: v.key.trim(), name: v.name.trim(), isGasAuthority: !!v.isGasAuthority };
    const ok = await run(
      () => (editing === 'new' ? api.post('/api/v1/departments', { regionId: region.id, ...body }) : api.patch(`/api/v1/departments/${(editing as Department).id}`, body)),
      form,
    );
    if (ok === undefined) return;
    void message.success(editing === 'new' ? t('common.created') : t('common.saved'));
    setEditing(null);
    list.reload();
  };

  const patch = async (d: Department, body: Record<string, unknown>, done: string) => {
    const ok = await run(() => api.patch(`/api/v1/departments/${d.id}`, body));
    if (ok === undefined) return;
    void message.success(done);
    list.reload();
  };

  const columns: TableColumnsType<Department> = [
    {
      title: t('departments.name'),
      dataIndex: 'name',
      render: (name: string, d) => (
        <Space size={4} wrap>
          <Typography.Text strong>{name}</Typography.Text>
          {d.isGasAuthority ? <Tag color="volcano">{t('departments.gasAuthority')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('departments.key'),
      dataIndex: 'key',
      render: (key: string) => (
        <Space size={4} wrap>
          <Typography.Text code>{key}</Typography.Text>
          {keyLabel(key) ? <Typography.Text type="secondary">{keyLabel(key)}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('departments.region'),
      dataIndex: 'regionName',
      render: (name: string, d) => (
        <Space size={4}>
          {name}
          {d.regionId !== region.id ? <Tag>{t('departments.inherited')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: string) => (s === 'active' ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.retired')}</Tag>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      render: (_, d) => {
        if (!canManage) return null;
        if (d.regionId !== region.id) {
          return (
            <Tooltip title={t('departments.inheritedNote', { region: d.regionName })}>
              <Typography.Text type="secondary">—</Typography.Text>
            </Tooltip>
          );
        }
        return (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              onClick={() => {
                form.setFieldsValue({ key: d.key, name: d.name, isGasAuthority: d.isGasAuthority });
                setEditing(d);
              }}
            >
              {t('common.edit')}
            </Button>
            {!d.isGasAuthority ? (
              <Button type="link" size="small" onClick={() => void patch(d, { isGasAuthority: true }, t('common.saved'))}>
                {t('departments.setGasAuthority')}
              </Button>
            ) : null}
            <Popconfirm title={t('departments.confirmRetire', { name: d.name })} onConfirm={() => patch(d, { status: 'retired' }, t('departments.retiredOk'))}>
              <Button type="link" size="small" danger>
                {t('departments.retire')}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  const exportRows = () => {
    downloadCsv(
      datedName(`${t('departments.title')}_${region.name}`),
      [
        { title: t('departments.name'), value: (d: Department) => d.name },
        { title: t('departments.key'), value: (d) => d.key },
        { title: t('departments.region'), value: (d) => d.regionName },
        { title: t('departments.gasAuthority'), value: (d) => (d.isGasAuthority ? t('common.yes') : t('common.no')) },
      ],
      rows,
    );
    void message.success(t('common.exported', { count: rows.length }));
  };

  return (
    <div data-testid="departments-page">
      <PageHeader
        title={t('departments.title')}
        subtitle={t('departments.of', { region: region.name })}
        extra={
          <>
            {canManage ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="department-create"
                onClick={() => {
                  form.resetFields();
                  setEditing('new');
                }}
              >
                {t('common.create')}
              </Button>
            ) : null}
            <Button icon={<DownloadOutlined />} onClick={exportRows} disabled={rows.length === 0}>
              {t('common.export')}
            </Button>
          </>
        }
      />
      <SearchForm<Filter>
        form={filterForm}
        onSearch={(v) => setFilter({ ...v })}
        fields={[
          { name: 'keyword', label: t('common.keyword'), node: <Input allowClear placeholder={t('departments.keyword')} /> },
          {
            name: 'origin',
            label: t('departments.region'),
            node: (
              <Select
                allowClear
                placeholder={t('common.all')}
                options={[
                  { value: 'own', label: region.name },
                  { value: 'inherited', label: t('departments.inherited') },
                ]}
              />
            ),
          },
        ]}
      />
      {list.data && list.data.items.length === 0 ? <Alert type="info" showIcon title={t('departments.empty')} style={{ marginBottom: 16 }} /> : null}
      <Table<Department>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) }}
        data-testid="departments-table"
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('departments.create') : t('departments.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item label={t('departments.region')}>
            <Input value={region.name} disabled />
          </Form.Item>
          <Form.Item
            name="key"
            label={t('departments.key')}
            extra={t('departments.keyHelp')}
            rules={[{ required: true }, { pattern: KEY_PATTERN, message: t('departments.keyHelp') }]}
          >
            <AutoComplete
              options={DEPARTMENT_KEYS.map((k) => ({ value: k, label: `${k} · ${keyLabel(k)}` }))}
              showSearch={{ filterOption: (input, option) => String(option?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
            />
          </Form.Item>
          <Form.Item name="name" label={t('departments.name')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="isGasAuthority" label={t('departments.gasAuthority')} valuePropName="checked" extra={t('departments.gasAuthorityHelp')}>
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
