import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, CSRF_COOKIE, isHandled, readCookie } from '../../api.js';
import { useI18n } from '../../i18n/index.js';

interface RowError {
  row: number;
  errors: { column: string; message: string }[];
}
type Outcome = { ok: true; created: number; updated: number } | { ok: false; message: string; rows: RowError[] };

/** POST /api/v1/devices/import (multipart `file`): 200 {created, updated}, or 422 with every bad row. */
async function upload(file: File): Promise<Outcome> {
  const body = new FormData();
  body.append('file', file, file.name);
  const headers: Record<string, string> = { Accept: 'application/json' };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch('/api/v1/devices/import', { method: 'POST', body, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Network error');
  }
  const parsed = (await res.json().catch(() => null)) as { created?: number; updated?: number; error?: { code: string; message: string }; rows?: RowError[] } | null;
  if (res.ok && parsed) return { ok: true, created: parsed.created ?? 0, updated: parsed.updated ?? 0 };
  if (res.status === 422 && parsed?.rows) return { ok: false, message: parsed.error?.message ?? '', rows: parsed.rows };
  throw new ApiError(res.status, parsed?.error?.code ?? 'HTTP', parsed?.error?.message ?? `HTTP ${res.status}`);
}

/**
 * 设备导入: download the template, upload the filled file; the whole file is checked and imported
 * only when every row is right (devices matched by code: a second import updates). Bad rows are
 * listed with their Excel row number, column and reason.
 */
export function DeviceImportModal({ open, onClose, onImported }: { open: boolean; onClose(): void; onImported(): void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setOutcome(null);
      setFailure(null);
    }
  }, [open]);

  const send = async (file: File) => {
    setBusy(true);
    setOutcome(null);
    setFailure(null);
    try {
      const o = await upload(file);
      setOutcome(o);
      if (o.ok) onImported();
    } catch (e) {
      if (!isHandled(e)) setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const flat = outcome && !outcome.ok ? outcome.rows.flatMap((r) => r.errors.map((e, i) => ({ key: `${r.row}-${i}`, row: r.row, column: e.column, message: e.message }))) : [];
  return (
    <Modal
      open={open}
      title={t('mon.import.title')}
      onCancel={onClose}
      width={720}
      destroyOnHidden
      footer={
        <Button onClick={onClose} data-testid="device-import-close">
          {t('common.close')}
        </Button>
      }
    >
      <div data-testid="device-import-modal">
        <Typography.Paragraph>
          <Typography.Text strong>1. </Typography.Text>
          {t('mon.import.step1')}{' '}
          <Button type="link" icon={<DownloadOutlined />} href="/api/v1/devices/template.xlsx" download style={{ paddingInline: 4 }} data-testid="device-import-template">
            {t('mon.import.template')}
          </Button>
        </Typography.Paragraph>
        <Typography.Paragraph>
          <Typography.Text strong>2. </Typography.Text>
          {t('mon.import.step2')}
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            void send(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('mon.import.drop')}</p>
        </Upload.Dragger>
        <div style={{ marginTop: 16 }} data-testid="device-import-result">
          {busy ? <Alert type="info" showIcon title={t('mon.import.checking')} /> : null}
          {failure ? <Alert type="error" showIcon title={failure} /> : null}
          {outcome?.ok ? <Alert type="success" showIcon title={t('mon.import.done', { created: outcome.created, updated: outcome.updated })} data-testid="device-import-done" /> : null}
          {outcome && !outcome.ok ? (
            <>
              <Alert type="error" showIcon title={outcome.message} description={t('mon.import.nothing')} style={{ marginBottom: 8 }} data-testid="device-import-invalid" />
              <Table
                size="small"
                rowKey="key"
                pagination={flat.length > 10 ? { pageSize: 10 } : false}
                dataSource={flat}
                columns={[
                  { title: t('mon.import.row'), dataIndex: 'row', width: 72 },
                  { title: t('mon.import.column'), dataIndex: 'column', width: 140 },
                  { title: t('mon.import.reason'), dataIndex: 'message' },
                ]}
              />
            </>
          ) : null}
        </div>
      </div>
    </Modal>
  );
}
