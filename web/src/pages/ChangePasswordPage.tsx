import { ArrowLeftOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Spin, Typography } from 'antd';
import { Navigate, useNavigate } from 'react-router-dom';
import { api } from '../api.js';
import { pendingStep, useAuth } from '../auth.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useAction } from '../hooks.js';
import { useI18n } from '../i18n/index.js';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change one's own password; forced after the first login and after a reset. */
export function ChangePasswordPage() {
  const { t, paren } = useI18n();
  const { me, refresh, logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordForm>();
  const { busy, run } = useAction();

  if (me === undefined) return <Spin style={{ display: 'block', marginTop: '30vh' }} />;
  if (me === null) return <Navigate to="/login" replace />;
  const forced = me.mustChangePassword;

  const submit = async (v: PasswordForm) => {
    const ok = await run(() => api.post('/api/v1/auth/change-password', { currentPassword: v.currentPassword, newPassword: v.newPassword }), form);
    if (ok === undefined) return;
    void message.success(t('password.done'));
    const m = await refresh();
    navigate((m && pendingStep(m)) ?? '/', { replace: true });
  };

  const rules = ['password.policyLength', 'password.policyClasses', 'password.policyUsername', 'password.policyHistory'] as const;
  return (
    <div className="gg-auth-bg">
      <Flex justify="space-between" style={{ padding: 12 }}>
        {forced ? (
          <Button type="text" style={{ color: 'rgba(255,255,255,0.85)' }} onClick={() => void logout()}>
            {t('user.logout')}
          </Button>
        ) : (
          <Button type="text" icon={<ArrowLeftOutlined />} style={{ color: 'rgba(255,255,255,0.85)' }} onClick={() => navigate('/')}>
            {t('page.backHome')}
          </Button>
        )}
        <LanguageSwitch dark />
      </Flex>
      <Flex justify="center" style={{ padding: '2vh 16px 32px' }}>
        <Card style={{ width: '100%', maxWidth: 440 }} data-testid="change-password-card">
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('password.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {paren(me.displayName, me.username)}
          </Typography.Paragraph>
          {forced ? <Alert type="warning" showIcon title={t('password.forced')} style={{ marginBottom: 16 }} data-testid="password-forced" /> : null}
          <Alert
            type="info"
            title={t('password.policy')}
            description={
              <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>
                {rules.map((k) => (
                  <li key={k}>
                    <CheckCircleOutlined style={{ marginRight: 6, color: '#52c41a' }} />
                    {t(k)}
                  </li>
                ))}
              </ul>
            }
            style={{ marginBottom: 16 }}
          />
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
            <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
              <Input.Password autoComplete="current-password" data-testid="password-current" />
            </Form.Item>
            <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true }, { min: 10, message: t('password.policyLength') }]}>
              <Input.Password autoComplete="new-password" data-testid="password-new" />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={t('password.confirm')}
              dependencies={['newPassword']}
              rules={[
                { required: true },
                ({ getFieldValue }) => ({
                  validator: (_, value) =>
                    !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="password-confirm" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="password-submit">
              {t('password.submit')}
            </Button>
          </Form>
        </Card>
      </Flex>
    </div>
  );
}
