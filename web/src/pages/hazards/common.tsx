/**
 * Pieces the hazard pages share: the status tags (待交办 … 已销号, 逾期, 督办), downloads of server
 * documents (PDF, Excel) with the server's error shown when there is one, evidence photos (upload
 * from a phone's camera or album, thumbnails with preview) and the subject picker.
 */
import { CameraOutlined, CloseCircleFilled } from '@ant-design/icons';
import { Button, Flex, Image, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api.js';
import { useShowError } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { compressPhoto, rawRequest } from '../../offline/upload.js';
import type { Page } from '../../types.js';
import { ESCALATION_LABELS, SEVERITY_LABELS, STATE_COLORS, STATE_LABELS } from './labels.js';
import type { SubjectRow } from './types.js';

export const fileUrl = (id: string) => `/api/v1/files/${id}`;

/** The state of a hazard as a tag (待交办, 已交办, 整改中, 待复核, 已销号, 已作废). */
export function HazardStateTag({ state }: { state: string }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLORS[state] ?? 'default'} data-testid="hazard-state-tag" data-state={state}>
      {label(STATE_LABELS[state as keyof typeof STATE_LABELS], state)}
    </Tag>
  );
}

export function SeverityTag({ severity }: { severity: string }) {
  const { label } = useI18n();
  return <Tag color={severity === 'major' ? 'red' : 'default'}>{label(SEVERITY_LABELS[severity as 'major' | 'general'], severity)}</Tag>;
}

/** State, 逾期, 督办 level and 暂停供气 together, as the ledger and the detail show them. */
export function HazardTags({ state, overdue, escalationLevel, supplySuspended }: { state: string; overdue?: boolean | null; escalationLevel?: number | null; supplySuspended?: boolean | null }) {
  const { t, label } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      <HazardStateTag state={state} />
      {overdue ? (
        <Tag color="red" data-testid="hazard-overdue-tag">
          {t('hz.overdue')}
        </Tag>
      ) : null}
      {escalationLevel && escalationLevel > 0 ? <Tag color="volcano">{label(ESCALATION_LABELS[escalationLevel], String(escalationLevel))}</Tag> : null}
      {supplySuspended ? <Tag color="magenta">{t('hz.supplySuspended')}</Tag> : null}
    </Space>
  );
}

function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

/**
 * Download a document the server generates (GET, with the session cookie). A refusal (too many
 * rows, not in scope) arrives as JSON and is shown like any other API error instead of being
 * saved as a file.
 */
export function useDownload() {
  const showError = useShowError();
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const download = useCallback(
    async (url: string, fallback: string) => {
      setBusy(url);
      try {
        let res: Response;
        try {
          res = await fetch(url, { credentials: 'same-origin' });
        } catch {
          throw new ApiError(0, 'NETWORK', t('error.network'));
        }
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
          throw new ApiError(res.status, body?.error?.code ?? 'HTTP', body?.error?.message ?? t('error.http', { status: res.status }));
        }
        const blob = await res.blob();
        const href = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = href;
        a.download = fileNameOf(res.headers.get('Content-Disposition'), fallback);
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(href), 60_000);
      } catch (e) {
        showError(e);
      } finally {
        setBusy(null);
      }
    },
    [showError, t],
  );
  return { download, busy };
}

/** Thumbnails of uploaded files with a preview on tap. */
export function PhotoStrip({ ids, size = 72, testId }: { ids: readonly string[]; size?: number; testId?: string }) {
  if (ids.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap data-testid={testId}>
        {ids.map((id) => (
          <Image key={id} src={fileUrl(id)} width={size} height={size} style={{ objectFit: 'cover', borderRadius: 6 }} alt="" />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

export interface EvidenceUploadProps {
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** The upload's purpose on the server: photos for evidence, any document for attachments. */
  purpose?: 'evidence' | 'document';
  max?: number;
  disabled?: boolean;
  testId?: string;
  id?: string;
}

/**
 * Photos (or documents) uploaded at once and kept as file ids: the phone offers its camera and
 * album; pictures are made smaller before they travel (offline/upload.ts).
 */
export function EvidenceUpload({ value, onChange, purpose = 'evidence', max = 20, disabled, testId, id }: EvidenceUploadProps) {
  const { t } = useI18n();
  const showError = useShowError();
  const input = useRef<HTMLInputElement | null>(null);
  const [uploading, setUploading] = useState(0);
  const current = useRef<string[]>(value ?? []);
  current.current = value ?? [];
  const [names, setNames] = useState<Record<string, string>>({});

  const add = async (files: File[]) => {
    for (const f of files.slice(0, Math.max(0, max - current.current.length))) {
      setUploading((n) => n + 1);
      try {
        const blob = purpose === 'evidence' ? await compressPhoto(f).catch(() => f) : f;
        const form = new FormData();
        form.append('file', blob, f.name || 'photo.jpg');
        const res = await rawRequest<{ id: string }>('POST', `/api/v1/files?purpose=${purpose}`, form);
        setNames((n) => ({ ...n, [res.id]: f.name }));
        const next = [...current.current, res.id];
        current.current = next;
        onChange?.(next);
      } catch (e) {
        showError(e);
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const remove = (fileId: string) => {
    const next = current.current.filter((x) => x !== fileId);
    current.current = next;
    onChange?.(next);
  };

  const ids = value ?? [];
  return (
    <Flex vertical gap={8} id={id}>
      {ids.length ? (
        purpose === 'evidence' ? (
          <Image.PreviewGroup>
            <Flex gap={10} wrap data-testid={testId ? `${testId}-thumbs` : undefined}>
              {ids.map((fid) => (
                <div key={fid} style={{ position: 'relative', width: 76, height: 76 }} data-testid="evidence-thumb">
                  <Image src={fileUrl(fid)} width={76} height={76} style={{ objectFit: 'cover', borderRadius: 6 }} alt="" />
                  {disabled ? null : (
                    <CloseCircleFilled
                      onClick={() => remove(fid)}
                      aria-label={t('common.delete')}
                      style={{ position: 'absolute', top: -7, right: -7, fontSize: 20, color: '#ff4d4f', background: '#fff', borderRadius: 10, cursor: 'pointer' }}
                    />
                  )}
                </div>
              ))}
            </Flex>
          </Image.PreviewGroup>
        ) : (
          <Flex vertical gap={4} data-testid={testId ? `${testId}-thumbs` : undefined}>
            {ids.map((fid) => (
              <Space key={fid}>
                <Typography.Link href={fileUrl(fid)} target="_blank">
                  {names[fid] ?? fid.slice(0, 8)}
                </Typography.Link>
                {disabled ? null : <CloseCircleFilled onClick={() => remove(fid)} style={{ color: '#ff4d4f' }} aria-label={t('common.delete')} />}
              </Space>
            ))}
          </Flex>
        )
      ) : null}
      <div>
        <Button icon={<CameraOutlined />} loading={uploading > 0} disabled={disabled || ids.length >= max} onClick={() => input.current?.click()} style={{ minHeight: 40 }} data-testid={testId ? `${testId}-button` : undefined}>
          {purpose === 'evidence' ? t('hz.addPhoto') : t('hz.addFile')}
        </Button>
        <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
          {t('hz.photoCount', { count: ids.length, max })}
        </Typography.Text>
      </div>
      <input
        ref={input}
        type="file"
        accept={purpose === 'evidence' ? 'image/*' : undefined}
        multiple
        hidden
        data-testid={testId}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) void add(files);
        }}
      />
    </Flex>
  );
}

export type PickableSubjectType = 'venue' | 'household' | 'enterprise' | 'facility' | 'vehicle';

const subjectName = (type: PickableSubjectType, r: SubjectRow) => (type === 'household' ? r.address : type === 'vehicle' ? r.plateNumber : r.name) ?? r.id;

/** Pick a subject of the registry (venue, household, enterprise, facility, vehicle) by name. */
export function SubjectPicker({
  subjectType,
  regionId,
  value,
  onChange,
  id,
  testId,
}: {
  subjectType: PickableSubjectType;
  regionId?: string | undefined;
  value?: string | null;
  onChange?: (id: string | null) => void;
  id?: string;
  testId?: string;
}) {
  const { t, paren } = useI18n();
  const showError = useShowError();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);

  const search = useCallback(
    (q: string) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        const mine = ++seq.current;
        setLoading(true);
        api.get<Page<SubjectRow>>(`/api/v1/registry/${subjectType}`, { regionId, q: q.trim() || undefined, pageSize: 20 }).then(
          (res) => {
            if (mine !== seq.current) return;
            setOptions(res.items.map((r) => ({ value: r.id, label: r.regionName ? paren(subjectName(subjectType, r), r.regionName) : subjectName(subjectType, r) })));
            setLoading(false);
          },
          (e: unknown) => {
            if (mine === seq.current) setLoading(false);
            showError(e);
          },
        );
      }, 250);
    },
    [subjectType, regionId, paren, showError],
  );

  useEffect(() => {
    setOptions([]);
    search('');
    return () => clearTimeout(timer.current);
  }, [search]);

  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      loading={loading}
      placeholder={t('hz.subjectSearch')}
      notFoundContent={loading ? null : t('hz.noSubjects')}
      data-testid={testId}
    />
  );
}

/** Today as YYYY-MM-DD in China time (deadlines and dates are China calendar days). */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
