import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Form, Input, List, Modal, Popconfirm, Row, Select, Space, Switch, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RegionLevel } from '../../../src/regions/regions.rules.js';
import { api } from '../api.js';
import { useMe } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { RegionCascader } from '../components/RegionCascader.js';
import { useAction, useLoad, useShowError } from '../hooks.js';
import { REGION_LEVEL_LABELS } from '../i18n/labels.js';
import { useI18n, type MsgKey } from '../i18n/index.js';
import type { Items, Region, RegionDetail } from '../types.js';

/** Which levels may sit under which (mirrors ALLOWED_PARENTS in src/regions/regions.rules.ts). */
const CHILD_LEVELS: Record<RegionLevel, RegionLevel[]> = {
  country: ['province'],
  province: ['city', 'district'],
  city: ['district'],
  district: ['town'],
  town: ['community', 'grid'],
  community: ['grid'],
  grid: [],
};

/** The part of a child's code fixed by its parent (GB/T 2260 and the 12-digit statistical codes). */
function codePrefix(level: RegionLevel, parent: { level: string; code: string } | null): string {
  if (!parent) return '';
  switch (level) {
    case 'country':
    case 'province':
      return '';
    case 'city':
      return parent.code.slice(0, 2);
    case 'district':
      return parent.code.slice(0, parent.level === 'city' ? 4 : 2);
    case 'town':
      return parent.code.slice(0, 6);
    case 'community':
      return parent.code.slice(0, 9);
    case 'grid':
      return parent.code;
  }
}

interface RegionNode extends TreeDataNode {
  key: string;
  region: Region;
  children?: RegionNode[];
}

interface CreateForm {
  level: RegionLevel;
  code: string;
  name: string;
  isVirtualCode?: boolean;
  codeVersion?: string;
}

interface EditForm {
  name: string;
  code: string;
  codeVersion?: string;
}

/** Replace the children of `parentId` (null: the roots), keeping grandchildren already loaded. */
function withChildren(nodes: RegionNode[], parentId: string | null, fresh: RegionNode[]): RegionNode[] {
  const merge = (old: RegionNode[] | undefined) =>
    fresh.map((n) => {
      const prev = old?.find((o) => o.key === n.key);
      return prev?.children ? { ...n, children: prev.children } : n;
    });
  if (parentId === null) return merge(nodes);
  return nodes.map((n) => {
    if (n.key === parentId) return { ...n, isLeaf: fresh.length === 0, children: merge(n.children) };
    return n.children ? { ...n, children: withChildren(n.children, parentId, fresh) } : n;
  });
}

export function RegionsPage() {
  const me = useMe();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const { busy, run } = useAction();
  const [includeRetired, setIncludeRetired] = useState(false);
  const [tree, setTree] = useState<RegionNode[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [search, setSearch] = useState('');
  const [modal, setModal] = useState<'create' | 'createRoot' | 'edit' | 'move' | null>(null);
  const [createForm] = Form.useForm<CreateForm>();
  const [editForm] = Form.useForm<EditForm>();
  const [moveForm] = Form.useForm<{ parentId: string }>();
  const retiredRef = useRef(includeRetired);
  retiredRef.current = includeRetired;

  const toNode = useCallback(
    (r: Region): RegionNode => ({ key: r.id, region: r, isLeaf: (r.childCount ?? 0) === 0 && !retiredRef.current }),
    [],
  );

  const fetchChildren = useCallback(
    async (parentId: string | null) => {
      const res = await api.get<Items<Region>>('/api/v1/regions', { parentId, includeRetired: retiredRef.current || undefined });
      return res.items.map(toNode);
    },
    [toNode],
  );

  const reloadChildren = useCallback(
    async (parentId: string | null) => {
      const fresh = await fetchChildren(parentId);
      setTree((old) => withChildren(old, parentId, fresh));
      return fresh;
    },
    [fetchChildren],
  );

  // The roots (the home region, or the top of the tree for an admin), opened one level.
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const roots = await fetchChildren(null);
        let next = roots;
        for (const r of roots) next = withChildren(next, r.key, await fetchChildren(r.key));
        if (!live) return;
        setTree(next);
        setExpanded(roots.map((r) => r.key));
        setSelectedId((s) => s ?? roots[0]?.key ?? null);
      } catch (e) {
        if (live) showError(e);
      }
    })();
    return () => {
      live = false;
    };
  }, [fetchChildren, includeRetired, showError]);

  const detail = useLoad(() => (selectedId ? api.get<RegionDetail>(`/api/v1/regions/${selectedId}`) : Promise.resolve(null)), [selectedId, version]);
  const region = detail.data ?? null;
  const searchResults = useLoad(
    () => (search ? api.get<Items<Region>>('/api/v1/regions', { q: search, includeRetired: includeRetired || undefined, limit: 50 }) : Promise.resolve(null)),
    [search, includeRetired],
  );

  /** Open the tree down to a region found by search. */
  const reveal = async (id: string) => {
    try {
      const d = await api.get<RegionDetail>(`/api/v1/regions/${id}`);
      const chain = d.ancestors.map((a) => a.id);
      const rootIds = new Set(tree.map((n) => n.key));
      const start = chain.findIndex((c) => rootIds.has(c));
      const open = start >= 0 ? chain.slice(start) : [];
      for (const a of open) await reloadChildren(a);
      setExpanded((e) => [...new Set([...e, ...open])]);
      setSelectedId(id);
    } catch (e) {
      showError(e);
    }
  };

  const afterChange = async (parentIds: (string | null)[], select?: string | null) => {
    for (const p of parentIds) await reloadChildren(p);
    if (select !== undefined) setSelectedId(select);
    setVersion((v) => v + 1);
  };

  const childLevels = region ? CHILD_LEVELS[region.level] : [];
  const isHomeLocked = !!region && me.role !== 'platform_admin' && region.id === me.region.id;
  const parentOf = (r: RegionDetail) => r.ancestors[r.ancestors.length - 1] ?? null;

  const openCreate = (root: boolean) => {
    createForm.resetFields();
    const level: RegionLevel = root ? 'province' : (childLevels[0] ?? 'grid');
    createForm.setFieldsValue({ level, code: root || !region ? '' : codePrefix(level, region), isVirtualCode: false });
    setModal(root ? 'createRoot' : 'create');
  };

  const submitCreate = async (v: CreateForm) => {
    const parentId = modal === 'createRoot' ? null : (region?.id ?? null);
    const created = await run(
      () => api.post<Region>('/api/v1/regions', { parentId, level: v.level, code: v.code.trim(), name: v.name.trim(), isVirtualCode: !!v.isVirtualCode, ...(v.codeVersion ? { codeVersion: v.codeVersion } : {}) }),
      createForm,
    );
    if (!created) return;
    void message.success(t('common.created'));
    setModal(null);
    if (parentId) setExpanded((e) => [...new Set([...e, parentId])]);
    await afterChange([parentId], created.id);
  };

  const submitEdit = async (v: EditForm) => {
    if (!region) return;
    const saved = await run(() => api.patch<Region>(`/api/v1/regions/${region.id}`, { name: v.name.trim(), code: v.code.trim(), ...(v.codeVersion ? { codeVersion: v.codeVersion } : {}) }), editForm);
    if (!saved) return;
    void message.success(t('common.saved'));
    setModal(null);
    await afterChange([region.parentId]);
  };

  const submitMove = async (v: { parentId: string }) => {
    if (!region) return;
    const moved = await run(() => api.post<Region>(`/api/v1/regions/${region.id}/move`, { parentId: v.parentId }), moveForm);
    if (!moved) return;
    void message.success(t('regions.movedOk'));
    setModal(null);
    await afterChange([region.parentId, v.parentId]);
    await reveal(region.id);
  };

  const setStatus = async (action: 'retire' | 'restore') => {
    if (!region) return;
    const ok = await run(() => api.post<Region>(`/api/v1/regions/${region.id}/${action}`));
    if (!ok) return;
    void message.success(t(action === 'retire' ? 'regions.retiredOk' : 'regions.restoredOk'));
    await afterChange([region.parentId]);
  };

  const remove = async () => {
    if (!region) return;
    const ok = await run(async () => {
      await api.delete(`/api/v1/regions/${region.id}`);
      return true;
    });
    if (!ok) return;
    void message.success(t('regions.deletedOk'));
    await afterChange([region.parentId], region.parentId);
  };

  const createLevel = Form.useWatch('level', createForm);
  const createParent = modal === 'createRoot' ? null : region;
  const hintKey = createLevel ? (`regions.hint.${createLevel}` as MsgKey) : null;

  return (
    <div data-testid="regions-page">
      <PageHeader
        title={t('regions.title')}
        extra={
          <>
            <Space>
              <Switch size="small" checked={includeRetired} onChange={setIncludeRetired} data-testid="regions-show-retired" />
              <Typography.Text>{t('regions.showRetired')}</Typography.Text>
            </Space>
            {me.role === 'platform_admin' ? (
              <Button icon={<PlusOutlined />} onClick={() => openCreate(true)}>
                {t('regions.createRoot')}
              </Button>
            ) : null}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('regions.tree')} size="small">
            <Input.Search allowClear placeholder={t('regions.searchPlaceholder')} onSearch={(v) => setSearch(v.trim())} style={{ marginBottom: 12 }} data-testid="regions-search" />
            {search ? (
              <List
                size="small"
                bordered
                style={{ marginBottom: 12, maxHeight: 240, overflow: 'auto' }}
                header={<Typography.Text strong>{t('regions.searchResults')}</Typography.Text>}
                loading={searchResults.loading}
                dataSource={searchResults.data?.items ?? []}
                locale={{ emptyText: t('regions.noResults') }}
                renderItem={(r) => (
                  <List.Item style={{ cursor: 'pointer' }} onClick={() => void reveal(r.id)}>
                    <span>
                      {r.name} <Typography.Text type="secondary">{r.code}</Typography.Text>
                    </span>
                    <Tag>{label(REGION_LEVEL_LABELS[r.level])}</Tag>
                  </List.Item>
                )}
              />
            ) : null}
            <div style={{ maxHeight: '65vh', overflow: 'auto' }} data-testid="region-tree">
              <Tree<RegionNode>
                showLine
                blockNode
                treeData={tree}
                titleRender={(node) => (
                  <span data-testid={`region-node-${node.region.code}`}>
                    {node.region.name} <Typography.Text type="secondary">{node.region.code}</Typography.Text>
                    {node.region.status !== 'active' ? (
                      <Tag color="default" style={{ marginLeft: 6 }}>
                        {t('common.retired')}
                      </Tag>
                    ) : null}
                  </span>
                )}
                expandedKeys={expanded}
                onExpand={(keys) => setExpanded(keys as string[])}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => keys[0] !== undefined && setSelectedId(String(keys[0]))}
                loadData={async (node) => {
                  if (node.children) return;
                  try {
                    await reloadChildren(node.key);
                  } catch (e) {
                    showError(e);
                  }
                }}
              />
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('regions.detail')} size="small" loading={detail.loading && !region} data-testid="region-detail">
            {!region ? (
              <Empty description={t('regions.pick')} />
            ) : (
              <>
                <Descriptions
                  column={{ xs: 1, sm: 2 }}
                  size="small"
                  bordered
                  items={[
                    { key: 'name', label: t('region.name'), children: region.name },
                    { key: 'code', label: t('region.code'), children: <Typography.Text copyable>{region.code}</Typography.Text> },
                    { key: 'level', label: t('region.level'), children: <Tag color="blue">{label(REGION_LEVEL_LABELS[region.level])}</Tag> },
                    {
                      key: 'status',
                      label: t('common.status'),
                      children: region.status === 'active' ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.retired')}</Tag>,
                    },
                    { key: 'ver', label: t('region.codeVersion'), children: region.codeVersion ?? '—' },
                    { key: 'virtual', label: t('region.virtualCode'), children: region.isVirtualCode ? t('common.yes') : t('common.no') },
                    {
                      key: 'path',
                      label: t('region.path'),
                      span: 'filled',
                      children: [...region.ancestors.map((a) => a.name), region.name].join(' / '),
                    },
                  ]}
                />
                {isHomeLocked ? <Alert type="info" showIcon title={t('regions.homeReadonly')} style={{ marginTop: 12 }} /> : null}
                <Flex wrap gap={8} style={{ marginTop: 16 }}>
                  <Button type="primary" icon={<PlusOutlined />} disabled={childLevels.length === 0 || region.status !== 'active'} onClick={() => openCreate(false)} data-testid="region-create-child">
                    {t('regions.createChild')}
                  </Button>
                  <Button
                    icon={<EditOutlined />}
                    disabled={isHomeLocked}
                    onClick={() => {
                      editForm.setFieldsValue({ name: region.name, code: region.code, codeVersion: region.codeVersion ?? '' });
                      setModal('edit');
                    }}
                    data-testid="region-edit"
                  >
                    {t('regions.edit')}
                  </Button>
                  <Button
                    icon={<DragOutlined />}
                    disabled={isHomeLocked || !region.parentId}
                    onClick={() => {
                      moveForm.resetFields();
                      setModal('move');
                    }}
                  >
                    {t('regions.move')}
                  </Button>
                  {region.status === 'active' ? (
                    <Popconfirm title={t('regions.confirmRetire', { name: region.name })} onConfirm={() => setStatus('retire')} disabled={isHomeLocked}>
                      <Button icon={<StopOutlined />} disabled={isHomeLocked} loading={busy} data-testid="region-retire">
                        {t('regions.retire')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button icon={<RollbackOutlined />} onClick={() => void setStatus('restore')} loading={busy} data-testid="region-restore">
                      {t('regions.restore')}
                    </Button>
                  )}
                  <Popconfirm title={t('regions.confirmDelete', { name: region.name })} onConfirm={remove} disabled={isHomeLocked} okButtonProps={{ danger: true }}>
                    <Button danger icon={<DeleteOutlined />} disabled={isHomeLocked} data-testid="region-delete">
                      {t('regions.delete')}
                    </Button>
                  </Popconfirm>
                </Flex>
              </>
            )}
          </Card>
        </Col>
      </Row>

      <Modal
        open={modal === 'create' || modal === 'createRoot'}
        title={modal === 'createRoot' ? t('regions.createRoot') : `${t('regions.createChild')} · ${region?.name ?? ''}`}
        onCancel={() => setModal(null)}
        onOk={() => createForm.submit()}
        confirmLoading={busy}
        destroyOnHidden
        forceRender
      >
        <Form form={createForm} layout="vertical" onFinish={(v) => void submitCreate(v)} data-testid="region-create-form">
          <Form.Item name="level" label={t('region.level')} rules={[{ required: true }]}>
            <Select
              options={(modal === 'createRoot' ? (['country', 'province'] as RegionLevel[]) : childLevels).map((l) => ({ value: l, label: label(REGION_LEVEL_LABELS[l]) }))}
              onChange={(l: RegionLevel) => createForm.setFieldValue('code', codePrefix(l, createParent))}
            />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('region.code')}
            rules={[{ required: true }]}
            extra={hintKey ? t(hintKey, { prefix: createLevel ? codePrefix(createLevel, createParent) : '' }) : null}
          >
            <Input maxLength={32} data-testid="region-code" />
          </Form.Item>
          <Form.Item name="name" label={t('region.name')} rules={[{ required: true }]}>
            <Input maxLength={100} data-testid="region-name" />
          </Form.Item>
          <Form.Item name="isVirtualCode" label={t('region.virtualCode')} valuePropName="checked" extra={t('region.virtualCodeHelp')}>
            <Switch />
          </Form.Item>
          <Form.Item name="codeVersion" label={t('region.codeVersion')} extra={t('region.codeVersionHelp')}>
            <Input maxLength={20} style={{ maxWidth: 160 }} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={modal === 'edit'} title={t('regions.edit')} onCancel={() => setModal(null)} onOk={() => editForm.submit()} confirmLoading={busy} forceRender>
        <Form form={editForm} layout="vertical" onFinish={(v) => void submitEdit(v)}>
          <Form.Item name="name" label={t('region.name')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('region.code')}
            rules={[{ required: true }]}
            extra={region && region.level !== 'country' ? t(`regions.hint.${region.level}` as MsgKey, { prefix: codePrefix(region.level, parentOf(region)) }) : null}
          >
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item name="codeVersion" label={t('region.codeVersion')} extra={t('region.codeVersionHelp')}>
            <Input maxLength={20} style={{ maxWidth: 160 }} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={modal === 'move'} title={`${t('regions.move')} · ${region?.name ?? ''}`} onCancel={() => setModal(null)} onOk={() => moveForm.submit()} confirmLoading={busy} forceRender>
        <Form form={moveForm} layout="vertical" onFinish={(v) => void submitMove(v)}>
          <Form.Item name="parentId" label={t('regions.moveTarget')} rules={[{ required: true }]} extra={t('regions.moveHelp')}>
            {modal === 'move' && region ? <RegionCascader excludeId={region.id} style={{ width: '100%' }} /> : <span />}
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
