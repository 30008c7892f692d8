/**
 * Shapes of the monitoring API answers, derived from the server's presenters (type-only imports,
 * erased at build time): a change on the server shows up here as a type error.
 */
import type { AlarmAction, AlarmState } from '../../../../src/monitoring/alarm.rules.js';
import type { getAlarm, PresentedAlarm } from '../../../../src/monitoring/alarms.repository.js';
import type { responderCandidates } from '../../../../src/monitoring/alarms.service.js';
import type { alarmStats } from '../../../../src/monitoring/alarms.stats.js';
import type { deviceTelemetry, PresentedDevice } from '../../../../src/monitoring/devices.repository.js';
import type { BindingType, Condition, DeviceType, GasType, Severity } from '../../../../src/monitoring/devices.types.js';
import type { MissingRow, programmeCoverage } from '../../../../src/monitoring/programme.service.js';
import type { RuleConfig } from '../../../../src/monitoring/rules.config.js';
import type { Json } from '../../types.js';

export type { AlarmAction, AlarmState, BindingType, Condition, DeviceType, GasType, RuleConfig, Severity };

export type Alarm = Json<PresentedAlarm>;
export type AlarmDetail = Json<Awaited<ReturnType<typeof getAlarm>>>;
export type AlarmEvent = AlarmDetail['events'][number];
export type Responder = Json<Awaited<ReturnType<typeof responderCandidates>>[number]>;
export type AlarmStats = Json<Awaited<ReturnType<typeof alarmStats>>>;
export type AlarmStatsGroup = AlarmStats['total'];

export type Device = Json<PresentedDevice>;
/** GET /api/v1/devices/:id adds the device's open alarms. */
export type DeviceDetail = Device & { openAlarms: Alarm[] };
export type TelemetryPage = Json<Awaited<ReturnType<typeof deviceTelemetry>>>;

export interface RuleItem {
  deviceType: DeviceType;
  config: RuleConfig;
  defaults: RuleConfig;
  isDefault: boolean;
  updatedAt: string | null;
}

export type Coverage = Json<Awaited<ReturnType<typeof programmeCoverage>>>;
export type Missing = Json<MissingRow>;
