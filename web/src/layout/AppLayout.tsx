import { DownOutlined, LockOutlined, LogoutOutlined, MenuOutlined, SafetyCertificateFilled, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Typography, theme, type MenuProps } from 'antd';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, useMe } from '../auth.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { NotificationBell } from '../components/NotificationBell.js';
import { RegionCascader } from '../components/RegionCascader.js';
import { ROLE_LABELS } from '../i18n/labels.js';
import { useI18n } from '../i18n/index.js';
import { MODULES } from '../modules.js';
import { useRegion } from '../region.js';

const SIDER_WIDTH = 216;

function Brand({ collapsed, onClick }: { collapsed?: boolean; onClick?: () => void }) {
  const { t } = useI18n();
  return (
    <Flex align="center" gap={10} style={{ height: 56, padding: '0 20px', cursor: 'pointer', overflow: 'hidden' }} onClick={onClick}>
      <SafetyCertificateFilled style={{ fontSize: 24, color: '#ff7a45', flex: 'none' }} />
      {collapsed ? null : (
        <Typography.Text strong style={{ color: '#fff', fontSize: 15, whiteSpace: 'nowrap' }}>
          {t('app.brand')}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** The shell: menu by role (a drawer on phones), region picker, language switch, user menu. */
export function AppLayout() {
  const me = useMe();
  const { logout } = useAuth();
  const { t, label, paren } = useI18n();
  const { region, setRegion } = useRegion();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();

  const visible = MODULES.filter((m) => m.visible(me));
  const entry = (m: (typeof MODULES)[number]) => ({
    key: m.path,
    icon: m.icon,
    label: <span data-testid={`menu-${m.key}`}>{t(m.title)}</span>,
  });
  const groups: { key: 'basic' | 'system'; title: string }[] = [
    { key: 'basic', title: t('menu.groupBasic') },
    { key: 'system', title: t('menu.groupSystem') },
  ];
  const items: MenuProps['items'] = [
    ...visible.filter((m) => m.group === 'main').map(entry),
    ...groups
      .map((g) => ({ g, children: visible.filter((m) => m.group === g.key).map(entry) }))
      .filter((x) => x.children.length > 0)
      .map((x) => ({ type: 'group' as const, key: x.g.key, label: collapsed && !isMobile ? null : x.g.title, children: x.children })),
  ];
  const selected = MODULES.filter((m) => m.path !== '/' && location.pathname.startsWith(m.path)).map((m) => m.path);
  const selectedKeys = selected.length ? selected : location.pathname === '/' ? ['/'] : [];

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={selectedKeys}
      onClick={({ key }) => {
        navigate(key);
        setDrawerOpen(false);
      }}
      data-testid="main-menu"
    />
  );

  const regionPicker = (width: number | string) => (
    <RegionCascader
      compact
      value={region.id}
      style={{ width }}
      data-testid="region-picker"
      onChange={(id, r) => {
        if (id && r) setRegion({ id, name: r.name, code: r.code, level: r.level });
      }}
    />
  );

  const userMenu: MenuProps = {
    items: [
      { key: 'who', disabled: true, label: paren(me.displayName, label(ROLE_LABELS[me.role])) },
      { type: 'divider' },
      { key: 'password', icon: <LockOutlined />, label: <span data-testid="user-change-password">{t('user.changePassword')}</span> },
      { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="user-logout">{t('user.logout')}</span> },
    ],
    onClick: ({ key }) => {
      if (key === 'password') navigate('/change-password');
      if (key === 'logout') void logout();
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={280}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
          data-testid="menu-drawer"
        >
          <Brand onClick={() => setDrawerOpen(false)} />
          <div style={{ padding: '4px 16px 12px' }}>
            <Typography.Text style={{ color: 'rgba(255,255,255,0.65)', fontSize: 12 }}>{t('header.region')}</Typography.Text>
            {regionPicker('100%')}
          </div>
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider
          width={SIDER_WIDTH}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <Brand collapsed={collapsed} onClick={() => navigate('/')} />
          {menu}
          {/* Room under the last item, so a long menu scrolls clear of the collapse trigger. */}
          <div style={{ height: 48 }} aria-hidden />
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: isMobile ? '0 8px' : '0 24px',
            height: 56,
            lineHeight: '56px',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Flex align="center" justify="space-between" gap={8} style={{ height: '100%' }}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              {isMobile ? (
                <>
                  <Button type="text" icon={<MenuOutlined />} aria-label={t('menu.open')} data-testid="menu-toggle" onClick={() => setDrawerOpen(true)} />
                  <Typography.Text strong ellipsis style={{ maxWidth: 150 }}>
                    {region.name}
                  </Typography.Text>
                </>
              ) : (
                <>
                  <Typography.Text type="secondary">{t('header.region')}</Typography.Text>
                  {regionPicker(260)}
                </>
              )}
            </Flex>
            <Flex align="center" gap={isMobile ? 0 : 8}>
              <NotificationBell />
              <LanguageSwitch />
              <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
                <Button type="text" data-testid="user-menu" style={{ paddingInline: 6 }}>
                  <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
                  {isMobile ? null : (
                    <>
                      <span>{me.displayName}</span>
                      <DownOutlined style={{ fontSize: 10 }} />
                    </>
                  )}
                </Button>
              </Dropdown>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
