import { CheckOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Empty, Flex, List, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useAgo, useOpenNotification } from '../../components/NotificationBell.js';
import { useAction, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { EVENT_KIND_LABELS } from './labels.js';
import type { NotificationItem, NotificationPage } from './types.js';

/** 通知: the account's notifications, all or unread only, each opening what it is about. */
export function NotificationsPage() {
  const { t, label, formatTime } = useI18n();
  const { message } = App.useApp();
  const ago = useAgo();
  const { busy, run } = useAction();
  const [unread, setUnread] = useState(false);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const list = useLoad(() => api.get<NotificationPage>('/api/v1/notifications', { unread: unread || undefined, ...page }), [unread, page, version]);
  const open = useOpenNotification();

  const readAll = async () => {
    const res = await run(() => api.post<{ updated: number }>('/api/v1/notifications/read-all'));
    if (!res) return;
    void message.success(t('notif.readAllDone', { count: res.updated }));
    setVersion((v) => v + 1);
  };

  const markRead = async (n: NotificationItem) => {
    const res = await run(() => api.post(`/api/v1/notifications/${n.id}/read`));
    if (res !== undefined) setVersion((v) => v + 1);
  };

  return (
    <div data-testid="notifications-page">
      <PageHeader
        title={t('notif.title')}
        subtitle={list.data ? t('notif.unreadCount', { count: list.data.unread }) : undefined}
        extra={
          <Button icon={<CheckOutlined />} loading={busy} disabled={!list.data?.unread} onClick={() => void readAll()} data-testid="notifications-read-all">
            {t('notif.readAll')}
          </Button>
        }
      />
      <Segmented<string>
        value={unread ? 'unread' : 'all'}
        onChange={(v) => {
          setUnread(v === 'unread');
          setPage((p) => ({ ...p, page: 1 }));
        }}
        options={[
          { value: 'all', label: t('notif.all') },
          { value: 'unread', label: t('notif.unread') },
        ]}
        style={{ marginBottom: 12 }}
      />
      <Card size="small">
        <List<NotificationItem>
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.empty')} /> }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total ?? 0,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
            size: 'small',
          }}
          renderItem={(n) => (
            <List.Item
              data-testid="notifications-row"
              actions={
                n.readAt
                  ? []
                  : [
                      <Button key="read" type="link" size="small" onClick={() => void markRead(n)}>
                        {t('notif.markRead')}
                      </Button>,
                    ]
              }
            >
              <Flex gap={10} align="start" style={{ cursor: 'pointer', minWidth: 0 }} onClick={() => void open(n)}>
                <Badge dot={!n.readAt} style={{ marginTop: 8 }}>
                  <span style={{ display: 'inline-block', width: 4 }} />
                </Badge>
                <Flex vertical style={{ minWidth: 0 }}>
                  <Flex gap={6} wrap align="center">
                    <Tag>{label(EVENT_KIND_LABELS[n.kind as keyof typeof EVENT_KIND_LABELS], n.kind)}</Tag>
                    <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                  </Flex>
                  <Typography.Text type="secondary">{n.body}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} title={formatTime(n.createdAt)}>
                    {ago(n.createdAt)}
                  </Typography.Text>
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
