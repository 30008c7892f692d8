import { App } from 'antd';
import { useEffect } from 'react';
import { useAuth } from '../auth.js';
import { useI18n } from '../i18n/index.js';
import { onDraftSubmitted, startOutbox } from './outbox.js';
import { registerShell } from './shell.js';

/**
 * Mounted once in the logged-in shell: makes the app open offline (service worker) and sends the
 * inspection drafts waiting in the outbox whenever a connection is there, on any page.
 */
export function OfflineSync() {
  const { me } = useAuth();
  const { message } = App.useApp();
  const { t } = useI18n();
  const accountId = me?.id;

  useEffect(() => {
    void registerShell();
  }, []);

  useEffect(() => {
    if (!accountId) return;
    return startOutbox(accountId);
  }, [accountId]);

  useEffect(
    () =>
      onDraftSubmitted((d) => {
        void message.success(t('insp.syncedToast', { name: d.subject.name, code: d.result?.code ?? '' }));
      }),
    [message, t],
  );

  return null;
}
