import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/index.js';

export function Forbidden() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('page.forbidden')}
      subTitle={t('page.forbiddenDesc')}
      extra={<Button onClick={() => navigate('/')}>{t('page.backHome')}</Button>}
    />
  );
}

export function NotFound() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return <Result status="404" title={t('page.notFound')} extra={<Button onClick={() => navigate('/')}>{t('page.backHome')}</Button>} />;
}
