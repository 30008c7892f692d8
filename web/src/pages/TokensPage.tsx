import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api } from '../api.js';
import { useMe } from '../auth.js';
import { OneTimeSecret } from '../components/OneTimeSecret.js';
import { PageHeader } from '../components/PageHeader.js';
import { RegionCascader } from '../components/RegionCascader.js';
import { RegistryPicker } from '../components/RegistryPicker.js';
import { SearchForm } from '../components/SearchForm.js';
import { useAction, useLoad, useIsPhone } from '../hooks.js';
import { TOKEN_KIND_LABELS } from '../i18n/labels.js';
import { useI18n } from '../i18n/index.js';
import { useRegion } from '../region.js';
import { TOKEN_KINDS, type ApiToken, type Items, type TokenKind } from '../types.js';

type Day = Dayjs;

interface TokenForm {
  name: string;
  kind: TokenKind;
  regionId: string;
  enterpriseId?: string;
  expiresAt?: Day | null;
}

interface Filter {
  keyword?: string;
  kind?: TokenKind;
  state?: 'valid' | 'revoked' | 'expired';
}


function stateOf(tk: ApiToken): 'valid' | 'revoked' | 'expired' {
  if (tk.revokedAt) return 'revoked';
  if (tk.expiresAt && new Date(tk.expiresAt).getTime() < Date.now()) return 'expired';
  return 'valid';
}

/** API 令牌: machine-client tokens in scope; the secret is shown once, at creation. */
export function TokensPage() {
  const me = useMe();
  const phone = useIsPhone();
  const { t, label, formatTime } = useI18n();
  const { message } = App.useApp();
  const { region } = useRegion();
  const { busy, run } = useAction();
  const [form] = Form.useForm<TokenForm>();
  const [filterForm] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({});
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ token: string; name: string } | null>(null);
  const formRegion = Form.useWatch('regionId', form);
  const list = useLoad(() => api.get<Items<ApiToken>>('/api/v1/api-tokens'), []);

  const rows = useMemo(() => {
    const kw = filter.keyword?.trim().toLowerCase();
    return (list.data?.items ?? []).filter((tk) => {
      if (filter.kind && tk.kind !== filter.kind) return false;
      if (filter.state && stateOf(tk) !== filter.state) return false;
      if (kw && !`${tk.name} ${tk.prefix}`.toLowerCase().includes(kw)) return false;
      return true;
    });
  }, [list.data, filter]);

  const create = async (v: TokenForm) => {
    const body = {
      name: v.name.trim(),
      kind: v.kind,
      regionId: v.regionId,
      ...(v.enterpriseId ? { enterpriseId: v.enterpriseId } : {}),
      ...(v.expiresAt ? { expiresAt: v.expiresAt.endOf('day').toISOString() } : {}),
    };
    const res = await run(() => api.post<ApiToken & { token: string }>('/api/v1/api-tokens', body), form);
    if (!res) return;
    setCreating(false);
    setSecret({ token: res.token, name: res.name });
    list.reload();
  };

  const revoke = async (tk: ApiToken) => {
    const res = await run(() => api.post<ApiToken>(`/api/v1/api-tokens/${tk.id}/revoke`));
    if (!res) return;
    void message.success(t('tokens.revokedOk'));
    list.reload();
  };

  const columns: TableColumnsType<ApiToken> = [
    { title: t('tokens.name'), dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
    { title: t('tokens.kind'), dataIndex: 'kind', render: (k: TokenKind) => <Tag color="blue">{label(TOKEN_KIND_LABELS[k], k)}</Tag> },
    { title: t('tokens.prefix'), dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
    { title: t('tokens.region'), dataIndex: 'regionName' },
    { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? formatTime(v) : <Typography.Text type="secondary">{t('tokens.unused')}</Typography.Text>) },
    { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatTime(v) : t('tokens.noExpiry')) },
    {
      title: t('common.status'),
      key: 'state',
      render: (_, tk) => {
        const s = stateOf(tk);
        return <Tag color={s === 'valid' ? 'green' : s === 'revoked' ? 'red' : 'default'}>{t(`tokens.${s}`)}</Tag>;
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      render: (_, tk) =>
        tk.revokedAt ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Popconfirm title={t('tokens.confirmRevoke', { name: tk.name })} onConfirm={() => revoke(tk)} okButtonProps={{ danger: true }}>
            <Button type="link" size="small" danger data-testid={`token-revoke-${tk.prefix}`}>
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <div data-testid="tokens-page">
      <PageHeader
        title={t('tokens.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="token-create"
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ regionId: region.id, kind: 'device_gateway' });
              setCreating(true);
            }}
          >
            {t('common.create')}
          </Button>
        }
      />
      <Alert type="info" showIcon title={t('tokens.desc')} style={{ marginBottom: 16 }} />
      <SearchForm<Filter>
        form={filterForm}
        onSearch={(v) => setFilter({ ...v })}
        fields={[
          { name: 'keyword', label: t('common.keyword'), node: <Input allowClear placeholder={t('tokens.keyword')} /> },
          { name: 'kind', label: t('tokens.kind'), node: <Select allowClear placeholder={t('common.all')} options={TOKEN_KINDS.map((k) => ({ value: k, label: label(TOKEN_KIND_LABELS[k]) }))} /> },
          {
            name: 'state',
            label: t('common.status'),
            node: (
              <Select
                allowClear
                placeholder={t('common.all')}
                options={(['valid', 'revoked', 'expired'] as const).map((s) => ({ value: s, label: t(`tokens.${s}`) }))}
              />
            ),
          },
        ]}
      />
      <Table<ApiToken>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { total }) }}
        data-testid="tokens-table"
      />
      <Modal
        open={creating}
        title={t('tokens.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'token-save' } as Record<string, string>}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => void create(v)}>
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true }]}>
            <Input maxLength={100} data-testid="token-name" />
          </Form.Item>
          <Form.Item name="kind" label={t('tokens.kind')} rules={[{ required: true }]}>
            <Select options={TOKEN_KINDS.map((k) => ({ value: k, label: label(TOKEN_KIND_LABELS[k]) }))} />
          </Form.Item>
          <Form.Item name="regionId" label={t('tokens.region')} rules={[{ required: true }]}>
            {creating ? <RegionCascader style={{ width: '100%' }} /> : <span />}
          </Form.Item>
          {me.enterprise ? null : (
            <Form.Item name="enterpriseId" label={t('tokens.enterprise')} extra={t('tokens.enterpriseHelp')}>
              <RegistryPicker kind="enterprise" regionId={formRegion} allowClear />
            </Form.Item>
          )}
          <Form.Item name="expiresAt" label={t('tokens.expiresAt')}>
            <DatePicker style={{ width: '100%' }} placeholder={t('tokens.noExpiry')} disabledDate={(d) => d.isBefore(new Date(), 'day')} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={secret !== null}
        title={t('tokens.secretTitle')}
        onCancel={() => setSecret(null)}
        mask={{ closable: false }}
        footer={
          <Button type="primary" onClick={() => setSecret(null)} data-testid="secret-close">
            {t('common.close')}
          </Button>
        }
      >
        {secret ? <OneTimeSecret value={secret.token} note={t('tokens.secretDesc')} testId="token-secret" /> : null}
      </Modal>
    </div>
  );
}
