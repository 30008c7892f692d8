import { Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../api.js';
import { useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { HazardStateTag } from './common.js';
import { StepModal, type StepMode } from './EnforcementSection.js';
import { OPEN_STATES, SUBJECT_TYPE_LABELS } from './labels.js';
import type { SupplyItem, SupplyPage } from './types.js';

/**
 * 供气用户隐患 for a gas company (R4.5): hazards of the venues and households it supplies; it
 * suspends the supply of a user who refuses to rectify and restores it once the hazard is closed.
 */
export function SupplyUsersPanel() {
  const phone = useIsPhone();
  const { t, label } = useI18n();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const [acting, setActing] = useState<{ id: string; mode: StepMode } | null>(null);
  const list = useLoad(() => api.get<SupplyPage>('/api/v1/hazards/supply', page), [page, version]);

  const columns: TableColumnsType<SupplyItem> = [
    { title: t('hz.code'), dataIndex: 'code' },
    {
      title: t('hz.subject'),
      dataIndex: 'subjectName',
      render: (n: string, h) => (
        <span>
          {n} <Typography.Text type="secondary">{label(SUBJECT_TYPE_LABELS[h.subjectType], h.subjectType)}</Typography.Text>
        </span>
      ),
    },
    { title: t('hz.description'), dataIndex: 'description', render: (d: string) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: d }} style={{ margin: 0, maxWidth: 320 }}>{d}</Typography.Paragraph> },
    { title: t('hz.deadline'), dataIndex: 'deadline', render: (d: string | null) => d ?? '—' },
    {
      title: t('common.status'),
      dataIndex: 'state',
      render: (s: string, h) => (
        <Space size={4} wrap>
          <HazardStateTag state={s} />
          {h.supplySuspended ? <Tag color="magenta">{t('hz.supplySuspended')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: phone ? undefined : 'right',
      render: (_, h) => {
        const open = (OPEN_STATES as readonly string[]).includes(h.state);
        if (open && !h.supplySuspended)
          return (
            <Button size="small" danger type="link" onClick={() => setActing({ id: h.id, mode: 'suspend' })}>
              {t('hz.supply.suspend')}
            </Button>
          );
        if (!open && h.supplySuspended)
          return (
            <Button size="small" type="link" onClick={() => setActing({ id: h.id, mode: 'restore' })}>
              {t('hz.supply.restore')}
            </Button>
          );
        return <Typography.Text type="secondary">—</Typography.Text>;
      },
    },
  ];

  return (
    <div data-testid="supply-users">
      <Typography.Paragraph type="secondary">{t('hz.supply.panelNote')}</Typography.Paragraph>
      <Table<SupplyItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
        }}
      />
      <StepModal
        hazardId={acting?.id ?? ''}
        mode={acting?.mode ?? null}
        onClose={() => setActing(null)}
        onDone={() => {
          setActing(null);
          setVersion((v) => v + 1);
        }}
      />
    </div>
  );
}
