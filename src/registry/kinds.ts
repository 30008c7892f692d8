/**
 * The registry's record kinds (R2.1–R2.8) described as data: fields, references, natural key,
 * who may write, how to search. The generic service, the Excel template/import/export and the
 * web pages all read these definitions, so adding a field is one edit.
 */
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Role } from '../accounts/roles.js';
import {
  enterprises,
  facilities,
  households,
  licences,
  personnel,
  unqualifiedProducts,
  vehicles,
  venues,
  workerBlacklist,
} from '../db/schema/index.js';
import * as D from './dictionaries.js';
import type { FieldDef, Label } from './fields.js';

export const REGISTRY_KINDS = [
  'enterprise',
  'licence',
  'venue',
  'household',
  'facility',
  'person',
  'vehicle',
  'unqualified_product',
  'blacklist',
] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

/** A reference to another record: an id in the API, a natural key (code) in Excel. */
export interface RefDef {
  key: string; // column property, e.g. enterpriseId
  label: Label;
  target: 'region' | 'enterprise' | 'person';
  required?: boolean;
  /** For enterprise references: the referenced enterprise's own region is the record's region. */
  regionFromTarget?: boolean;
  /** Column header in Excel when the label does not already name the code typed there. */
  excel?: Label;
}

export interface KindDef {
  kind: RegistryKind;
  label: Label;
  table: PgTable;
  fields: FieldDef[];
  refs: RefDef[];
  /** Columns (field keys) that identify a record in imports: re-import updates, never duplicates. */
  naturalKey: string[];
  /** Columns searched by the free-text box (Chinese text, trigram index). */
  search: string[];
  /** Roles that may create and edit records of this kind (always within their scope). */
  writers: readonly Role[];
  /** Column holding the owning enterprise, so enterprise accounts see only their own records. */
  enterpriseColumn: string | null;
  /** Column holding the venue id for venue accounts (only venues themselves). */
  venueSelf?: boolean;
  enterpriseSelf?: boolean;
  /** Shown to the public without login (R2.8), with personal data masked. */
  public?: boolean;
}

const L = (zh: string, en: string): Label => ({ zh, en });
const opts = (d: Record<string, Label>) => ({ options: Object.keys(d), optionLabels: d });
const region: RefDef = { key: 'regionId', label: L('所属区域', 'Region'), target: 'region', required: true, excel: L('所属区域代码', 'Region code') };
const status: FieldDef = { key: 'status', label: L('状态', 'Status'), type: 'enum', ...opts(D.RECORD_STATUS), filter: true, list: true, default: 'active' };
const lat: FieldDef = { key: 'lat', label: L('纬度', 'Latitude'), type: 'number', min: -90, max: 90 };
const lng: FieldDef = { key: 'lng', label: L('经度', 'Longitude'), type: 'number', min: -180, max: 180 };

const GOV: readonly Role[] = ['platform_admin', 'task_force', 'dept_officer'];
const TERRITORIAL: readonly Role[] = [...GOV, 'town_officer', 'grid_worker'];
const WITH_ENTERPRISE: readonly Role[] = [...GOV, 'enterprise_admin'];

export const KINDS: Record<RegistryKind, KindDef> = {
  enterprise: {
    kind: 'enterprise',
    label: L('企业', 'Enterprise'),
    table: enterprises,
    fields: [
      { key: 'name', label: L('企业名称', 'Name'), type: 'text', required: true, max: 200, list: true },
      { key: 'creditCode', label: L('统一社会信用代码', 'Unified social credit code'), type: 'creditCode', required: true, list: true },
      { key: 'kind', label: L('企业类型', 'Kind'), type: 'enum', required: true, ...opts(D.ENTERPRISE_KINDS), filter: true, list: true },
      { key: 'address', label: L('地址', 'Address'), type: 'text', max: 300, list: true },
      { key: 'legalRepresentative', label: L('法定代表人', 'Legal representative'), type: 'text', max: 50 },
      { key: 'contactPhone', label: L('联系电话', 'Phone'), type: 'phone', personal: 'phone', list: true },
      { key: 'storageVolumeM3', label: L('储气规模（立方米）', 'Storage volume (m³)'), type: 'number', min: 0, max: 1e7 },
      lat,
      lng,
      status,
    ],
    refs: [region],
    naturalKey: ['creditCode'],
    search: ['name'],
    writers: GOV,
    enterpriseColumn: 'id',
    enterpriseSelf: true,
  },
  licence: {
    kind: 'licence',
    label: L('证照', 'Licence / certificate'),
    table: licences,
    fields: [
      { key: 'kind', label: L('证照类型', 'Kind'), type: 'enum', required: true, ...opts(D.LICENCE_KINDS), filter: true, list: true },
      { key: 'number', label: L('证照编号', 'Number'), type: 'text', required: true, max: 80, list: true },
      { key: 'issuer', label: L('发证机关', 'Issuer'), type: 'text', max: 100, list: true },
      { key: 'issuedOn', label: L('发证日期', 'Issued on'), type: 'date' },
      { key: 'validUntil', label: L('有效期至', 'Valid until'), type: 'date', list: true },
      { key: 'status', label: L('状态', 'Status'), type: 'enum', options: ['active', 'revoked', 'suspended'], optionLabels: { active: L('有效', 'Active'), revoked: L('吊销', 'Revoked'), suspended: L('暂扣', 'Suspended') }, filter: true, list: true, default: 'active' },
    ],
    refs: [
      { key: 'enterpriseId', label: L('持证企业（信用代码）', 'Enterprise (credit code)'), target: 'enterprise', required: true, regionFromTarget: true },
      { key: 'personId', label: L('持证人员（身份证号）', 'Holder (ID number)'), target: 'person' },
    ],
    naturalKey: ['kind', 'number'],
    search: ['number'],
    writers: WITH_ENTERPRISE,
    enterpriseColumn: 'enterpriseId',
  },
  venue: {
    kind: 'venue',
    label: L('用气场所', 'Gas-using venue'),
    table: venues,
    fields: [
      { key: 'name', label: L('场所名称', 'Name'), type: 'text', required: true, max: 200, list: true },
      { key: 'kind', label: L('场所类型', 'Kind'), type: 'enum', required: true, ...opts(D.VENUE_KINDS), filter: true, list: true },
      { key: 'address', label: L('地址', 'Address'), type: 'text', required: true, max: 300, list: true },
      { key: 'operatorName', label: L('经营单位', 'Operator'), type: 'text', max: 200 },
      { key: 'contactName', label: L('负责人', 'Contact'), type: 'text', max: 50, personal: 'name', list: true },
      { key: 'contactPhone', label: L('联系电话', 'Phone'), type: 'phone', personal: 'phone', list: true },
      { key: 'gasSource', label: L('气源', 'Gas source'), type: 'enum', ...opts(D.GAS_SOURCES), filter: true, list: true },
      { key: 'crowded', label: L('人员密集场所', 'Crowded place'), type: 'bool', filter: true, list: true },
      { key: 'basementUse', label: L('地下/半地下用气', 'Basement use'), type: 'bool', filter: true },
      { key: 'nineSmall', label: L('九小场所', '"Nine small" place'), type: 'bool', filter: true },
      { key: 'supplyContractNo', label: L('供用气合同编号', 'Supply contract no.'), type: 'text', max: 80 },
      { key: 'supplyContractUntil', label: L('合同到期日', 'Contract until'), type: 'date' },
      lat,
      lng,
      status,
    ],
    refs: [region, { key: 'supplierId', label: L('供气企业（信用代码）', 'Supplier (credit code)'), target: 'enterprise' }],
    naturalKey: ['name', 'address'],
    search: ['name', 'address'],
    writers: TERRITORIAL,
    enterpriseColumn: 'supplierId',
    venueSelf: true,
  },
  household: {
    kind: 'household',
    label: L('居民用户', 'Residential user'),
    table: households,
    fields: [
      { key: 'address', label: L('住址', 'Address'), type: 'text', required: true, max: 300, list: true },
      { key: 'building', label: L('楼栋', 'Building'), type: 'text', max: 50 },
      { key: 'unit', label: L('单元', 'Unit'), type: 'text', max: 20 },
      { key: 'room', label: L('房号', 'Room'), type: 'text', max: 20 },
      { key: 'holderName', label: L('户主姓名', 'Holder'), type: 'text', max: 50, personal: 'name', list: true },
      { key: 'holderIdNumber', label: L('户主身份证号', 'Holder ID number'), type: 'idNumber', personal: 'idNumber' },
      { key: 'phone', label: L('联系电话', 'Phone'), type: 'phone', personal: 'phone', list: true },
      { key: 'gasSource', label: L('气源', 'Gas source'), type: 'enum', ...opts(D.GAS_SOURCES), filter: true, list: true },
      { key: 'oldCommunity', label: L('老旧小区', 'Old community'), type: 'bool', filter: true, list: true },
      { key: 'hardship', label: L('困难群众', 'Hardship'), type: 'enum', ...opts(D.HARDSHIP), filter: true, list: true, default: 'none' },
      { key: 'highRise100m', label: L('百米以上高层', 'Building over 100 m'), type: 'bool', filter: true },
      status,
    ],
    refs: [region, { key: 'supplierId', label: L('供气企业（信用代码）', 'Supplier (credit code)'), target: 'enterprise' }],
    naturalKey: ['address'],
    search: ['address'],
    writers: [...TERRITORIAL, 'enterprise_admin'],
    enterpriseColumn: 'supplierId',
  },
  facility: {
    kind: 'facility',
    label: L('燃气设施', 'Facility'),
    table: facilities,
    fields: [
      { key: 'code', label: L('设施编号', 'Code'), type: 'text', required: true, max: 60, list: true },
      { key: 'name', label: L('名称', 'Name'), type: 'text', required: true, max: 200, list: true },
      { key: 'kind', label: L('设施类型', 'Kind'), type: 'enum', required: true, ...opts(D.FACILITY_KINDS), filter: true, list: true },
      { key: 'pressureClass', label: L('压力级制', 'Pressure class'), type: 'enum', ...opts(D.PRESSURE_CLASSES), filter: true, list: true },
      { key: 'material', label: L('管材', 'Material'), type: 'enum', ...opts(D.PIPE_MATERIALS), filter: true, list: true },
      { key: 'laidYear', label: L('敷设年份', 'Laid year'), type: 'int', min: 1900, max: 2100, list: true },
      { key: 'lengthM', label: L('长度（米）', 'Length (m)'), type: 'number', min: 0, max: 1e6, list: true },
      { key: 'diameterMm', label: L('管径（毫米）', 'Diameter (mm)'), type: 'int', min: 0, max: 5000 },
      { key: 'occupied', label: L('违规占压', 'Built over'), type: 'bool', filter: true, list: true },
      { key: 'crossesEnclosedSpace', label: L('穿越密闭空间', 'Crosses enclosed space'), type: 'bool', filter: true },
      lat,
      lng,
      { key: 'endLat', label: L('终点纬度', 'End latitude'), type: 'number', min: -90, max: 90 },
      { key: 'endLng', label: L('终点经度', 'End longitude'), type: 'number', min: -180, max: 180 },
      status,
    ],
    refs: [region, { key: 'enterpriseId', label: L('运营企业（信用代码）', 'Operator (credit code)'), target: 'enterprise' }],
    naturalKey: ['code'],
    search: ['name'],
    writers: WITH_ENTERPRISE,
    enterpriseColumn: 'enterpriseId',
  },
  person: {
    kind: 'person',
    label: L('从业人员', 'Personnel'),
    table: personnel,
    fields: [
      { key: 'name', label: L('姓名', 'Name'), type: 'text', required: true, max: 50, list: true },
      { key: 'idNumber', label: L('身份证号', 'ID number'), type: 'idNumber', required: true, personal: 'idNumber', list: true },
      { key: 'phone', label: L('手机号', 'Mobile'), type: 'mobile', personal: 'phone', list: true },
      { key: 'role', label: L('岗位', 'Role'), type: 'enum', required: true, ...opts(D.PERSON_ROLES), filter: true, list: true },
      { key: 'labourContract', label: L('签订劳动合同', 'Labour contract'), type: 'bool', filter: true, list: true },
      { key: 'socialInsurance', label: L('缴纳社保', 'Social insurance'), type: 'bool', filter: true, list: true },
      status,
    ],
    refs: [{ key: 'enterpriseId', label: L('所属企业（信用代码）', 'Enterprise (credit code)'), target: 'enterprise', required: true, regionFromTarget: true }],
    naturalKey: ['idNumber'],
    search: ['name'],
    writers: WITH_ENTERPRISE,
    enterpriseColumn: 'enterpriseId',
  },
  vehicle: {
    kind: 'vehicle',
    label: L('车辆', 'Vehicle'),
    table: vehicles,
    fields: [
      { key: 'plateNumber', label: L('车牌号', 'Plate number'), type: 'plate', required: true, list: true },
      { key: 'kind', label: L('车辆类型', 'Kind'), type: 'enum', required: true, ...opts(D.VEHICLE_KINDS), filter: true, list: true },
      { key: 'permitNo', label: L('运输许可证号', 'Permit no.'), type: 'text', max: 80, list: true },
      { key: 'permitValidUntil', label: L('许可有效期至', 'Permit valid until'), type: 'date', list: true },
      { key: 'registered', label: L('已注册登记', 'Registered'), type: 'bool', filter: true, list: true },
      status,
    ],
    refs: [
      { key: 'enterpriseId', label: L('所属企业（信用代码）', 'Enterprise (credit code)'), target: 'enterprise', required: true, regionFromTarget: true },
      { key: 'boundWorkerId', label: L('绑定送气工（身份证号）', 'Bound worker (ID number)'), target: 'person' },
      { key: 'deliveryAreaId', label: L('配送区域（区域代码）', 'Delivery area (region code)'), target: 'region' },
    ],
    naturalKey: ['plateNumber'],
    search: ['plateNumber'],
    writers: WITH_ENTERPRISE,
    enterpriseColumn: 'enterpriseId',
  },
  unqualified_product: {
    kind: 'unqualified_product',
    label: L('不合格产品', 'Unqualified product'),
    table: unqualifiedProducts,
    fields: [
      { key: 'name', label: L('产品名称', 'Product'), type: 'text', required: true, max: 200, list: true },
      { key: 'category', label: L('产品类别', 'Category'), type: 'enum', required: true, ...opts(D.PRODUCT_CATEGORIES), filter: true, list: true },
      { key: 'brand', label: L('商标', 'Brand'), type: 'text', max: 100, list: true },
      { key: 'model', label: L('规格型号', 'Model'), type: 'text', max: 100, list: true, default: '' },
      { key: 'maker', label: L('标称生产企业', 'Stated maker'), type: 'text', max: 200, list: true, default: '' },
      { key: 'batch', label: L('生产日期/批号', 'Batch'), type: 'text', max: 100, default: '' },
      { key: 'problem', label: L('不合格项目', 'Failed items'), type: 'text', required: true, max: 500, list: true },
      { key: 'source', label: L('信息来源', 'Source'), type: 'text', max: 200 },
      { key: 'publishedOn', label: L('发布日期', 'Published on'), type: 'date', list: true },
      status,
    ],
    refs: [region],
    naturalKey: ['maker', 'model', 'batch', 'name'],
    search: ['name', 'maker'],
    writers: GOV,
    enterpriseColumn: null,
    public: true,
  },
  blacklist: {
    kind: 'blacklist',
    label: L('送气工黑名单', 'Delivery-worker blacklist'),
    table: workerBlacklist,
    fields: [
      { key: 'personName', label: L('姓名', 'Name'), type: 'text', required: true, max: 50, personal: 'name', list: true },
      { key: 'idNumber', label: L('身份证号', 'ID number'), type: 'idNumber', required: true, personal: 'idNumber', list: true },
      { key: 'enterpriseName', label: L('原所在企业', 'Former employer'), type: 'text', max: 200, list: true },
      { key: 'reason', label: L('列入原因', 'Reason'), type: 'text', required: true, max: 500, list: true },
      { key: 'listedOn', label: L('列入日期', 'Listed on'), type: 'date', required: true, list: true },
      { key: 'until', label: L('期限至', 'Until'), type: 'date', list: true },
      status,
    ],
    refs: [region],
    naturalKey: ['idNumber'],
    search: ['personName'],
    writers: GOV,
    enterpriseColumn: null,
    public: true,
  },
};

export function kindDef(kind: string): KindDef | null {
  return (KINDS as Record<string, KindDef>)[kind] ?? null;
}

export type { AnyPgColumn };
