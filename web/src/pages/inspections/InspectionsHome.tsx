import { CloudSyncOutlined, DeleteOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Empty, Flex, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { SubjectType } from '../../../../src/registry/subjects.js';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { deleteDraft, progressOf, type Draft } from '../../offline/drafts.js';
import { flushOutbox, onDraftSubmitted, sendDraft } from '../../offline/outbox.js';
import { cacheLoadedAssets } from '../../offline/shell.js';
import type { Page } from '../../types.js';
import { DraftStatusTag, inspectableTypes, KindTag, useDrafts, useOnline } from './common.js';
import { INSPECTION_KIND_LABELS, SUBJECT_TYPE_LABELS } from './labels.js';
import type { InspectionListItem } from './types.js';

/** 排查检查: start a form, the drafts and outbox on this device, and the records in scope. */
export function InspectionsHome() {
  const me = useMe();
  const { t, label, formatTime } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const online = useOnline();
  const { drafts } = useDrafts(me.id);
  const [kind, setKind] = useState<string | undefined>(undefined);
  const [subjectType, setSubjectType] = useState<SubjectType | undefined>(undefined);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const records = useLoad(
    () => (online ? api.get<Page<InspectionListItem>>('/api/v1/inspections', { kind, subjectType, page: page.page, pageSize: page.pageSize }) : Promise.resolve(undefined)),
    [kind, subjectType, page, online],
  );
  const selfOnly = me.role === 'venue_user';
  const canStart = inspectableTypes(me).length > 0;
  const pending = (drafts ?? []).filter((d) => d.status !== 'submitted');
  const queued = pending.filter((d) => d.status === 'queued').length;

  // The module's scripts, for opening the drafts again without a connection.
  useEffect(() => void cacheLoadedAssets(), []);
  // A draft the outbox got onto the server joins the records.
  const reloadRecords = records.reload;
  useEffect(() => onDraftSubmitted(() => reloadRecords()), [reloadRecords]);

  const openDraft = (d: Draft) => navigate(d.status === 'submitted' && d.result ? `/inspections/${d.result.inspectionId}` : `/inspections/draft/${d.clientUuid}`);

  return (
    <div data-testid="inspections-page">
      <PageHeader
        title={t('insp.title')}
        subtitle={t(selfOnly ? 'insp.subtitleSelf' : 'insp.subtitle')}
        extra={
          canStart ? (
            <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => navigate('/inspections/new')} data-testid="insp-new">
              {selfOnly ? t('insp.newSelf') : t('insp.new')}
            </Button>
          ) : null
        }
      />
      {!online ? <Alert type="warning" showIcon title={t('insp.offlineHome')} style={{ marginBottom: 12 }} data-testid="insp-offline" /> : null}

      <Card
        size="small"
        style={{ marginBottom: 16 }}
        data-testid="insp-drafts"
        title={
          <Space>
            {t('insp.drafts')}
            {queued ? <Badge count={queued} color="orange" /> : null}
          </Space>
        }
        extra={
          queued && online ? (
            <Button size="small" icon={<CloudSyncOutlined />} onClick={() => void flushOutbox(true)}>
              {t('insp.syncAll')}
            </Button>
          ) : null
        }
      >
        {drafts && drafts.length === 0 ? (
          <Typography.Text type="secondary">{t('insp.noDrafts')}</Typography.Text>
        ) : (
          <List
            loading={drafts === null}
            dataSource={drafts ?? []}
            renderItem={(d) => {
              const p = progressOf(d);
              return (
                <List.Item
                  key={d.clientUuid}
                  data-testid="insp-draft-row"
                  style={{ paddingInline: 0 }}
                  actions={[
                    d.status === 'queued' && online ? (
                      <Button key="sync" size="small" type="link" onClick={() => void sendDraft(d.clientUuid).then((o) => o.state === 'failed' && void message.error(o.draft.lastError ?? ''))}>
                        {t('insp.retryNow')}
                      </Button>
                    ) : null,
                    d.status === 'draft' || d.status === 'failed' || d.status === 'submitted' ? (
                      <Popconfirm key="del" title={t(d.status === 'submitted' ? 'insp.forgetConfirm' : 'insp.deleteDraftConfirm')} onConfirm={() => void deleteDraft(d.clientUuid)}>
                        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                      </Popconfirm>
                    ) : null,
                  ].filter(Boolean)}
                >
                  <List.Item.Meta
                    style={{ cursor: 'pointer' }}
                    title={
                      <Space size={6} wrap onClick={() => openDraft(d)}>
                        <Typography.Link strong>{d.subject.name}</Typography.Link>
                        <DraftStatusTag status={d.status} />
                        <KindTag kind={d.kind} />
                        {d.correctsCode ? <Tag color="geekblue">{t('insp.correcting', { code: d.correctsCode })}</Tag> : null}
                      </Space>
                    }
                    description={
                      <div onClick={() => openDraft(d)}>
                        {d.status === 'submitted' && d.result
                          ? t('insp.draftSubmitted', { code: d.result.code, time: formatTime(d.submittedAt) })
                          : t('insp.draftProgress', { answered: p.answered, total: p.total, time: formatTime(d.updatedAt) })}
                        {d.status === 'failed' && d.lastError ? <div style={{ color: '#cf1322' }}>{d.lastError}</div> : null}
                        {d.status === 'queued' ? <div style={{ color: '#d46b08' }}>{d.lastErrorCode === 'UNAUTHENTICATED' ? t('insp.queuedLogin') : t('insp.queuedShort')}</div> : null}
                      </div>
                    }
                  />
                </List.Item>
              );
            }}
          />
        )}
      </Card>

      <Card
        size="small"
        title={t('insp.records')}
        data-testid="insp-records"
        extra={
          <Space wrap>
            {selfOnly ? null : (
              <Select
                allowClear
                size="small"
                style={{ width: 120 }}
                placeholder={t('insp.kind')}
                value={kind}
                onChange={(v: string | undefined) => {
                  setKind(v);
                  setPage((p) => ({ ...p, page: 1 }));
                }}
                options={Object.entries(INSPECTION_KIND_LABELS).map(([value, l]) => ({ value, label: label(l) }))}
              />
            )}
            {inspectableTypes(me).length > 1 ? (
              <Select
                allowClear
                size="small"
                style={{ width: 120 }}
                placeholder={t('insp.subjectType')}
                value={subjectType}
                onChange={(v: SubjectType | undefined) => {
                  setSubjectType(v);
                  setPage((p) => ({ ...p, page: 1 }));
                }}
                options={Object.entries(SUBJECT_TYPE_LABELS).map(([value, l]) => ({ value, label: label(l) }))}
              />
            ) : null}
          </Space>
        }
      >
        {!online ? (
          <Typography.Text type="secondary">{t('insp.recordsOffline')}</Typography.Text>
        ) : (
          <List
            loading={records.loading}
            dataSource={records.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('insp.noRecords')} /> }}
            pagination={
              (records.data?.total ?? 0) > page.pageSize
                ? {
                    current: page.page,
                    pageSize: page.pageSize,
                    total: records.data?.total ?? 0,
                    size: 'small',
                    showTotal: (total) => t('common.total', { total }),
                    onChange: (p, size) => setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
                  }
                : false
            }
            renderItem={(r) => (
              <List.Item key={r.id} onClick={() => navigate(`/inspections/${r.id}`)} style={{ cursor: 'pointer', paddingInline: 0 }} extra={<RightOutlined />} data-testid="insp-record-row">
                <List.Item.Meta
                  title={
                    <Space size={6} wrap>
                      <Typography.Text strong>{r.subjectName}</Typography.Text>
                      <KindTag kind={r.kind} />
                      {r.findings ? <Tag color="red">{t('insp.failCount', { count: r.findings })}</Tag> : <Tag color="green">{t('insp.noFindings')}</Tag>}
                      {r.correctsId ? <Tag color="geekblue">{t('insp.correction')}</Tag> : null}
                    </Space>
                  }
                  description={`${r.code} · ${formatTime(r.submittedAt)} · ${r.inspectorNames.join('、')}`}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}
