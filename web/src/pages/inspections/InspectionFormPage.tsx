import { AimOutlined, ArrowLeftOutlined, CheckCircleOutlined, DeleteOutlined, EnvironmentOutlined, SendOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Progress, Result, Space, Spin, Switch, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { HAZARD_CATEGORIES, type HazardCategory } from '../../../../src/departments/taxonomy.js';
import { useMe } from '../../auth.js';
import { SignaturePad } from '../../components/SignaturePad.js';
import { HAZARD_CATEGORY_LABELS } from '../../i18n/labels.js';
import { useI18n } from '../../i18n/index.js';
import {
  deleteDraft,
  deletePhotoBlob,
  getDraft,
  newUuid,
  onDraftsChanged,
  progressOf,
  putPhotoBlob,
  saveDraft,
  verdictOfAnswer,
  type Draft,
  type DraftAnswer,
  type DraftStatus,
} from '../../offline/drafts.js';
import { isOnline } from '../../offline/connection.js';
import { flushOutbox, sendDraft } from '../../offline/outbox.js';
import { cacheLoadedAssets } from '../../offline/shell.js';
import { compressPhoto, uploadFile } from '../../offline/upload.js';
import { DraftStatusTag, formatCoord, hazardPath, KindTag, useOnline } from './common.js';
import { ItemRow } from './ItemRow.js';
import { SEVERITY_LABELS, SUBJECT_TYPE_LABELS } from './labels.js';

const editable = (s: DraftStatus) => s === 'draft' || s === 'failed';

interface Problems {
  missing: string[];
  messages: string[];
}

/** What stops a draft from being submitted, checked on the page before it goes anywhere. */
function problemsOf(d: Draft, t: ReturnType<typeof useI18n>['t']): Problems {
  const missing = d.items.filter((i) => verdictOfAnswer(i, d.answers[i.id]) === undefined).map((i) => i.id);
  const messages: string[] = [];
  if (missing.length) messages.push(t('insp.problem.missing', { count: missing.length }));
  if (!d.inspectorSignature) messages.push(t('insp.problem.inspectorSignature'));
  if (d.kind !== 'self') {
    if (!d.representativeName.trim()) messages.push(t('insp.problem.representativeName'));
    if (!d.representativeSignature) messages.push(t('insp.problem.representativeSignature'));
  }
  return { missing, messages };
}

/** The inspection form of one draft: answers, photos, GPS, signatures; saved on the device as it is filled in. */
export function InspectionFormPage() {
  const { clientUuid = '' } = useParams();
  const me = useMe();
  const { t, label, formatTime } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const online = useOnline();
  const [draft, setDraft] = useState<Draft | null | undefined>(undefined);
  const ref = useRef<Draft | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const [problems, setProblems] = useState<Problems | null>(null);
  const [locating, setLocating] = useState(false);
  const [gpsError, setGpsError] = useState<string | null>(null);
  const [busyPhotos, setBusyPhotos] = useState<Record<string, boolean>>({});
  const [sending, setSending] = useState(false);
  const located = useRef(false);

  const flushSave = useCallback(async () => {
    clearTimeout(saveTimer.current);
    const d = ref.current;
    if (!d || !editable(d.status)) return saving.current;
    saving.current = saving.current.then(() => saveDraft(d)).catch(() => undefined);
    return saving.current;
  }, []);

  /** Every change goes through here: the page shows it at once and the device keeps it 300 ms later. */
  const change = useCallback(
    (fn: (d: Draft) => Draft) => {
      const cur = ref.current;
      if (!cur) return;
      const next = fn(cur);
      ref.current = next;
      setDraft(next);
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => void flushSave(), 300);
    },
    [flushSave],
  );

  useEffect(() => {
    let live = true;
    getDraft(clientUuid).then(
      (d) => {
        if (!live) return;
        const mine = d && d.accountId === me.id ? d : null;
        ref.current = mine;
        setDraft(mine);
      },
      () => live && setDraft(null),
    );
    void cacheLoadedAssets();
    return () => {
      live = false;
    };
  }, [clientUuid, me.id]);

  // Keep what was typed when the page is left, hidden or closed.
  useEffect(() => {
    const hide = () => void flushSave();
    window.addEventListener('pagehide', hide);
    document.addEventListener('visibilitychange', hide);
    return () => {
      window.removeEventListener('pagehide', hide);
      document.removeEventListener('visibilitychange', hide);
      void flushSave();
    };
  }, [flushSave]);

  // While the outbox owns the draft (待同步), show what it does.
  useEffect(
    () =>
      onDraftsChanged(() => {
        const cur = ref.current;
        if (!cur || editable(cur.status)) return;
        void getDraft(clientUuid).then((d) => {
          if (!d) return;
          ref.current = d;
          setDraft(d);
        });
      }),
    [clientUuid],
  );

  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setGpsError(t('insp.gps.unsupported'));
      return;
    }
    setLocating(true);
    setGpsError(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        change((d) => ({ ...d, gps: { lat: pos.coords.latitude, lng: pos.coords.longitude, accuracy: pos.coords.accuracy, at: new Date(pos.timestamp || Date.now()).toISOString() } }));
      },
      (err) => {
        setLocating(false);
        setGpsError(err.code === err.PERMISSION_DENIED ? t('insp.gps.denied') : err.code === err.TIMEOUT ? t('insp.gps.timeout') : t('insp.gps.unavailable'));
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  }, [change, t]);

  // The position is taken once when the form opens (again with 重新定位).
  useEffect(() => {
    if (!draft || located.current || !editable(draft.status) || draft.gps) return;
    located.current = true;
    locate();
  }, [draft, locate]);

  const onAnswer = useCallback((itemId: string, fn: (a: DraftAnswer) => DraftAnswer) => {
    change((d) => ({ ...d, answers: { ...d.answers, [itemId]: fn(d.answers[itemId] ?? { photos: [] }) } }));
  }, [change]);

  const onPhotos = useCallback(
    async (itemId: string, files: File[]) => {
      const d = ref.current;
      if (!d) return;
      setBusyPhotos((b) => ({ ...b, [itemId]: true }));
      try {
        for (const file of files) {
          let blob: Blob;
          try {
            blob = await compressPhoto(file);
          } catch {
            void message.error(t('insp.photoUnreadable'));
            continue;
          }
          const id = newUuid();
          await putPhotoBlob(id, d.clientUuid, blob);
          onAnswer(itemId, (a) => ({ ...a, photos: [...a.photos, { id, type: blob.type, size: blob.size }] }));
          // Online: upload now, so submitting later is quick. Offline or failing: it stays on the device.
          if (isOnline()) {
            uploadFile(blob, 'photo', `${id}.${blob.type === 'image/png' ? 'png' : blob.type === 'image/webp' ? 'webp' : 'jpg'}`).then(
              (fileId) => onAnswer(itemId, (a) => ({ ...a, photos: a.photos.map((p) => (p.id === id ? { ...p, fileId } : p)) })),
              () => undefined,
            );
          }
        }
      } finally {
        setBusyPhotos((b) => ({ ...b, [itemId]: false }));
      }
    },
    [message, onAnswer, t],
  );

  const onRemovePhoto = useCallback(
    (itemId: string, photoId: string) => {
      onAnswer(itemId, (a) => ({ ...a, photos: a.photos.filter((p) => p.id !== photoId) }));
      void deletePhotoBlob(photoId);
    },
    [onAnswer],
  );

  const groups = useMemo(() => {
    if (!draft) return [];
    const by = new Map<string, typeof draft.items>();
    for (const item of draft.items) by.set(item.category, [...(by.get(item.category) ?? []), item]);
    const order = [...HAZARD_CATEGORIES, ...[...by.keys()].filter((k) => !(HAZARD_CATEGORIES as readonly string[]).includes(k))];
    return order.filter((c) => by.has(c)).map((c) => ({ category: c, items: by.get(c)! }));
    // The items never change within a draft.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft?.clientUuid]);

  if (draft === undefined) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;
  if (draft === null) {
    return (
      <Result
        status="404"
        title={t('insp.draftMissing')}
        extra={<Button onClick={() => navigate('/inspections')}>{t('insp.back')}</Button>}
        data-testid="insp-draft-missing"
      />
    );
  }

  const canEdit = editable(draft.status);
  const progress = progressOf(draft);
  const missingSet = new Set(problems?.missing ?? []);
  const needsRep = draft.kind !== 'self';

  const allPass = () => {
    let n = 0;
    change((d) => {
      const answers = { ...d.answers };
      for (const item of d.items) {
        if (item.measured || answers[item.id]?.result) continue;
        answers[item.id] = { ...(answers[item.id] ?? { photos: [] }), result: 'pass' };
        n++;
      }
      return { ...d, answers };
    });
    void message.success(t('insp.allPassDone', { count: n }));
  };

  const submit = async () => {
    await flushSave();
    const d = ref.current;
    if (!d || !editable(d.status)) return;
    const p = problemsOf(d, t);
    if (p.messages.length) {
      setProblems(p);
      // The first one as the page shows them (grouped by category).
      const first = groups.flatMap((g) => g.items.map((i) => i.id)).find((id) => p.missing.includes(id));
      if (first) document.getElementById(`item-${first}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      else document.getElementById('insp-problems')?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      return;
    }
    setProblems(null);
    if (!d.gps) {
      const go = await modal.confirm({ title: t('insp.noGpsTitle'), content: t('insp.noGpsContent'), okText: t('insp.submitAnyway'), cancelText: t('insp.cancel') });
      if (!go) return;
    }
    const queued: Draft = { ...d, status: 'queued', attempts: 0, nextAttemptAt: undefined, lastError: undefined, lastErrorCode: undefined };
    ref.current = queued;
    setDraft(queued);
    await saveDraft(queued);
    if (!isOnline()) {
      void message.info(t('insp.queuedOffline'));
      return;
    }
    setSending(true);
    const out = await sendDraft(d.clientUuid).finally(() => setSending(false));
    if (out.state === 'submitted' && out.draft.result) {
      navigate(`/inspections/${out.draft.result.inspectionId}`, { state: { justSubmitted: true } });
      return;
    }
    if (out.state === 'queued' || out.state === 'failed') {
      ref.current = out.draft;
      setDraft(out.draft);
      if (out.state === 'queued') {
        void message.warning(t('insp.queuedNetwork'));
        void flushOutbox();
      }
    }
  };

  const retryNow = async () => {
    setSending(true);
    const out = await sendDraft(draft.clientUuid).finally(() => setSending(false));
    if (out.state === 'submitted' && out.draft.result) navigate(`/inspections/${out.draft.result.inspectionId}`, { state: { justSubmitted: true } });
  };

  const backToEdit = async () => {
    const cur = await getDraft(draft.clientUuid);
    if (!cur || cur.status !== 'queued' || cur.posted) return;
    const d = await saveDraft({ ...cur, status: 'draft' });
    ref.current = d;
    setDraft(d);
  };

  const remove = () => {
    modal.confirm({
      title: t('insp.deleteDraftConfirm'),
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      cancelText: t('insp.cancel'),
      onOk: async () => {
        clearTimeout(saveTimer.current);
        ref.current = null;
        await deleteDraft(draft.clientUuid);
        navigate('/inspections');
      },
    });
  };

  const header = (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="insp-form-header">
      <Flex justify="space-between" align="flex-start" gap={8}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={5} style={{ margin: 0 }} data-testid="insp-subject-name">
            {draft.subject.name}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[label(SUBJECT_TYPE_LABELS[draft.subject.type]), draft.subject.address].filter(Boolean).join(' · ')}
          </Typography.Text>
        </div>
        <Button size="small" icon={<ArrowLeftOutlined />} onClick={() => navigate('/inspections')}>
          {t('insp.back')}
        </Button>
      </Flex>
      <Space size={[4, 4]} wrap style={{ marginTop: 8 }}>
        <DraftStatusTag status={draft.status} />
        <KindTag kind={draft.kind} />
        {draft.correctsCode ? <Tag color="geekblue">{t('insp.correcting', { code: draft.correctsCode })}</Tag> : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('insp.startedAt', { time: formatTime(draft.startedAt) })}
        </Typography.Text>
      </Space>
      {draft.kind === 'self' ? (
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }}>
          {t('insp.selfNote')}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );

  if (draft.status === 'submitted' && draft.result) {
    const r = draft.result;
    return (
      <div style={{ maxWidth: 760, margin: '0 auto' }} data-testid="insp-form-page">
        {header}
        <Result
          status="success"
          title={t('insp.submittedTitle', { code: r.code })}
          subTitle={r.findings ? t('insp.submittedFindings', { count: r.findings }) : t('insp.submittedClean')}
          data-testid="insp-submitted"
          extra={[
            <Button type="primary" key="view" onClick={() => navigate(`/inspections/${r.inspectionId}`)} data-testid="insp-view-record">
              {t('insp.viewRecord')}
            </Button>,
            <Button key="home" onClick={() => navigate('/inspections')}>
              {t('insp.back')}
            </Button>,
          ]}
        />
        {r.hazards.length ? (
          <Card size="small" title={t('insp.hazardsCreated')}>
            {r.hazards.map((h) => {
              const to = hazardPath(h.id);
              return (
                <Flex key={h.id} gap={8} align="center" wrap style={{ padding: '4px 0' }}>
                  {to ? <Link to={to}>{h.code}</Link> : <Typography.Text strong>{h.code}</Typography.Text>}
                  <Tag color={h.severity === 'major' ? 'red' : 'orange'}>{label(SEVERITY_LABELS[h.severity as 'major' | 'general'])}</Tag>
                  <Typography.Text type="secondary">{h.itemCode}</Typography.Text>
                </Flex>
              );
            })}
          </Card>
        ) : null}
      </div>
    );
  }

  return (
    <div style={{ maxWidth: 760, margin: '0 auto', paddingBottom: 40 }} data-testid="insp-form-page" data-status={draft.status}>
      {header}
      {!online ? <Alert type="warning" showIcon title={t('insp.offlineForm')} style={{ marginBottom: 12 }} data-testid="insp-offline" /> : null}
      {draft.status === 'queued' ? (
        <Alert
          type="info"
          showIcon
          icon={<SyncOutlined spin={sending} />}
          style={{ marginBottom: 12 }}
          data-testid="insp-queued"
          title={t('insp.queuedTitle')}
          description={
            <>
              <div>{draft.lastErrorCode === 'UNAUTHENTICATED' ? t('insp.queuedLogin') : draft.lastError ? draft.lastError : t('insp.queuedDesc')}</div>
              {draft.nextAttemptAt && online ? <div>{t('insp.nextAttempt', { time: formatTime(new Date(draft.nextAttemptAt).toISOString()) })}</div> : null}
              <Space style={{ marginTop: 8 }} wrap>
                <Button size="small" type="primary" onClick={() => void retryNow()} loading={sending} disabled={!online}>
                  {t('insp.retryNow')}
                </Button>
                {draft.posted ? null : (
                  <Button size="small" onClick={() => void backToEdit()} disabled={sending} data-testid="insp-back-to-edit">
                    {t('insp.backToEdit')}
                  </Button>
                )}
              </Space>
              {draft.posted ? <div style={{ marginTop: 6, fontSize: 12 }}>{t('insp.postedNote')}</div> : null}
            </>
          }
        />
      ) : null}
      {draft.status === 'failed' ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('insp.failedTitle')} description={draft.lastError} data-testid="insp-failed" />
      ) : null}

      <Card size="small" style={{ marginBottom: 12 }} data-testid="insp-gps">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Space size={6} align="start">
            <EnvironmentOutlined style={{ color: draft.gps ? '#389e0d' : '#fa8c16', marginTop: 4 }} />
            {draft.gps ? (
              <div>
                <Typography.Text data-testid="insp-gps-value">
                  {formatCoord(draft.gps.lat)}, {formatCoord(draft.gps.lng)}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('insp.gps.accuracy', { m: Math.round(draft.gps.accuracy) })} · {formatTime(draft.gps.at)}
                  </Typography.Text>
                </div>
              </div>
            ) : (
              <Typography.Text type="warning">{locating ? t('insp.gps.locating') : (gpsError ?? t('insp.gps.none'))}</Typography.Text>
            )}
          </Space>
          <Button icon={<AimOutlined />} onClick={locate} loading={locating} disabled={!canEdit} data-testid="insp-gps-retry">
            {draft.gps ? t('insp.gps.again') : t('insp.gps.retry')}
          </Button>
        </Flex>
        {draft.gps && gpsError ? (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {gpsError}
          </Typography.Text>
        ) : null}
      </Card>

      <div style={{ position: 'sticky', top: 56, zIndex: 5, marginBottom: 12 }}>
        <Card size="small" styles={{ body: { padding: '8px 12px' } }}>
          <Flex align="center" gap={12}>
            <div style={{ flex: 1, minWidth: 0 }}>
              <Typography.Text style={{ fontSize: 13 }} data-testid="insp-progress">
                {t('insp.progress', { answered: progress.answered, total: progress.total })}
                {progress.failed ? (
                  <Typography.Text type="danger" style={{ fontSize: 13 }}>
                    {' '}
                    · {t('insp.failCount', { count: progress.failed })}
                  </Typography.Text>
                ) : null}
              </Typography.Text>
              <Progress percent={progress.total ? Math.round((progress.answered / progress.total) * 100) : 0} size="small" showInfo={false} status={progress.failed ? 'exception' : 'normal'} />
            </div>
            <Tooltip title={t('insp.allPassHelp')}>
              <Button icon={<CheckCircleOutlined />} onClick={allPass} disabled={!canEdit} data-testid="insp-all-pass">
                {t('insp.allPass')}
              </Button>
            </Tooltip>
          </Flex>
        </Card>
      </div>

      {groups.map((g) => {
        const answered = g.items.filter((i) => verdictOfAnswer(i, draft.answers[i.id])).length;
        const failed = g.items.filter((i) => verdictOfAnswer(i, draft.answers[i.id]) === 'fail').length;
        return (
          <Card
            key={g.category}
            size="small"
            style={{ marginBottom: 12 }}
            styles={{ body: { padding: '0 8px' } }}
            data-testid={`insp-group-${g.category}`}
            title={
              <Flex justify="space-between" align="center">
                <span>{label(HAZARD_CATEGORY_LABELS[g.category as HazardCategory], g.category)}</span>
                <Space size={4}>
                  {failed ? <Tag color="red">{t('insp.failCount', { count: failed })}</Tag> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                    {answered}/{g.items.length}
                  </Typography.Text>
                </Space>
              </Flex>
            }
          >
            {g.items.map((item) => (
              <ItemRow
                key={item.id}
                item={item}
                answer={draft.answers[item.id]}
                disabled={!canEdit}
                missing={missingSet.has(item.id) && verdictOfAnswer(item, draft.answers[item.id]) === undefined}
                onChange={onAnswer}
                onPhotos={onPhotos}
                onRemovePhoto={onRemovePhoto}
                photoBusy={!!busyPhotos[item.id]}
              />
            ))}
          </Card>
        );
      })}

      <Card size="small" title={t('insp.summary')} style={{ marginBottom: 12 }}>
        <Flex vertical gap={12}>
          <div>
            <Typography.Text>{t('insp.notes')}</Typography.Text>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              value={draft.notes}
              disabled={!canEdit}
              onChange={(e) => change((d) => ({ ...d, notes: e.target.value }))}
              data-testid="insp-notes"
            />
          </div>
          {needsRep ? (
            <div>
              <Typography.Text>{t('insp.representativeName')}</Typography.Text>
              <Input
                size="large"
                maxLength={50}
                value={draft.representativeName}
                disabled={!canEdit}
                onChange={(e) => change((d) => ({ ...d, representativeName: e.target.value }))}
                data-testid="insp-rep-name"
              />
            </div>
          ) : null}
          {draft.kind === 'company' ? (
            <Flex justify="space-between" align="center" gap={8}>
              <div>
                <Typography.Text>{t('insp.writtenNotice')}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('insp.writtenNoticeHelp')}
                  </Typography.Text>
                </div>
              </div>
              <Switch checked={draft.writtenNoticeIssued} disabled={!canEdit} onChange={(v) => change((d) => ({ ...d, writtenNoticeIssued: v }))} data-testid="insp-written-notice" />
            </Flex>
          ) : null}
        </Flex>
      </Card>

      <Card size="small" title={t('insp.signatures')} style={{ marginBottom: 12 }}>
        <Flex vertical gap={16}>
          <div>
            <Typography.Text>{t('insp.inspectorSignature', { name: me.displayName })}</Typography.Text>
            <SignaturePad
              value={draft.inspectorSignature?.dataUrl ?? null}
              disabled={!canEdit}
              onChange={(v) => change((d) => ({ ...d, inspectorSignature: v ? { dataUrl: v } : null }))}
              data-testid="sign-inspector"
            />
          </div>
          {needsRep ? (
            <div>
              <Typography.Text>{t('insp.representativeSignature')}</Typography.Text>
              <SignaturePad
                value={draft.representativeSignature?.dataUrl ?? null}
                disabled={!canEdit}
                onChange={(v) => change((d) => ({ ...d, representativeSignature: v ? { dataUrl: v } : null }))}
                data-testid="sign-representative"
              />
            </div>
          ) : null}
        </Flex>
      </Card>

      {problems?.messages.length ? (
        <Alert
          id="insp-problems"
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('insp.cannotSubmit')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          }
          data-testid="insp-problems"
        />
      ) : null}
      {!draft.gps && canEdit ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('insp.gps.warnSubmit')} /> : null}

      {canEdit ? (
        <Flex vertical gap={8}>
          <Button type="primary" size="large" block icon={<SendOutlined />} loading={sending} onClick={() => void submit()} data-testid="insp-submit">
            {online ? t('insp.submit') : t('insp.submitOffline')}
          </Button>
          <Button danger block icon={<DeleteOutlined />} onClick={remove} data-testid="insp-delete-draft">
            {t('insp.deleteDraft')}
          </Button>
        </Flex>
      ) : null}
    </div>
  );
}
