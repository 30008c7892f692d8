import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Flex, List, Popover, Spin, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api.js';
import { useIsPhone, useShowError } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import type { NotificationItem, NotificationPage } from '../pages/hazards/types.js';

const POLL_MS = 60_000;

/** Open a notification: mark it read, then go where it points (inside the platform only). */
export function useOpenNotification(after?: () => void) {
  const navigate = useNavigate();
  const showError = useShowError();
  return useCallback(
    async (n: NotificationItem) => {
      if (!n.readAt) await api.post(`/api/v1/notifications/${n.id}/read`).catch((e: unknown) => showError(e));
      after?.();
      if (n.link.startsWith('/')) navigate(n.link);
    },
    [navigate, showError, after],
  );
}

/** Short relative time: 刚刚, 5 分钟前, 3 小时前, else the date. */
export function useAgo() {
  const { t, formatTime } = useI18n();
  return (iso: string) => {
    const min = Math.floor((Date.now() - Date.parse(iso)) / 60_000);
    if (min < 1) return t('notif.justNow');
    if (min < 60) return t('notif.minutesAgo', { n: min });
    if (min < 24 * 60) return t('notif.hoursAgo', { n: Math.floor(min / 60) });
    return formatTime(iso).slice(0, 10);
  };
}

/**
 * The bell in the header: unread count (polled every minute, on focus and on page change), the
 * latest notifications in a dropdown, mark one or all read, and a link to the 通知 page.
 */
export function NotificationBell() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const location = useLocation();
  const showError = useShowError();
  const ago = useAgo();
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<NotificationItem[] | null>(null);
  const live = useRef(true);

  const refreshCount = useCallback(() => {
    api.get<{ unread: number }>('/api/v1/notifications/count').then(
      (r) => live.current && setCount(r.unread),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    live.current = true;
    const timer = setInterval(refreshCount, POLL_MS);
    const onFocus = () => refreshCount();
    window.addEventListener('focus', onFocus);
    return () => {
      live.current = false;
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refreshCount]);

  useEffect(() => {
    refreshCount();
  }, [location.pathname, refreshCount]);

  const loadList = useCallback(() => {
    setItems(null);
    api.get<NotificationPage>('/api/v1/notifications', { pageSize: 8 }).then(
      (r) => {
        if (!live.current) return;
        setItems(r.items);
        setCount(r.unread);
      },
      (e: unknown) => {
        setItems([]);
        showError(e);
      },
    );
  }, [showError]);

  const openItem = useOpenNotification(() => {
    setOpen(false);
    refreshCount();
  });

  const readAll = async () => {
    try {
      await api.post('/api/v1/notifications/read-all');
      setCount(0);
      setItems((xs) => xs?.map((x) => ({ ...x, readAt: x.readAt ?? new Date().toISOString() })) ?? null);
    } catch (e) {
      showError(e);
    }
  };

  const content = (
    <div style={{ width: phone ? '100%' : 360 }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('notif.title')}</Typography.Text>
        <Flex gap={4}>
          <Button type="link" size="small" disabled={count === 0} onClick={() => void readAll()} data-testid="notification-read-all">
            {t('notif.readAll')}
          </Button>
          {phone ? (
            <Button size="small" onClick={() => setOpen(false)}>
              {t('common.close')}
            </Button>
          ) : null}
        </Flex>
      </Flex>
      {items === null ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          style={phone ? undefined : { maxHeight: 420, overflow: 'auto' }}
          renderItem={(n) => (
            <List.Item style={{ cursor: 'pointer', paddingInline: 4 }} onClick={() => void openItem(n)} data-testid="notification-item" data-read={n.readAt ? 'yes' : 'no'}>
              <Flex gap={8} align="start" style={{ width: '100%' }}>
                <Badge dot={!n.readAt} style={{ marginTop: 6 }}>
                  <span style={{ display: 'inline-block', width: 4 }} />
                </Badge>
                <Flex vertical style={{ minWidth: 0, flex: 1 }}>
                  <Typography.Text strong={!n.readAt} ellipsis>
                    {n.title}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                    {n.body}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                    {ago(n.createdAt)}
                  </Typography.Text>
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
      <Button
        block
        type="link"
        onClick={() => {
          setOpen(false);
          navigate('/notifications');
        }}
        data-testid="notification-all"
      >
        {t('notif.viewAll')}
      </Button>
    </div>
  );

  const bell = (
    <Button
      type="text"
      aria-label={t('notif.title')}
      data-testid="notification-bell"
      style={{ paddingInline: 8 }}
      onClick={
        phone
          ? () => {
              setOpen(true);
              loadList();
            }
          : undefined
      }
    >
      <Badge count={count} size="small" overflowCount={99} data-testid="notification-count">
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );

  // A phone gets the list in a full-screen drawer; a desktop in a dropdown under the bell.
  if (phone) {
    return (
      <>
        {bell}
        <Drawer open={open} onClose={() => setOpen(false)} placement="right" size="100%" title={null} closable={false} styles={{ body: { padding: 12 } }}>
          {content}
        </Drawer>
      </>
    );
  }
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) loadList();
      }}
      content={content}
      arrow={false}
    >
      {bell}
    </Popover>
  );
}
