import { ArrowRightOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Empty, Flex, Row, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { Capability } from '../../../src/accounts/roles.js';
import { useMe } from '../auth.js';
import { CAPABILITY_LABELS, REGION_LEVEL_LABELS, ROLE_LABELS, STAFF_KIND_LABELS } from '../i18n/labels.js';
import { useI18n } from '../i18n/index.js';
import { MODULES } from '../modules.js';
import type { RegionLevel } from '../../../src/regions/regions.rules.js';
import type { StaffKind } from '../../../src/accounts/roles.js';

/** 工作台: who I am, what I may see, and the modules I can open. No made-up figures. */
export function HomePage() {
  const me = useMe();
  const { t, label, paren } = useI18n();
  const navigate = useNavigate();
  const modules = MODULES.filter((m) => m.group !== 'main' && m.visible(me));
  const level = label(REGION_LEVEL_LABELS[me.region.level as RegionLevel], me.region.level);

  const items = [
    { key: 'username', label: t('home.username'), children: me.username },
    { key: 'role', label: t('home.role'), children: <Tag color="blue">{label(ROLE_LABELS[me.role])}</Tag> },
    { key: 'region', label: t('home.region'), children: paren(me.region.name, me.region.code) },
    { key: 'scope', label: t('home.scope'), children: t('home.scopeText', { region: me.region.name, level, code: me.region.code }) },
    ...(me.department ? [{ key: 'dept', label: t('home.department'), children: me.department.name }] : []),
    ...(me.enterprise ? [{ key: 'ent', label: t('home.enterprise'), children: me.enterprise.name }] : []),
    ...(me.venue ? [{ key: 'venue', label: t('home.venue'), children: me.venue.name }] : []),
    ...(me.staffKind ? [{ key: 'staff', label: t('home.staffKind'), children: label(STAFF_KIND_LABELS[me.staffKind as StaffKind], me.staffKind) }] : []),
    {
      key: 'twoFactor',
      label: t('home.twoFactor'),
      children: !me.twoFactorRequired
        ? t('home.twoFactorNotRequired')
        : me.twoFactorEnabled
          ? <Tag color="green">{t('home.twoFactorOn')}</Tag>
          : me.isDemo
            ? <Tag>{t('home.twoFactorDemo')}</Tag>
            : <Tag color="red">{t('home.twoFactorOff')}</Tag>,
    },
    {
      key: 'caps',
      label: t('home.capabilities'),
      children: me.capabilities.length ? (
        <Space size={[4, 4]} wrap>
          {me.capabilities.map((c) => (
            <Tag key={c}>{label(CAPABILITY_LABELS[c as Capability], c)}</Tag>
          ))}
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('home.noCapabilities')}</Typography.Text>
      ),
    },
  ];

  return (
    <div data-testid="home-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('home.hello', { name: me.displayName })}
      </Typography.Title>
      {me.isDemo ? <Alert type="info" showIcon title={t('home.demo')} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('home.account')} data-testid="home-account">
            <Descriptions column={1} size="small" items={items} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('home.modules')} data-testid="home-modules">
            {modules.length === 0 ? (
              <Empty description={t('home.noModules')} />
            ) : (
              <Row gutter={[12, 12]}>
                {modules.map((m) => (
                  <Col key={m.key} xs={24} sm={12}>
                    <Card size="small" hoverable onClick={() => navigate(m.path)} data-testid={`home-module-${m.key}`} style={{ height: '100%' }}>
                      <Flex gap={12} align="flex-start">
                        <span style={{ fontSize: 22, color: '#1f5fbf' }}>{m.icon}</span>
                        <div style={{ flex: 1, minWidth: 0 }}>
                          <Typography.Text strong>{t(m.title)}</Typography.Text>
                          {m.description ? (
                            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
                              {t(m.canManage && !m.canManage(me) && m.readOnlyDescription ? m.readOnlyDescription : m.description)}
                            </Typography.Paragraph>
                          ) : null}
                        </div>
                        <ArrowRightOutlined style={{ color: '#bbb', marginTop: 4 }} />
                      </Flex>
                    </Card>
                  </Col>
                ))}
              </Row>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
