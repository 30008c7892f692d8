import { EditOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Divider, Form, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useAction, useLoad } from '../../hooks.js';
import { useI18n, type MsgKey } from '../../i18n/index.js';
import { CONDITION_LABELS, DEVICE_TYPE_LABELS, SEVERITY_LABELS, SEVERITY_TAG } from './labels.js';
import { durationText } from './format.js';
import type { DeviceType, RuleConfig, RuleItem, Severity } from './types.js';

const PROFILES = ['household', 'commercial', 'industrial'] as const;
type Profile = (typeof PROFILES)[number];
const PROFILE_LABELS: Record<Profile, MsgKey> = { household: 'mon.rules.household', commercial: 'mon.rules.commercial', industrial: 'mon.rules.industrial' };
const OTHER = ['valve_closed', 'tamper', 'low_battery', 'fault', 'offline'] as const;
const AUTO = ['valve_closed', 'low_battery', 'fault', 'offline'] as const;
type Level = { major: number; critical: number };

/** The form keeps minutes and on/off switches; the API keeps seconds and nulls. */
interface RuleForm {
  offlineAfterMin: number;
  holdOffMin: number;
  ch4On: boolean;
  ch4: Record<Profile, Level>;
  coOn: boolean;
  co: Level;
  lowBatteryOn: boolean;
  lowBatteryPct: number;
  severity: RuleConfig['severity'];
  autoResolve: RuleConfig['autoResolve'];
}

function toForm(c: RuleConfig, d: RuleConfig): RuleForm {
  return {
    offlineAfterMin: Math.round(c.offlineAfterSec / 60),
    holdOffMin: Math.round(c.holdOffSec / 60),
    ch4On: c.ch4 !== null,
    ch4: c.ch4 ?? d.ch4 ?? { household: { major: 10, critical: 25 }, commercial: { major: 20, critical: 50 }, industrial: { major: 25, critical: 50 } },
    coOn: c.co !== null,
    co: c.co ?? d.co ?? { major: 100, critical: 300 },
    lowBatteryOn: c.lowBatteryPct !== null,
    lowBatteryPct: c.lowBatteryPct ?? d.lowBatteryPct ?? 20,
    severity: { ...c.severity },
    autoResolve: [...c.autoResolve],
  };
}
function fromForm(f: RuleForm): RuleConfig {
  return {
    offlineAfterSec: Math.round(f.offlineAfterMin * 60),
    holdOffSec: Math.round(f.holdOffMin * 60),
    ch4: f.ch4On ? f.ch4 : null,
    co: f.coOn ? f.co : null,
    lowBatteryPct: f.lowBatteryOn ? f.lowBatteryPct : null,
    severity: f.severity,
    autoResolve: f.autoResolve,
  };
}

function LevelInputs({ name, unit, max }: { name: (string | number)[]; unit: string; max: number }) {
  const { t } = useI18n();
  return (
    <Space size={8} wrap>
      <Form.Item name={[...name, 'major']} noStyle rules={[{ required: true }]}>
        <InputNumber min={0} max={max} prefix={t('mon.rules.majorAt')} suffix={unit} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name={[...name, 'critical']}
        noStyle
        dependencies={[[...name, 'major']]}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, v: number) => (v >= (getFieldValue([...name, 'major']) as number) ? Promise.resolve() : Promise.reject(new Error(t('mon.rules.criticalBelowMajor')))),
          }),
        ]}
      >
        <InputNumber min={0} max={max} prefix={t('mon.rules.criticalAt')} suffix={unit} style={{ width: 200 }} />
      </Form.Item>
    </Space>
  );
}

/**
 * 规则配置 (R7.3): the alarm rules in force per device type — methane points by what the device is
 * bound to, CO points, offline timeout, the hold-off that keeps one device from raising an alarm
 * storm, low battery and the severity of the other conditions. Everyone reads; the platform
 * admin edits (PUT /api/v1/monitoring/rules/:deviceType).
 */
export function RulesPage() {
  const me = useMe();
  const { t, label, formatTime } = useI18n();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const rules = useLoad(() => api.get<{ items: RuleItem[] }>('/api/v1/monitoring/rules'), []);
  const [editing, setEditing] = useState<RuleItem | null>(null);
  const [form] = Form.useForm<RuleForm>();
  const admin = me.role === 'platform_admin';
  const ch4On = Form.useWatch('ch4On', form);
  const coOn = Form.useWatch('coOn', form);
  const lowOn = Form.useWatch('lowBatteryOn', form);

  const sevTag = (s: Severity | 'off') =>
    s === 'off' ? <Tag>{t('mon.rules.off')}</Tag> : <Tag color={SEVERITY_TAG[s]}>{label(SEVERITY_LABELS[s], s)}</Tag>;
  const levels = (l: Level | null, unit: string) =>
    l ? (
      <span style={{ whiteSpace: 'nowrap' }}>
        {l.major} / {l.critical} {unit}
      </span>
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );

  const open = (r: RuleItem) => {
    form.resetFields();
    form.setFieldsValue(toForm(r.config, r.defaults));
    setEditing(r);
  };

  const save = async (v: RuleForm) => {
    if (!editing) return;
    const res = await run(() => api.put(`/api/v1/monitoring/rules/${editing.deviceType}`, fromForm(v)), form);
    if (!res) return;
    void message.success(t('common.saved'));
    setEditing(null);
    rules.reload();
  };

  const columns: TableColumnsType<RuleItem> = [
    {
      title: t('mon.device.type'),
      dataIndex: 'deviceType',
      fixed: 'left',
      render: (v: DeviceType, r) => (
        <div>
          <Typography.Text strong>{label(DEVICE_TYPE_LABELS[v], v)}</Typography.Text>
          <div>{r.isDefault ? <Tag>{t('mon.rules.default')}</Tag> : <Tag color="purple">{t('mon.rules.changed', { time: formatTime(r.updatedAt) })}</Tag>}</div>
        </div>
      ),
    },
    ...PROFILES.map((p) => ({ title: t('mon.rules.ch4Profile', { profile: t(PROFILE_LABELS[p]) }), key: `ch4-${p}`, render: (_: unknown, r: RuleItem) => levels(r.config.ch4?.[p] ?? null, '%LEL') })),
    { title: t('mon.rules.co'), key: 'co', render: (_, r) => levels(r.config.co, 'ppm') },
    { title: t('mon.rules.offlineAfter'), key: 'offline', render: (_, r) => durationText(t, r.config.offlineAfterSec) },
    { title: t('mon.rules.holdOff'), key: 'holdOff', render: (_, r) => durationText(t, r.config.holdOffSec) },
    { title: t('mon.rules.lowBattery'), key: 'battery', render: (_, r) => (r.config.lowBatteryPct === null ? '—' : `≤ ${r.config.lowBatteryPct} %`) },
    ...OTHER.map((c) => ({ title: label(CONDITION_LABELS[c]), key: `sev-${c}`, render: (_: unknown, r: RuleItem) => sevTag(r.config.severity[c]) })),
    {
      title: t('mon.rules.autoResolve'),
      key: 'auto',
      render: (_, r) => (r.config.autoResolve.length ? r.config.autoResolve.map((c) => label(CONDITION_LABELS[c])).join('、') : '—'),
    },
    ...(admin
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, r: RuleItem) => (
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => open(r)} data-testid={`rules-edit-${r.deviceType}`}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const sevOptions = [...(['critical', 'major', 'minor'] as const).map((s) => ({ value: s, label: label(SEVERITY_LABELS[s]) })), { value: 'off', label: t('mon.rules.off') }];
  return (
    <div data-testid="rules-page">
      <PageHeader title={t('mon.rules.title')} subtitle={admin ? t('mon.rules.subtitleAdmin') : t('mon.rules.subtitle')} />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('mon.rules.basis')} />
      <Card size="small">
        <Table<RuleItem> rowKey="deviceType" size="middle" loading={rules.loading} columns={columns} dataSource={rules.data?.items ?? []} scroll={{ x: 'max-content' }} pagination={false} data-testid="rules-table" />
      </Card>

      <Modal
        open={editing !== null}
        title={editing ? t('mon.rules.editTitle', { type: label(DEVICE_TYPE_LABELS[editing.deviceType]) }) : ''}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'rules-save' } as Record<string, string>}
        width={720}
        forceRender
        footer={(orig) => (
          <>
            <Button icon={<UndoOutlined />} onClick={() => editing && form.setFieldsValue(toForm(editing.defaults, editing.defaults))} style={{ float: 'left' }}>
              {t('mon.rules.restoreDefaults')}
            </Button>
            {orig}
          </>
        )}
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="rules-form">
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="offlineAfterMin" label={t('mon.rules.offlineAfter')} extra={t('mon.rules.offlineHelp')} rules={[{ required: true }]}>
                <InputNumber min={1} max={7 * 1440} suffix={t('mon.rules.min')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="holdOffMin" label={t('mon.rules.holdOff')} extra={t('mon.rules.holdOffHelp')} rules={[{ required: true }]}>
                <InputNumber min={0} max={1440} suffix={t('mon.rules.min')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Divider titlePlacement="start" plain>
            <Space>
              {t('mon.rules.ch4')}
              <Form.Item name="ch4On" valuePropName="checked" noStyle>
                <Switch size="small" />
              </Form.Item>
            </Space>
          </Divider>
          {ch4On
            ? PROFILES.map((p) => (
                <Form.Item key={p} label={t(PROFILE_LABELS[p])} required>
                  <LevelInputs name={['ch4', p]} unit="%LEL" max={100} />
                </Form.Item>
              ))
            : null}
          <Divider titlePlacement="start" plain>
            <Space>
              {t('mon.rules.co')}
              <Form.Item name="coOn" valuePropName="checked" noStyle>
                <Switch size="small" />
              </Form.Item>
            </Space>
          </Divider>
          {coOn ? (
            <Form.Item label={t('mon.rules.co')} required>
              <LevelInputs name={['co']} unit="ppm" max={10000} />
            </Form.Item>
          ) : null}
          <Divider titlePlacement="start" plain>
            <Space>
              {t('mon.rules.lowBattery')}
              <Form.Item name="lowBatteryOn" valuePropName="checked" noStyle>
                <Switch size="small" />
              </Form.Item>
            </Space>
          </Divider>
          {lowOn ? (
            <Form.Item name="lowBatteryPct" label={t('mon.rules.lowBatteryAt')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} suffix="%" style={{ width: 200 }} />
            </Form.Item>
          ) : null}
          <Divider titlePlacement="start" plain>
            {t('mon.rules.severities')}
          </Divider>
          <Row gutter={16}>
            {OTHER.map((c) => (
              <Col xs={24} sm={12} key={c}>
                <Form.Item name={['severity', c]} label={label(CONDITION_LABELS[c])} rules={[{ required: true }]}>
                  <Select options={sevOptions} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Form.Item name="autoResolve" label={t('mon.rules.autoResolve')} extra={t('mon.rules.autoResolveHelp')}>
            <Checkbox.Group options={AUTO.map((c) => ({ value: c, label: label(CONDITION_LABELS[c]) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
