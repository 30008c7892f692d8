import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Modal, Popconfirm, Progress, Table, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, CSRF_COOKIE, isHandled, readCookie } from '../../api.js';
import { useShowError } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { templateUrl, type ImportJob, type KindMeta } from './meta.js';

const RUNNING = new Set(['queued', 'validating', 'importing']);
const POLL_MS = 1000;

/**
 * Upload a file as multipart (field `file`) with the session cookie and the CSRF header; the
 * server answers 201 with the finished job, 202 with a job that goes on in the background, or an
 * error (422 unusable file, 413 too large, 409 busy).
 */
async function uploadFile(kind: string, file: File): Promise<ImportJob> {
  const body = new FormData();
  body.append('file', file, file.name);
  const headers: Record<string, string> = { Accept: 'application/json' };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(`/api/v1/registry/${kind}/imports`, { method: 'POST', body, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Network error');
  }
  const parsed = (await res.json().catch(() => null)) as (ImportJob & { error?: { code: string; message: string } }) | null;
  if (res.ok && parsed) return parsed;
  const err = parsed?.error;
  throw new ApiError(res.status, err?.code ?? 'HTTP', err?.message ?? `HTTP ${res.status}`);
}

/**
 * 导入: download the template, upload a filled file, see the outcome. A file with bad rows
 * imports nothing: every bad row is listed (行号, 列, 原因), with the error receipt and the choice
 * to import only the valid rows. Large files run in the background; their progress is polled.
 */
export function ImportModal({ kind, open, onClose, onImported }: { kind: KindMeta; open: boolean; onClose(): void; onImported(): void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
      clearTimeout(timer.current);
    };
  }, []);

  // A new visit starts afresh, unless a job is still running or ended while the dialog was closed.
  const openRef = useRef(open);
  openRef.current = open;
  const unseen = useRef(false);
  useEffect(() => {
    if (open && !unseen.current) {
      setJob(null);
      setFailure(null);
    }
    if (open) unseen.current = false;
  }, [open]);

  /** Show a job; poll it while it runs (also with the dialog closed); tell the list when rows were imported. */
  const follow = (j: ImportJob) => {
    if (!live.current) return;
    setJob(j);
    clearTimeout(timer.current);
    unseen.current = !openRef.current && j.status !== 'done';
    if (RUNNING.has(j.status)) {
      timer.current = setTimeout(() => {
        api.get<ImportJob>(`/api/v1/registry/imports/${j.id}`).then(follow, (e: unknown) => showError(e));
      }, POLL_MS);
    } else if (j.status === 'done') {
      onImported();
      if (!openRef.current) void message.success(doneText(j));
    } else if (!openRef.current) {
      void message.warning(t('registry.import.endedClosed', { name: j.fileName }));
    }
  };

  const doneText = (j: ImportJob) =>
    t(j.mode === 'valid-only' ? 'registry.import.doneValidOnly' : 'registry.import.done', {
      imported: j.progress.importedRows,
      created: j.progress.createdRows,
      updated: j.progress.updatedRows,
      unchanged: j.progress.unchangedRows,
      skipped: j.progress.invalidRows,
    });

  const upload = async (file: File) => {
    setBusy(true);
    setFailure(null);
    setJob(null);
    try {
      follow(await uploadFile(kind.kind, file));
    } catch (e) {
      if (isHandled(e)) return;
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const confirmValidOnly = async () => {
    if (!job) return;
    setBusy(true);
    try {
      follow(await api.post<ImportJob>(`/api/v1/registry/imports/${job.id}/confirm`, { mode: 'valid-only' }));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const p = job?.progress;
  const running = !!job && RUNNING.has(job.status);
  return (
    <Modal
      open={open}
      title={t('registry.import.title', { kind: label(kind.label) })}
      onCancel={onClose}
      footer={
        <Button onClick={onClose} data-testid="import-close">
          {t('common.close')}
        </Button>
      }
      width={760}
      destroyOnHidden
    >
      <div data-testid="import-modal">
        <Typography.Paragraph>
          <Typography.Text strong>1. </Typography.Text>
          {t('registry.import.step1')}{' '}
          <Button type="link" icon={<DownloadOutlined />} href={templateUrl(kind.kind)} download data-testid="import-template" style={{ paddingInline: 4 }}>
            {t('registry.import.template')}
          </Button>
        </Typography.Paragraph>
        <Typography.Paragraph>
          <Typography.Text strong>2. </Typography.Text>
          {t('registry.import.step2')}
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          disabled={busy || running}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('registry.import.drop')}</p>
          <p className="ant-upload-hint">{t('registry.import.dropHint')}</p>
        </Upload.Dragger>

        <div data-testid="import-result" style={{ marginTop: 16 }}>
          {busy && !job ? <Alert type="info" showIcon title={t('registry.import.checking')} /> : null}
          {failure ? <Alert type="error" showIcon title={failure} data-testid="import-failure" /> : null}
          {job ? (
            <>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t('registry.import.fileName', { name: job.fileName })}
              </Typography.Paragraph>
              {running ? (
                <div data-testid="import-progress">
                  <Typography.Text>
                    {job.status === 'queued'
                      ? t('registry.import.queued')
                      : job.status === 'validating'
                        ? t('registry.import.validating', { n: p?.validatedRows ?? 0 })
                        : t('registry.import.importing', { done: p?.importedRows ?? 0, total: p?.validRows ?? 0 })}
                  </Typography.Text>
                  {job.status === 'importing' && p?.validRows ? (
                    <Progress percent={Math.floor((100 * p.importedRows) / p.validRows)} status="active" />
                  ) : (
                    // The number of rows is known only once the whole file was read.
                    <Progress percent={100} showInfo={false} status="active" />
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('registry.import.background')}
                  </Typography.Text>
                </div>
              ) : null}
              {job.status === 'done' ? (
<Alert type="success" showIcon data-testid="import-done" title={doneText(job)} />
              ) : null}
              {job.status === 'failed' ? <Alert type="error" showIcon data-testid="import-failure" title={t('registry.import.failed', { message: job.failure?.message ?? '' })} /> : null}
              {job.status === 'invalid' ? (
                <>
                  <Alert
                    type="error"
                    showIcon
                    data-testid="import-invalid"
                    title={t(p?.validRows ? 'registry.import.invalid' : 'registry.import.invalidNoneValid', { bad: p?.invalidRows ?? 0, total: p?.totalRows ?? 0 })}
                    description={job.errorsTruncated ? t('registry.import.truncated', { count: new Set(job.errors.map((e) => e.row)).size }) : undefined}
                    style={{ marginBottom: 12 }}
                  />
                  <Flex gap={8} wrap style={{ marginBottom: 12 }}>
                    {job.links.receipt ? (
                      <Button icon={<DownloadOutlined />} href={job.links.receipt} download data-testid="import-receipt">
                        {t('registry.import.receipt')}
                      </Button>
                    ) : null}
                    {job.canImportValidRows ? (
                      <Popconfirm
                        title={t('registry.import.confirmValidOnly', { count: p?.validRows ?? 0, bad: p?.invalidRows ?? 0 })}
                        onConfirm={() => void confirmValidOnly()}
                        okButtonProps={{ 'data-testid': 'import-valid-only-ok' } as Record<string, string>}
                      >
                        <Button type="primary" loading={busy} data-testid="import-valid-only">
                          {t('registry.import.validOnly', { count: p?.validRows ?? 0 })}
                        </Button>
                      </Popconfirm>
                    ) : null}
                  </Flex>
                  <Table
                    size="small"
                    rowKey={(e) => `${e.row}:${e.field}:${e.message}`}
                    dataSource={job.errors}
                    pagination={job.errors.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
                    scroll={{ x: 'max-content' }}
                    data-testid="import-errors"
                    columns={[
                      { title: t('registry.import.row'), dataIndex: 'row', width: 72 },
                      { title: t('registry.import.column'), dataIndex: 'column', width: 160 },
                      { title: t('registry.import.reason'), dataIndex: 'message' },
                    ]}
                  />
                </>
              ) : null}
            </>
          ) : null}
        </div>
        {job?.status === 'done' ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('registry.import.again')}
          </Typography.Paragraph>
        ) : null}
      </div>
    </Modal>
  );
}
