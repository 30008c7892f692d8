import { LockOutlined, SafetyCertificateFilled, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api.js';
import { pendingStep, useAuth } from '../auth.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useI18n } from '../i18n/index.js';

interface LoginForm {
  username: string;
  password: string;
  otp?: string;
}

/** 登录: username and password, then the authenticator code when the account has one. */
export function LoginPage() {
  const { t } = useI18n();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<LoginForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [otpPrompt, setOtpPrompt] = useState<string | null>(null);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (me) return <Navigate to={pendingStep(me) ?? from} replace />;

  const submit = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      const m = await login(v.username.trim(), v.password, v.otp?.trim() || undefined);
      navigate(pendingStep(m) ?? from, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'OTP_REQUIRED') {
        // Right password; the account has an authenticator: ask for its code.
        setOtpPrompt(e.message);
      } else {
        // Wrong password or code, lock-out, disabled account: the server's message, on the card.
        setError(e instanceof Error ? e.message : String(e));
        form.setFieldsValue({ password: '', otp: '' });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gg-auth-bg">
      <Flex justify="flex-end" style={{ padding: 12 }}>
        <LanguageSwitch dark />
      </Flex>
      <Flex vertical align="center" style={{ padding: '4vh 16px 32px' }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24, textAlign: 'center' }}>
          <SafetyCertificateFilled style={{ fontSize: 44, color: '#ff7a45' }} />
          <Typography.Title level={2} style={{ color: '#fff', margin: '8px 0 0' }}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Text style={{ color: 'rgba(255,255,255,0.75)' }}>{t('app.subtitle')}</Typography.Text>
        </Flex>
        <Card style={{ width: '100%', maxWidth: 380 }} data-testid="login-card">
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('login.title')}
          </Typography.Title>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
          {otpPrompt && !error ? <Alert type="info" showIcon title={otpPrompt} style={{ marginBottom: 16 }} /> : null}
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" size="large" data-testid="login-username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="login-password" />
            </Form.Item>
            {otpPrompt ? (
              <Form.Item name="otp" label={t('login.otp')} extra={t('login.otpHelp')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.otpHelp') }]}>
                <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" data-testid="login-otp" autoFocus />
              </Form.Item>
            ) : null}
            <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
            {t('login.note')}
          </Typography.Paragraph>
        </Card>
        <Flex gap={16} wrap justify="center" style={{ marginTop: 20, fontSize: 13 }} data-testid="login-public-links">
          <Typography.Text style={{ color: 'rgba(255,255,255,0.65)' }}>{t('login.publicLinks')}</Typography.Text>
          <Link to="/public/blacklist" style={{ color: '#fff' }}>
            {t('public.blacklist')}
          </Link>
          <Link to="/public/unqualified-products" style={{ color: '#fff' }}>
            {t('public.products')}
          </Link>
        </Flex>
      </Flex>
    </div>
  );
}
