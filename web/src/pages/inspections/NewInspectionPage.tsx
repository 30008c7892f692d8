import { ArrowLeftOutlined, QrcodeOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Input, List, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { SubjectType } from '../../../../src/registry/subjects.js';
import { api, ApiError } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { canScanQr, QrScanner } from '../../components/QrScanner.js';
import { useShowError } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { listDrafts, newUuid, saveDraft, type Draft, type DraftAnswer } from '../../offline/drafts.js';
import { useRegion } from '../../region.js';
import type { Me, Page } from '../../types.js';
import { inspectableTypes, kindFor, KindTag, useOnline } from './common.js';
import { KINDS_OF, SUBJECT_TYPE_LABELS } from './labels.js';
import type { ForSubject, InspectionDetail, RegistryRow } from './types.js';

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

interface Found {
  type: SubjectType;
  row: RegistryRow;
}

const nameOf = (type: SubjectType, r: RegistryRow) => (type === 'household' ? (r.address ?? '') : (r.name ?? ''));

/**
 * Start a new draft for a subject: the form's items come from the server now and are kept with
 * the draft, so the form opens again offline. A correction (`correct`) starts from the answers of
 * the record it corrects.
 */
async function createDraft(me: Me, type: SubjectType, id: string, address: string | null, correct?: InspectionDetail): Promise<Draft> {
  const fs = await api.get<ForSubject>('/api/v1/checklists/for-subject', { subjectType: type, subjectId: id });
  const now = new Date().toISOString();
  const answers: Record<string, DraftAnswer> = {};
  if (correct) {
    const mine = correct.inspection.createdBy === me.id;
    const byCode = new Map(correct.answers.map((a) => [a.itemCode, a]));
    for (const item of fs.items) {
      const old = byCode.get(item.code);
      if (!old) continue;
      const key = item.measured?.unlessFlag?.key;
      const flags = (old.flags ?? {}) as Record<string, boolean>;
      answers[item.id] = {
        ...(old.result === 'na' || !item.measured ? { result: old.result as DraftAnswer['result'] } : {}),
        ...(item.measured && old.result !== 'na' && old.value !== null ? { value: old.value } : {}),
        ...(key && flags[key] !== undefined ? { flag: flags[key] } : {}),
        ...(old.note ? { note: old.note } : {}),
        // Files belong to their uploader: only one's own photos can go with the correction.
        photos: mine ? old.photos.map((fileId) => ({ id: newUuid(), fileId, type: 'image/jpeg', size: 0 })) : [],
      };
    }
  }
  const draft: Draft = {
    clientUuid: newUuid(),
    accountId: me.id,
    status: 'draft',
    createdAt: now,
    updatedAt: now,
    startedAt: now,
    subject: { type, id: fs.subject.id, name: fs.subject.name, kind: fs.subject.kind, regionId: fs.subject.regionId, address },
    kind: kindFor(me, type),
    libraryVersion: fs.libraryVersion,
    items: fs.items,
    answers,
    notes: correct?.inspection.notes ?? '',
    representativeName: correct?.inspection.representativeName ?? '',
    writtenNoticeIssued: correct?.inspection.writtenNoticeIssued ?? false,
    gps: null,
    inspectorSignature: null,
    representativeSignature: null,
    ...(correct ? { correctsId: correct.inspection.id, correctsCode: correct.inspection.code } : {}),
    attempts: 0,
  };
  return saveDraft(draft);
}

/** 新建检查: find the subject (search, QR scan or a typed code) and start its form. */
export function NewInspectionPage() {
  const me = useMe();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const online = useOnline();
  const { region } = useRegion();
  const [params] = useSearchParams();
  const correctId = params.get('correct');
  const types = inspectableTypes(me);
  const [type, setType] = useState<SubjectType>(types[0] ?? 'venue');
  const [q, setQ] = useState('');
  const [code, setCode] = useState('');
  const [results, setResults] = useState<Found[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [starting, setStarting] = useState<string | null>(null);
  const [scanOpen, setScanOpen] = useState(false);
  const seq = useRef(0);
  const startedCorrection = useRef(false);

  const search = useCallback(
    async (text: string, among: SubjectType[]) => {
      const mine = ++seq.current;
      setSearching(true);
      try {
        const pages = await Promise.all(
          among.map((ty) =>
            api.get<Page<RegistryRow>>(`/api/v1/registry/${ty}`, { regionId: region.id, q: text.trim() || undefined, pageSize: 20 }).then((p) => p.items.map((row) => ({ type: ty, row }))),
          ),
        );
        if (mine === seq.current) setResults(pages.flat());
      } catch (e) {
        if (mine === seq.current) setResults([]);
        showError(e);
      } finally {
        if (mine === seq.current) setSearching(false);
      }
    },
    [region.id, showError],
  );

  // The first page of the chosen type at once: a venue account sees its own venue straight away.
  useEffect(() => {
    if (correctId || !online) return;
    void search(q, [type]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [type, region.id, correctId, online]);

  const start = async (f: Found, correct?: InspectionDetail) => {
    setStarting(f.row.id);
    try {
      if (!correct) {
        const open = (await listDrafts(me.id)).find((d) => d.subject.id === f.row.id && (d.status === 'draft' || d.status === 'failed') && !d.correctsId);
        if (open) {
          void message.info(t('insp.continueDraft'));
          navigate(`/inspections/draft/${open.clientUuid}`, { replace: true });
          return;
        }
      }
      const d = await createDraft(me, f.type, f.row.id, f.row.address ?? null, correct);
      navigate(`/inspections/draft/${d.clientUuid}`, { replace: true });
    } catch (e) {
      showError(e);
    } finally {
      setStarting(null);
    }
  };

  // 更正: a new form for the record's subject, filled in from the record.
  useEffect(() => {
    if (!correctId || startedCorrection.current) return;
    startedCorrection.current = true;
    void (async () => {
      try {
        const rec = await api.get<InspectionDetail>(`/api/v1/inspections/${correctId}`);
        const ty = rec.inspection.subjectType as SubjectType;
        await start({ type: ty, row: { id: rec.inspection.subjectId, name: rec.inspection.subjectName } }, rec);
      } catch (e) {
        showError(e);
      }
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [correctId]);

  /** A scanned or typed code: a registry id (possibly inside a link) opens that subject; anything else is searched by name. */
  const resolve = async (text: string) => {
    const value = text.trim();
    if (!value) return;
    const id = UUID_RE.exec(value)?.[0];
    if (id) {
      for (const ty of types) {
        try {
          const res = await api.get<{ record: RegistryRow }>(`/api/v1/registry/${ty}/${id}`);
          await start({ type: ty, row: res.record });
          return;
        } catch (e) {
          if (e instanceof ApiError && (e.status === 404 || e.status === 403)) continue;
          showError(e);
          return;
        }
      }
      void message.warning(t('insp.codeNotFound'));
      return;
    }
    setQ(value);
    await search(value, types);
  };

  if (correctId) {
    return (
      <Flex vertical align="center" gap={12} style={{ padding: '20vh 0' }} data-testid="insp-correct-loading">
        <Spin />
        <Typography.Text type="secondary">{t('insp.preparingCorrection')}</Typography.Text>
      </Flex>
    );
  }

  return (
    <div data-testid="insp-new-page" style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeader
        title={t('insp.newTitle')}
        subtitle={t('insp.newSubtitle', { region: region.name })}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/inspections')}>
            {t('insp.back')}
          </Button>
        }
      />
      {!online ? <Alert type="warning" showIcon title={t('insp.offlineNew')} style={{ marginBottom: 12 }} /> : null}

      <Card size="small" style={{ marginBottom: 12 }} title={t('insp.byCode')}>
        <Space.Compact style={{ width: '100%' }}>
          {canScanQr() ? (
            <Button size="large" icon={<QrcodeOutlined />} onClick={() => setScanOpen(true)} data-testid="insp-scan">
              {t('insp.scan')}
            </Button>
          ) : null}
          <Input.Search
            size="large"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            placeholder={t('insp.codePlaceholder')}
            enterButton={t('insp.codeGo')}
            onSearch={(v) => void resolve(v)}
            data-testid="insp-code"
          />
        </Space.Compact>
      </Card>

      <Card size="small" title={t('insp.bySearch')}>
        <Flex vertical gap={10}>
          {types.length > 1 ? (
            <Segmented<SubjectType>
              block
              size="large"
              value={type}
              onChange={(v) => {
                setType(v);
                setResults(null);
              }}
              options={types.map((ty) => ({ value: ty, label: label(SUBJECT_TYPE_LABELS[ty]) }))}
              data-testid="insp-subject-type"
            />
          ) : null}
          <Input.Search
            size="large"
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t(type === 'household' ? 'insp.searchHousehold' : 'insp.searchPlaceholder')}
            onSearch={(v) => void search(v, [type])}
            loading={searching}
            data-testid="insp-subject-q"
          />
          {results === null ? null : results.length === 0 ? (
            <Empty description={t('insp.noSubjects')} />
          ) : (
            <List
              dataSource={results}
              data-testid="insp-subject-results"
              renderItem={(f) => {
                const name = nameOf(f.type, f.row);
                const kindLabel = f.row.kind ? KINDS_OF[f.type][f.row.kind] : undefined;
                return (
                  <List.Item
                    key={`${f.type}:${f.row.id}`}
                    onClick={() => void start(f)}
                    style={{ cursor: 'pointer', paddingInline: 4 }}
                    data-testid="insp-subject-result"
                    extra={starting === f.row.id ? <Spin size="small" /> : <RightOutlined />}
                  >
                    <List.Item.Meta
                      title={
                        <Space size={6} wrap>
                          <Typography.Text strong>{name}</Typography.Text>
                          <Tag>{label(SUBJECT_TYPE_LABELS[f.type])}</Tag>
                          {kindLabel ? <Tag color="blue">{label(kindLabel)}</Tag> : null}
                          <KindTag kind={kindFor(me, f.type)} />
                        </Space>
                      }
                      description={[f.type === 'household' ? f.row.holderName : f.row.address, f.row.regionName].filter(Boolean).join(' · ')}
                    />
                  </List.Item>
                );
              }}
            />
          )}
        </Flex>
      </Card>
      <QrScanner
        open={scanOpen}
        onClose={() => setScanOpen(false)}
        onResult={(text) => {
          setScanOpen(false);
          setCode(text);
          void resolve(text);
        }}
      />
    </div>
  );
}
