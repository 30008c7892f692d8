import { GlobalOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { useI18n } from '../i18n/index.js';

/** Toggle between Chinese and English; stored in this browser and, when logged in, on the account. */
export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  const { me } = useAuth();
  const next = locale === 'en' ? 'zh-CN' : 'en';
  return (
    <Tooltip title={t('lang.switchTitle')}>
      <Button
        type="text"
        icon={<GlobalOutlined />}
        data-testid="lang-switch"
        style={dark ? { color: 'rgba(255,255,255,0.85)' } : undefined}
        onClick={() => {
          setLocale(next);
          if (me) api.put('/api/v1/me/locale', { locale: next }).catch(() => undefined);
        }}
      >
        {t('lang.switchTo')}
      </Button>
    </Tooltip>
  );
}
