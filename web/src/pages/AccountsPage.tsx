import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { isPrivileged, requiredBinding, STAFF_KINDS, type Role, type StaffKind } from '../../../src/accounts/roles.js';
import { api } from '../api.js';
import { useMe } from '../auth.js';
import { OneTimeSecret } from '../components/OneTimeSecret.js';
import { PageHeader } from '../components/PageHeader.js';
import { RegionCascader } from '../components/RegionCascader.js';
import { RegistryPicker } from '../components/RegistryPicker.js';
import { SearchForm } from '../components/SearchForm.js';
import { datedName, downloadCsv } from '../csv.js';
import { useAction, useLoad, useShowError, useIsPhone } from '../hooks.js';
import { ROLE_LABELS, STAFF_KIND_LABELS } from '../i18n/labels.js';
import { useI18n } from '../i18n/index.js';
import { useRegion } from '../region.js';
import type { Account, Department, Items, Page } from '../types.js';

interface Filter {
  q?: string;
  role?: Role;
  status?: 'active' | 'disabled';
}

interface AccountForm {
  username: string;
  displayName: string;
  role: Role;
  regionId: string;
  staffKind?: StaffKind;
  departmentId?: string;
  enterpriseId?: string;
  venueId?: string;
  phone?: string;
}

const ROLE_COLORS: Partial<Record<Role, string>> = {
  platform_admin: 'magenta',
  task_force: 'volcano',
  dept_officer: 'blue',
  town_officer: 'cyan',
  grid_worker: 'green',
  enterprise_admin: 'purple',
  enterprise_staff: 'geekblue',
  venue_user: 'gold',
};

/** 账号管理: the accounts in the selected region's subtree, paged on the server. */
export function AccountsPage() {
  const me = useMe();
  const phone = useIsPhone();
  const { t, label, formatTime, paren } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const { region } = useRegion();
  const { busy, run } = useAction();
  const [filterForm] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [form] = Form.useForm<AccountForm>();
  const [secret, setSecret] = useState<{ password: string; name: string; username: string } | null>(null);
  const [exporting, setExporting] = useState(false);

  const manageable = me.manageableRoles as readonly Role[];
  const list = useLoad(
    () => api.get<Page<Account>>('/api/v1/accounts', { regionId: region.id, ...filter, page: page.page, pageSize: page.pageSize }),
    [region.id, filter, page],
  );

  const formRole = Form.useWatch('role', form);
  const formRegion = Form.useWatch('regionId', form);
  const binding = formRole ? requiredBinding(formRole) : null;
  const departments = useLoad(
    () => (binding === 'department' && formRegion ? api.get<Items<Department>>('/api/v1/departments', { regionId: formRegion, inherited: true }) : Promise.resolve(null)),
    [binding, formRegion],
  );

  const openCreate = () => {
    form.resetFields();
    form.setFieldsValue({ regionId: region.id, role: manageable.includes('grid_worker') ? 'grid_worker' : manageable[0] });
    setEditing('new');
  };

  const openEdit = (a: Account) => {
    form.resetFields();
    form.setFieldsValue({
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      regionId: a.regionId,
      ...(a.staffKind ? { staffKind: a.staffKind as StaffKind } : {}),
      ...(a.departmentId ? { departmentId: a.departmentId } : {}),
      ...(a.enterpriseId ? { enterpriseId: a.enterpriseId } : {}),
      ...(a.venueId ? { venueId: a.venueId } : {}),
      phone: '',
    });
    setEditing(a);
  };

  const save = async (v: AccountForm) => {
    const b = requiredBinding(v.role);
    const body: Record<string, unknown> = {
      displayName: v.displayName.trim(),
      role: v.role,
      regionId: v.regionId,
      staffKind: v.role === 'enterprise_staff' ? (v.staffKind ?? 'other') : null,
      departmentId: b === 'department' ? (v.departmentId ?? null) : null,
      enterpriseId: b === 'enterprise' ? (me.enterprise?.id ?? v.enterpriseId ?? null) : null,
      venueId: b === 'venue' ? (v.venueId ?? null) : null,
    };
    if (v.phone?.trim()) body.phone = v.phone.trim();
    if (editing === 'new') {
      const res = await run(() => api.post<{ account: Account; initialPassword: string }>('/api/v1/accounts', { username: v.username.trim(), ...body }), form);
      if (!res) return;
      setEditing(null);
      setSecret({ password: res.initialPassword, name: res.account.displayName, username: res.account.username });
    } else if (editing) {
      const res = await run(() => api.patch<Account>(`/api/v1/accounts/${editing.id}`, body), form);
      if (!res) return;
      void message.success(t('common.saved'));
      setEditing(null);
    }
    list.reload();
  };

  const setStatus = async (a: Account, status: 'active' | 'disabled') => {
    const res = await run(() => api.patch<Account>(`/api/v1/accounts/${a.id}`, { status }));
    if (!res) return;
    void message.success(t(status === 'active' ? 'accounts.enabledOk' : 'accounts.disabledOk'));
    list.reload();
  };

  const resetPassword = async (a: Account) => {
    const res = await run(() => api.post<{ initialPassword: string }>(`/api/v1/accounts/${a.id}/reset-password`));
    if (!res) return;
    setSecret({ password: res.initialPassword, name: a.displayName, username: a.username });
    list.reload();
  };

  const resetTotp = async (a: Account) => {
    const res = await run(() => api.post(`/api/v1/accounts/${a.id}/reset-totp`));
    if (res === undefined) return;
    void message.success(t('accounts.resetTotpDone'));
  };

  const exportAll = async () => {
    setExporting(true);
    try {
      const all: Account[] = [];
      for (let p = 1; p <= 50; p++) {
        const res = await api.get<Page<Account>>('/api/v1/accounts', { regionId: region.id, ...filter, page: p, pageSize: 200 });
        all.push(...res.items);
        if (all.length >= res.total || res.items.length === 0) break;
      }
      downloadCsv(
        datedName(t('accounts.title')),
        [
          { title: t('accounts.username'), value: (a: Account) => a.username },
          { title: t('accounts.displayName'), value: (a) => a.displayName },
          { title: t('accounts.role'), value: (a) => label(ROLE_LABELS[a.role]) },
          { title: t('accounts.region'), value: (a) => a.regionName },
          { title: t('accounts.phone'), value: (a) => a.phone },
          { title: t('common.status'), value: (a) => t(a.status === 'active' ? 'accounts.status.active' : 'accounts.status.disabled') },
          { title: t('accounts.lastLogin'), value: (a) => formatTime(a.lastLoginAt) },
        ],
        all,
      );
      void message.success(t('common.exported', { count: all.length }));
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<Account> = [
    {
      title: t('accounts.username'),
      dataIndex: 'username',
      render: (u: string, a) => (
        <Space size={4}>
          <Typography.Text strong>{u}</Typography.Text>
          {a.isDemo ? <Tag>{t('accounts.demo')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('accounts.displayName'), dataIndex: 'displayName' },
    { title: t('accounts.role'), dataIndex: 'role', render: (r: Role) => <Tag color={ROLE_COLORS[r]}>{label(ROLE_LABELS[r])}</Tag> },
    { title: t('accounts.region'), dataIndex: 'regionName' },
    { title: t('accounts.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (s: string, a) => (
        <Space size={[4, 4]} wrap>
          {s === 'active' ? <Tag color="green">{t('accounts.status.active')}</Tag> : <Tag color="red">{t('accounts.status.disabled')}</Tag>}
          {a.locked ? <Tag color="orange">{t('accounts.locked')}</Tag> : null}
          {a.mustChangePassword ? <Tag color="gold">{t('accounts.mustChange')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('accounts.lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? formatTime(v) : <Typography.Text type="secondary">{t('accounts.never')}</Typography.Text>) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      render: (_, a) => {
        if (!manageable.includes(a.role)) return <Typography.Text type="secondary">—</Typography.Text>;
        const self = a.id === me.id;
        return (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => openEdit(a)} data-testid={`account-edit-${a.username}`}>
              {t('common.edit')}
            </Button>
            {a.status === 'active' ? (
              <Popconfirm title={t('accounts.confirmDisable', { name: a.displayName })} onConfirm={() => setStatus(a, 'disabled')} disabled={self}>
                <Button type="link" size="small" danger disabled={self}>
                  {t('accounts.disable')}
                </Button>
              </Popconfirm>
            ) : (
              <Button type="link" size="small" onClick={() => void setStatus(a, 'active')}>
                {t('accounts.enable')}
              </Button>
            )}
            <Popconfirm title={t('accounts.confirmReset', { name: a.displayName })} onConfirm={() => resetPassword(a)}>
              <Button type="link" size="small" data-testid={`account-reset-${a.username}`}>
                {t('accounts.resetPassword')}
              </Button>
            </Popconfirm>
            {isPrivileged(a.role) && !a.isDemo && !self ? (
              <Popconfirm title={t('accounts.confirmResetTotp', { name: a.displayName })} onConfirm={() => resetTotp(a)}>
                <Button type="link" size="small">
                  {t('accounts.resetTotp')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        );
      },
    },
  ];

  const editingAccount = editing !== 'new' ? editing : null;
  return (
    <div data-testid="accounts-page">
      <PageHeader
        title={t('accounts.title')}
        subtitle={t('accounts.scopeNote', { region: region.name })}
        extra={
          <>
            {manageable.length ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={openCreate} data-testid="account-create">
                {t('common.create')}
              </Button>
            ) : null}
            <Button icon={<DownloadOutlined />} onClick={() => void exportAll()} loading={exporting}>
              {t('common.export')}
            </Button>
          </>
        }
      />
      <SearchForm<Filter>
        form={filterForm}
        testId="accounts-search"
        onSearch={(v) => {
          setFilter({ ...(v.q?.trim() ? { q: v.q.trim() } : {}), ...(v.role ? { role: v.role } : {}), ...(v.status ? { status: v.status } : {}) });
          setPage((p) => ({ ...p, page: 1 }));
        }}
        fields={[
          { name: 'q', label: t('common.keyword'), node: <Input allowClear placeholder={t('accounts.keyword')} data-testid="accounts-q" /> },
          { name: 'role', label: t('accounts.role'), node: <Select allowClear placeholder={t('common.all')} options={Object.entries(ROLE_LABELS).map(([value, l]) => ({ value, label: label(l) }))} /> },
          {
            name: 'status',
            label: t('common.status'),
            node: (
              <Select
                allowClear
                placeholder={t('common.all')}
                options={[
                  { value: 'active', label: t('accounts.status.active') },
                  { value: 'disabled', label: t('accounts.status.disabled') },
                ]}
              />
            ),
          },
        ]}
      />
      <Table<Account>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="accounts-table"
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
        }}
      />

      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('accounts.create') : t('accounts.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'account-save' } as Record<string, string>}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="account-form">
          <Form.Item
            name="username"
            label={t('accounts.username')}
            extra={editing === 'new' ? t('accounts.usernameHelp') : null}
            rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.@-]{3,64}$/, message: t('accounts.usernameFormat') }]}
          >
            <Input disabled={editing !== 'new'} autoComplete="off" data-testid="account-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('accounts.displayName')} rules={[{ required: true }]}>
            <Input maxLength={64} data-testid="account-display-name" />
          </Form.Item>
          <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true }]}>
            <Select options={manageable.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))} data-testid="account-role" disabled={editingAccount?.id === me.id} />
          </Form.Item>
          <Form.Item name="regionId" label={t('accounts.region')} rules={[{ required: true }]}>
            {editing !== null ? <RegionCascader style={{ width: '100%' }} data-testid="account-region" /> : <span />}
          </Form.Item>
          {formRole === 'enterprise_staff' ? (
            <Form.Item name="staffKind" label={t('accounts.staffKind')} rules={[{ required: true }]} initialValue="other">
              <Select options={STAFF_KINDS.map((k) => ({ value: k, label: label(STAFF_KIND_LABELS[k]) }))} />
            </Form.Item>
          ) : null}
          {binding === 'department' ? (
            <Form.Item name="departmentId" label={t('accounts.department')} rules={[{ required: true }]} extra={t('accounts.departmentHelp')}>
              <Select
                loading={departments.loading}
                showSearch={{ optionFilterProp: 'label' }}
                options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: paren(d.name, d.regionName) }))}
                data-testid="account-department"
              />
            </Form.Item>
          ) : null}
          {binding === 'enterprise' ? (
            me.enterprise ? (
              <Form.Item label={t('home.enterprise')}>
                <Input value={me.enterprise.name} disabled />
              </Form.Item>
            ) : (
              <Form.Item name="enterpriseId" label={t('accounts.enterprise')} extra={t('accounts.enterpriseHelp')} rules={[{ required: true }]}>
                <RegistryPicker kind="enterprise" regionId={formRegion} data-testid="account-enterprise" />
              </Form.Item>
            )
          ) : null}
          {binding === 'venue' ? (
            <Form.Item name="venueId" label={t('accounts.venue')} extra={t('accounts.venueHelp')} rules={[{ required: true }]}>
              <RegistryPicker kind="venue" regionId={formRegion} data-testid="account-venue" />
            </Form.Item>
          ) : null}
          <Form.Item
            name="phone"
            label={t('accounts.phone')}
            extra={editingAccount?.phone ? t('accounts.phoneKeep', { phone: editingAccount.phone }) : null}
          >
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={secret !== null}
        title={t('accounts.initialPassword')}
        onCancel={() => setSecret(null)}
        footer={
          <Button type="primary" onClick={() => setSecret(null)} data-testid="secret-close">
            {t('common.close')}
          </Button>
        }
        mask={{ closable: false }}
      >
        {secret ? <OneTimeSecret value={secret.password} note={t('accounts.initialPasswordDesc', { name: secret.name, username: secret.username })} testId="initial-password" /> : null}
      </Modal>
    </div>
  );
}
