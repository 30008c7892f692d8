/** Request schemas of the device registry (R7.1); the types are inferred from them. */
import { z } from 'zod';
import { pageQuery } from '../shared/pagination.js';
import { queryBool } from '../shared/validation.js';
import { BINDING_TYPES, DEVICE_TYPES, GAS_TYPES } from './devices.types.js';

const code = z.string().trim().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits and . _ : - (at most 64)');
const isoDate = z.iso.date();

export const deviceFields = {
  code: code.describe('设备身份编码（工业互联网标识/序列号），MQTT 主题中的 deviceCode'),
  type: z.enum(DEVICE_TYPES),
  subjectType: z.enum(BINDING_TYPES).describe('绑定对象：venue 用气场所 / household 居民用户 / facility 燃气设施'),
  subjectId: z.uuid(),
  location: z.string().trim().max(200).nullable().optional().describe('安装位置，如“后厨灶台上方”'),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  model: z.string().trim().max(100).nullable().optional(),
  vendor: z.string().trim().max(100).nullable().optional(),
  gasType: z.enum(GAS_TYPES).default('natural_gas'),
  installedOn: isoDate.nullable().optional(),
  expiresOn: isoDate.nullable().optional(),
  enterpriseId: z.uuid().nullable().optional().describe('负责的燃气企业；缺省取场所/居民的供气企业或设施的运营企业'),
};

export const createDeviceBody = z.object(deviceFields);
export type CreateDeviceInput = z.infer<typeof createDeviceBody>;

export const updateDeviceBody = z
  .object({ ...deviceFields, gasType: z.enum(GAS_TYPES), status: z.enum(['active', 'retired']) })
  .partial()
  .refine((b) => (b.subjectType === undefined) === (b.subjectId === undefined), { message: 'subjectType and subjectId go together', path: ['subjectId'] });
export type UpdateDeviceInput = z.infer<typeof updateDeviceBody>;

export const deviceListQuery = z.object({
  type: z.enum(DEVICE_TYPES).optional(),
  status: z.enum(['active', 'retired']).optional(),
  subjectType: z.enum(BINDING_TYPES).optional(),
  subjectId: z.uuid().optional(),
  regionId: z.uuid().optional(),
  enterpriseId: z.uuid().optional(),
  online: z.enum(['online', 'offline', 'unknown']).optional(),
  faulty: queryBool.optional().describe('只看报告故障的设备'),
  expired: queryBool.optional().describe('只看已过有效期的设备'),
  q: z.string().trim().max(100).optional().describe('设备编码前缀或绑定对象名称'),
  ...pageQuery,
});
export type DeviceListQuery = z.infer<typeof deviceListQuery>;
