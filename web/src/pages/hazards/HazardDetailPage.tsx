import { ArrowLeftOutlined, FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Flex, Result, Row, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { useMe } from '../../auth.js';
import { useIsPhone, useLoad } from '../../hooks.js';
import { useI18n } from '../../i18n/index.js';
import { HazardTags, PhotoStrip, SeverityTag, useDownload } from './common.js';
import { EnforcementSection } from './EnforcementSection.js';
import { HazardActions } from './HazardActions.js';
import { HazardAuditList } from './HazardAuditList.js';
import { HazardTimeline } from './HazardTimeline.js';
import { ESCALATION_LABELS, HAZARD_CATEGORY_LABELS, MEASURE_LABELS, SOURCE_LABELS, SUBJECT_TYPE_LABELS } from './labels.js';
import { NoticeSection } from './NoticeSection.js';
import type { HazardDetail } from './types.js';

const DOSSIER_ROLES = ['platform_admin', 'task_force', 'dept_officer', 'town_officer'];
const REGISTRY_KIND: Record<string, string> = { venue: 'venue', household: 'household', enterprise: 'enterprise', facility: 'facility', vehicle: 'vehicle' };

/**
 * One hazard (R4.1–R4.7): every field, the actions the server offers this caller, the timeline of
 * every event with photos, the notices, enforcement and supply, the subject's 责任倒查 dossier and
 * the audit entries. Usable on a phone: the owner of a restaurant rectifies from here.
 */
export function HazardDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { t, label, formatTime } = useI18n();
  const location = useLocation();
  const [version, setVersion] = useState(0);
  // Opening the page again (a notification about this hazard, the menu) shows the latest state.
  const refresh = `${version}:${location.key}`;
  const detail = useLoad(() => api.get<HazardDetail>(`/api/v1/hazards/${id}`), [id, refresh]);
  const { download, busy } = useDownload();
  const reload = () => setVersion((v) => v + 1);

  if (detail.error instanceof ApiError && detail.error.status === 404) {
    return <Result status="404" title={t('hz.notFound')} extra={<Button onClick={() => navigate('/hazards')}>{t('hz.backToLedger')}</Button>} />;
  }
  if (!detail.data) return <Skeleton active style={{ padding: 24 }} />;
  const { hazard: h, events, enforcement, notices } = detail.data;
  const official = DOSSIER_ROLES.includes(me.role);
  const foundEvent = events.find((e) => e.action === 'create' || e.action === 'create_fixed_on_spot');
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  const registryKind = REGISTRY_KIND[h.subjectType];

  const basics = [
    { key: 'code', label: t('hz.code'), children: <Typography.Text copyable>{h.code}</Typography.Text> },
    { key: 'state', label: t('common.status'), children: <HazardTags state={h.state} overdue={h.overdue} escalationLevel={h.escalationLevel} supplySuspended={h.supplySuspended} /> },
    {
      key: 'subject',
      label: t('hz.subject'),
      children: (
        <Space size={4} wrap>
          {registryKind && official ? <Link to={`/registry/${registryKind}/${h.subjectId}`}>{h.subjectName}</Link> : <span>{h.subjectName}</span>}
          <Typography.Text type="secondary">{label(SUBJECT_TYPE_LABELS[h.subjectType], h.subjectType)}</Typography.Text>
        </Space>
      ),
    },
    { key: 'category', label: t('hz.category'), children: label(HAZARD_CATEGORY_LABELS[h.category as keyof typeof HAZARD_CATEGORY_LABELS], h.category) },
    { key: 'severity', label: t('hz.severity'), children: <SeverityTag severity={h.severity} /> },
    { key: 'source', label: t('hz.source'), children: label(SOURCE_LABELS[h.source], h.source) },
    { key: 'item', label: t('hz.item'), children: h.itemCode ? <Typography.Text code>{h.itemCode}</Typography.Text> : none },
    { key: 'found', label: t('hz.foundBy'), children: `${foundEvent?.actorLabel ?? '—'} · ${formatTime(h.foundAt)}` },
    { key: 'description', label: t('hz.description'), span: phone ? 1 : 2, children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{h.description}</Typography.Paragraph> },
    { key: 'measure', label: t('hz.measure'), children: h.measure ? label(MEASURE_LABELS[h.measure as keyof typeof MEASURE_LABELS], h.measure) : none },
    { key: 'basis', label: t('hz.basis'), children: h.basis ?? none },
    { key: 'lead', label: t('hz.lead'), children: h.leadName ?? none },
    { key: 'cooperating', label: t('hz.cooperating'), children: h.cooperatingNames.length ? h.cooperatingNames.join('、') : none },
    { key: 'town', label: t('hz.town'), children: h.townName ?? none },
  ];
  const rectification = [
    { key: 'fixedOnSpot', label: t('hz.fixedOnSpot'), children: h.fixedOnSpot ? t('common.yes') : t('common.no') },
    {
      key: 'deadline',
      label: t('hz.deadline'),
      children: h.deadline ? (
        <Typography.Text type={h.overdue ? 'danger' : undefined} data-testid="hazard-deadline">
          {h.deadline}
        </Typography.Text>
      ) : (
        none
      ),
    },
    { key: 'responsible', label: t('hz.responsiblePerson'), children: h.responsiblePerson ? <span data-testid="hazard-responsible">{h.responsiblePerson}</span> : none },
    { key: 'control', label: t('hz.controlMeasures'), children: h.controlMeasures ?? none },
    { key: 'watcher', label: t('hz.watcher'), children: h.watcher ?? none },
    { key: 'escalation', label: t('hz.escalation'), children: label(ESCALATION_LABELS[h.escalationLevel], String(h.escalationLevel)) },
    { key: 'review', label: t('hz.reviewRequestedAt'), children: h.reviewRequestedAt ? formatTime(h.reviewRequestedAt) : none },
    { key: 'closed', label: t('hz.closedAt'), children: h.closedAt ? formatTime(h.closedAt) : none },
    ...(h.reboundOf ? [{ key: 'rebound', label: t('hz.reboundOf'), children: <Link to={`/hazards/${h.reboundOf}`}>{t('hz.viewOriginal')}</Link> }] : []),
  ];

  const actions = <HazardActions hazard={h} onDone={reload} block={phone} />;
  const hasActions = h.availableActions.length > 0;

  const dossier = official ? (
    <Card size="small" title={t('hz.dossier.title')} style={{ marginBottom: 16 }} data-testid="hazard-dossier">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('hz.dossier.desc', { subject: h.subjectName })}
      </Typography.Paragraph>
      <Space wrap>
        <Button
          icon={<FilePdfOutlined />}
          loading={busy?.endsWith('.pdf')}
          onClick={() => void download(`/api/v1/subjects/${h.subjectType}/${h.subjectId}/dossier.pdf`, 'dossier.pdf')}
          data-testid="dossier-pdf"
        >
          {t('hz.dossier.pdf')}
        </Button>
        <Button
          icon={<FileExcelOutlined />}
          loading={busy?.endsWith('.xlsx')}
          onClick={() => void download(`/api/v1/subjects/${h.subjectType}/${h.subjectId}/dossier.xlsx`, 'dossier.xlsx')}
          data-testid="dossier-xlsx"
        >
          {t('hz.dossier.xlsx')}
        </Button>
      </Space>
    </Card>
  ) : null;

  return (
    <div data-testid="hazard-detail-page" data-hazard-id={h.id}>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 16 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('hz.backToLedger')} />
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="hazard-code">
          {h.code}
        </Typography.Title>
        <HazardTags state={h.state} overdue={h.overdue} escalationLevel={h.escalationLevel} supplySuspended={h.supplySuspended} />
        {!phone && hasActions ? <div style={{ marginLeft: 'auto' }}>{actions}</div> : null}
      </Flex>
      {phone && hasActions ? (
        <Card size="small" title={t('hz.handle')} style={{ marginBottom: 12 }}>
          {actions}
        </Card>
      ) : null}
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('hz.basics')} style={{ marginBottom: 16 }} data-testid="hazard-basics">
            <Descriptions size="small" column={phone ? 1 : 2} items={basics} bordered={!phone} styles={{ label: { whiteSpace: 'nowrap' } }} />
            {h.photos.length ? (
              <div style={{ marginTop: 12 }}>
                <Typography.Text type="secondary">{t('hz.foundPhotos')}</Typography.Text>
                <div style={{ marginTop: 6 }}>
                  <PhotoStrip ids={h.photos} />
                </div>
              </div>
            ) : null}
          </Card>
          <Card size="small" title={t('hz.rectification')} style={{ marginBottom: 16 }} data-testid="hazard-rectification">
            <Descriptions size="small" column={phone ? 1 : 2} items={rectification} bordered={!phone} styles={{ label: { whiteSpace: 'nowrap' } }} />
          </Card>
          <Card size="small" title={t('hz.timeline')} style={{ marginBottom: 16 }}>
            <HazardTimeline events={events} />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          {official || notices.length ? <NoticeSection hazard={h} notices={notices} onIssued={reload} /> : null}
          {official || enforcement.length ? <EnforcementSection hazard={h} steps={enforcement} onChanged={reload} /> : null}
          {dossier}
          <HazardAuditList hazardId={h.id} version={refresh} />
        </Col>
      </Row>
    </div>
  );
}
