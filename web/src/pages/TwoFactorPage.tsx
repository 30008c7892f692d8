import { Alert, App, Button, Card, Flex, Form, Input, QRCode, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { api } from '../api.js';
import { needsTotpSetup, useAuth } from '../auth.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useAction } from '../hooks.js';
import { useI18n } from '../i18n/index.js';

/** The key in groups of four, easier to type into a phone. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * 绑定身份验证器: admin and task-force accounts enrol a TOTP authenticator before anything else
 * (POST /me/totp/setup gives the key, POST /me/totp/enable confirms it with a code).
 */
export function TwoFactorPage() {
  const { t, paren } = useI18n();
  const { me, refresh, logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ code: string }>();
  const { busy, run } = useAction();
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);

  if (me === undefined) return <Spin style={{ display: 'block', marginTop: '30vh' }} />;
  if (me === null) return <Navigate to="/login" replace />;
  if (me.mustChangePassword) return <Navigate to="/change-password" replace />;
  if (!needsTotpSetup(me) && !setup) return <Navigate to="/" replace />;

  const start = async () => {
    const res = await run(() => api.post<{ secret: string; otpauthUrl: string }>('/api/v1/me/totp/setup'));
    if (res) setSetup(res);
  };

  const confirm = async (v: { code: string }) => {
    const ok = await run(() => api.post('/api/v1/me/totp/enable', { code: v.code.trim() }), form);
    if (ok === undefined) return;
    void message.success(t('totp.done'));
    await refresh();
    navigate('/', { replace: true });
  };

  return (
    <div className="gg-auth-bg">
      <Flex justify="space-between" style={{ padding: 12 }}>
        <Button type="text" style={{ color: 'rgba(255,255,255,0.85)' }} onClick={() => void logout()}>
          {t('user.logout')}
        </Button>
        <LanguageSwitch dark />
      </Flex>
      <Flex justify="center" style={{ padding: '2vh 16px 32px' }}>
        <Card style={{ width: '100%', maxWidth: 460 }} data-testid="two-factor-card">
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('totp.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{paren(me.displayName, me.username)}</Typography.Paragraph>
          <Alert type="info" showIcon title={t('totp.intro')} style={{ marginBottom: 16 }} />
          {!setup ? (
            <Button type="primary" block loading={busy} onClick={() => void start()} data-testid="totp-start">
              {t('totp.start')}
            </Button>
          ) : (
            <>
              <Typography.Paragraph>{t('totp.scan')}</Typography.Paragraph>
              <Flex vertical align="center" gap={12} style={{ marginBottom: 16 }}>
                <QRCode value={setup.otpauthUrl} size={180} />
                <Typography.Paragraph
                  copyable={{ text: setup.secret }}
                  style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 15, textAlign: 'center', margin: 0, maxWidth: '100%', padding: '4px 8px', background: '#f5f5f5', borderRadius: 4 }}
                  data-testid="totp-secret"
                >
                  {grouped(setup.secret)}
                </Typography.Paragraph>
              </Flex>
              <Typography.Paragraph>{t('totp.enter')}</Typography.Paragraph>
              <Form form={form} layout="vertical" onFinish={(v) => void confirm(v)} requiredMark={false}>
                <Form.Item name="code" label={t('totp.code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.otpHelp') }]}>
                  <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" data-testid="totp-code" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={busy} data-testid="totp-confirm">
                  {t('totp.confirm')}
                </Button>
              </Form>
            </>
          )}
        </Card>
      </Flex>
    </div>
  );
}
