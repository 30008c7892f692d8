import { ArrowLeftOutlined, EditOutlined, EnvironmentOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Flex, Image, Result, Space, Spin, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { HAZARD_CATEGORIES, type HazardCategory } from '../../../../src/departments/taxonomy.js';
import type { SubjectType } from '../../../../src/registry/subjects.js';
import { api, ApiError } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useLoad } from '../../hooks.js';
import { HAZARD_CATEGORY_LABELS } from '../../i18n/labels.js';
import { useI18n } from '../../i18n/index.js';
import { formatCoord, hazardPath, inspectableTypes, KindTag, ResultTag, ruleText } from './common.js';
import { HAZARD_STATE_LABELS, SEVERITY_LABELS, SUBJECT_TYPE_LABELS, UNIT_LABELS } from './labels.js';
import type { FormItem, HazardBrief, InspectionAnswerRow, InspectionDetail } from './types.js';

const fileUrl = (id: string) => `/api/v1/files/${id}`;

/** One stored inspection record, read-only (records are never changed; a 更正 is a new record). */
export function InspectionRecordPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { t, label, formatTime, paren } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const justSubmitted = (location.state as { justSubmitted?: boolean } | null)?.justSubmitted === true;

  const rec = useLoad(() => api.get<InspectionDetail>(`/api/v1/inspections/${id}`), [id]);
  const insp = rec.data?.inspection;
  // The item texts: the library of the record's region (by row id, else by code for later revisions).
  const items = useLoad(
    () => (insp ? api.get<{ items: FormItem[] }>('/api/v1/checklists/items', { regionId: insp.regionId }) : Promise.resolve(null)),
    [insp?.regionId],
  );
  const hazardIds = useMemo(() => [...new Set((rec.data?.answers ?? []).flatMap((a) => a.hazardIds))], [rec.data]);
  const hazards = useLoad(
    () =>
      hazardIds.length
        ? Promise.allSettled(hazardIds.map((h) => api.get<HazardBrief>(`/api/v1/hazards/${h}`))).then((rs) => rs.flatMap((r) => (r.status === 'fulfilled' ? [r.value.hazard] : [])))
        : Promise.resolve([]),
    [hazardIds.join(',')],
  );

  const itemOf = useMemo(() => {
    const byId = new Map<string, FormItem>();
    const byCode = new Map<string, FormItem>();
    for (const i of items.data?.items ?? []) {
      byId.set(i.id, i);
      byCode.set(i.code, i);
    }
    return (a: InspectionAnswerRow) => byId.get(a.itemId) ?? byCode.get(a.itemCode);
  }, [items.data]);

  if (rec.error instanceof ApiError && rec.error.status === 404) {
    return <Result status="404" title={t('insp.recordMissing')} extra={<Button onClick={() => navigate('/inspections')}>{t('insp.back')}</Button>} />;
  }
  if (!rec.data || !insp) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;

  const answers = rec.data.answers;
  const groups = (() => {
    const by = new Map<string, InspectionAnswerRow[]>();
    for (const a of answers) {
      const cat = itemOf(a)?.category ?? 'other';
      by.set(cat, [...(by.get(cat) ?? []), a]);
    }
    const order = [...HAZARD_CATEGORIES, 'other'];
    return order.filter((c) => by.has(c)).map((c) => ({ category: c, answers: by.get(c)!.sort((x, y) => x.itemCode.localeCompare(y.itemCode)) }));
  })();
  const failedAnswers = answers.filter((a) => a.result === 'fail');
  const canCorrect = inspectableTypes(me).includes(insp.subjectType as SubjectType);

  return (
    <div style={{ maxWidth: 900, margin: '0 auto' }} data-testid="insp-record-page">
      <PageHeader
        title={t('insp.recordTitle', { code: insp.code })}
        subtitle={insp.subjectName}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/inspections')}>
              {t('insp.back')}
            </Button>
            {canCorrect ? (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/inspections/new?correct=${insp.id}`)} data-testid="insp-correct">
                {t('insp.correct')}
              </Button>
            ) : null}
          </>
        }
      />
      {justSubmitted ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('insp.submittedTitle', { code: insp.code })}
          description={insp.findings ? t('insp.submittedFindings', { count: insp.findings }) : t('insp.submittedClean')}
          data-testid="insp-just-submitted"
        />
      ) : null}
      <Alert type="info" showIcon icon={<LockOutlined />} style={{ marginBottom: 12 }} title={t('insp.immutable')} />

      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 2 }}
          items={[
            { key: 'subject', label: t('insp.subject'), children: paren(insp.subjectName, label(SUBJECT_TYPE_LABELS[insp.subjectType as SubjectType], insp.subjectType)) },
            { key: 'kind', label: t('insp.kind'), children: <KindTag kind={insp.kind} /> },
            { key: 'inspectors', label: t('insp.inspectors'), children: insp.inspectorNames.join('、') },
            { key: 'time', label: t('insp.submittedAt'), children: formatTime(insp.submittedAt) },
            ...(insp.startedAt ? [{ key: 'start', label: t('insp.started'), children: formatTime(insp.startedAt) }] : []),
            {
              key: 'gps',
              label: t('insp.gps.title'),
              children:
                insp.lat !== null && insp.lng !== null ? (
                  <span data-testid="insp-record-gps">
                    <EnvironmentOutlined /> {formatCoord(insp.lat)}, {formatCoord(insp.lng)}
                    {insp.gpsAccuracyM !== null ? ` · ${t('insp.gps.accuracy', { m: Math.round(insp.gpsAccuracyM) })}` : ''}
                  </span>
                ) : (
                  <Typography.Text type="warning">{t('insp.gps.notRecorded')}</Typography.Text>
                ),
            },
            {
              key: 'findings',
              label: t('insp.findings'),
              children: insp.findings ? <Tag color="red">{t('insp.failCount', { count: insp.findings })}</Tag> : <Tag color="green">{t('insp.noFindings')}</Tag>,
            },
            ...(insp.kind === 'company' ? [{ key: 'notice', label: t('insp.writtenNotice'), children: insp.writtenNoticeIssued ? t('common.yes') : t('common.no') }] : []),
            ...(insp.representativeName ? [{ key: 'rep', label: t('insp.representativeName'), children: insp.representativeName }] : []),
            { key: 'lib', label: t('insp.libraryVersion'), children: insp.libraryVersion },
            ...(insp.notes ? [{ key: 'notes', label: t('insp.notes'), children: insp.notes }] : []),
            ...(insp.correctsId ? [{ key: 'corrects', label: t('insp.corrects'), children: <Link to={`/inspections/${insp.correctsId}`}>{t('insp.viewCorrected')}</Link> }] : []),
          ]}
        />
        {rec.data.corrections.length ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            title={
              <Space wrap>
                {t('insp.correctedBy')}
                {rec.data.corrections.map((c) => (
                  <Link key={c.id} to={`/inspections/${c.id}`}>
                    {c.code}
                  </Link>
                ))}
              </Space>
            }
          />
        ) : null}
      </Card>

      <Card size="small" title={t('insp.hazardsCreated')} style={{ marginBottom: 12 }} data-testid="insp-record-hazards">
        {hazardIds.length === 0 ? (
          <Typography.Text type="secondary">{t('insp.noHazards')}</Typography.Text>
        ) : hazards.loading && !hazards.data ? (
          <Spin size="small" />
        ) : (
          <Flex vertical gap={6}>
            {(hazards.data ?? []).map((h) => {
              const to = hazardPath(h.id);
              return (
                <Flex key={h.id} gap={8} wrap align="center" data-testid="insp-record-hazard">
                  {to ? <Link to={to}>{h.code}</Link> : <Typography.Text strong>{h.code}</Typography.Text>}
                  <Tag color={h.severity === 'major' ? 'red' : 'orange'}>{label(SEVERITY_LABELS[h.severity as 'major' | 'general'], h.severity)}</Tag>
                  <Tag>{label(HAZARD_STATE_LABELS[h.state as keyof typeof HAZARD_STATE_LABELS], h.state)}</Tag>
                  {h.subjectName !== insp.subjectName ? <Tag color="purple">{h.subjectName}</Tag> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {h.description}
                  </Typography.Text>
                </Flex>
              );
            })}
            {hazards.data && hazards.data.length < hazardIds.length ? (
              <Typography.Text type="secondary">{t('insp.hazardsHidden', { count: hazardIds.length - hazards.data.length })}</Typography.Text>
            ) : null}
          </Flex>
        )}
      </Card>

      {failedAnswers.length ? null : <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('insp.allPassedRecord')} />}

      {groups.map((g) => (
        <Card
          key={g.category}
          size="small"
          style={{ marginBottom: 12 }}
          title={g.category === 'other' ? t('insp.otherItems') : label(HAZARD_CATEGORY_LABELS[g.category as HazardCategory], g.category)}
          data-testid={`insp-record-group-${g.category}`}
        >
          {g.answers.map((a) => {
            const item = itemOf(a);
            const flags = (a.flags ?? {}) as Record<string, boolean>;
            return (
              <div key={a.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }} data-testid={`record-answer-${a.itemCode}`}>
                <Flex justify="space-between" gap={8} align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {a.itemCode}
                    </Typography.Text>
                    <div>{item ? label(item.text) : a.itemCode}</div>
                  </div>
                  <ResultTag result={a.result} />
                </Flex>
                {a.value !== null ? (
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {t('insp.measured', { value: a.value, unit: item?.measured ? label(UNIT_LABELS[item.measured.unit]) : '' })}
                    {item?.measured ? ` · ${ruleText(item.measured, t, label)}` : ''}
                    {item?.measured?.unlessFlag && flags[item.measured.unlessFlag.key] !== undefined
                      ? ` · ${t('insp.flagValue', { flag: label(item.measured.unlessFlag.label), value: flags[item.measured.unlessFlag.key] ? t('common.yes') : t('common.no') })}`
                      : ''}
                  </Typography.Text>
                ) : null}
                {a.note ? <Typography.Paragraph style={{ margin: '4px 0 0' }}>{a.note}</Typography.Paragraph> : null}
                {a.photos.length ? (
                  <Image.PreviewGroup>
                    <Flex gap={6} wrap style={{ marginTop: 6 }}>
                      {a.photos.map((p) => (
                        <Image key={p} src={fileUrl(p)} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 6 }} alt="" data-testid="record-photo" />
                      ))}
                    </Flex>
                  </Image.PreviewGroup>
                ) : null}
              </div>
            );
          })}
        </Card>
      ))}
      {answers.length === 0 ? <Empty /> : null}

      <Card size="small" title={t('insp.signatures')} style={{ marginBottom: 12 }}>
        <Flex gap={16} wrap>
          {insp.inspectorSignatures.map((s, i) => (
            <div key={s}>
              <Typography.Text type="secondary">{t('insp.inspectorSignature', { name: insp.inspectorNames[i] ?? '' })}</Typography.Text>
              <div>
                <img src={fileUrl(s)} alt="" style={{ maxWidth: 260, maxHeight: 120, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff' }} data-testid="record-signature" />
              </div>
            </div>
          ))}
          {insp.representativeSignature ? (
            <div>
              <Typography.Text type="secondary">
                {insp.representativeName ? paren(t('insp.representativeSignature'), insp.representativeName) : t('insp.representativeSignature')}
              </Typography.Text>
              <div>
                <img src={fileUrl(insp.representativeSignature)} alt="" style={{ maxWidth: 260, maxHeight: 120, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff' }} data-testid="record-signature" />
              </div>
            </div>
          ) : null}
        </Flex>
      </Card>
    </div>
  );
}
