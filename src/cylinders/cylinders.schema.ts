/** Request and response shapes of the cylinder registry (R6.1); types inferred from them. */
import { z } from 'zod';
import { pageQuery } from '../shared/pagination.js';
import { queryBool } from '../shared/validation.js';
import { CYLINDER_STATES, HOLDER_TYPES, MODEL_KEYS } from './models.js';

/** A cylinder code as typed or scanned (normalised and checked in the service). */
export const codeParam = z.string().trim().min(1).max(60).describe('气瓶编码 / cylinder code');
export const isoDate = z.iso.date();
/** Manufacture date: a day, or the year-month stamped on the cylinder (taken as the 1st). */
export const manufactureDate = z
  .string()
  .regex(/^\d{4}-\d{2}(-\d{2})?$/)
  .transform((v) => (v.length === 7 ? `${v}-01` : v))
  .pipe(z.iso.date())
  .describe('制造日期 YYYY-MM-DD，或钢印上的年月 YYYY-MM（按当月1日计）');

export const GRAI_PATTERN = /^urn:epc:id:grai:\d{6,12}\.\d{0,6}\.[!%-?A-Z_a-z\x22]{1,16}$/;

const attributes = {
  grai: z.string().regex(GRAI_PATTERN).nullable().optional().describe('GS1 GRAI（urn:epc:id:grai:…），可选'),
  maker: z.string().trim().min(1).max(100).describe('制造单位'),
  serialNumber: z.string().trim().min(1).max(60).describe('出厂编号'),
  model: z.enum(MODEL_KEYS).describe('型号：YSP-2/5/10/15/50，YSP118-L 液相，YSP118-II 气液双相'),
  waterVolumeL: z.number().positive().max(1000).optional().describe('公称容积（升），缺省按型号'),
  allowableFillKg: z.number().positive().max(500).optional().describe('允许充装量（千克），缺省按型号'),
  manufactureDate,
  designLifeYears: z.number().int().min(1).max(30).optional().describe('设计使用年限（年），缺省按部署设置（8年）'),
  registrationNo: z.string().trim().max(60).nullable().optional().describe('使用登记证编号'),
  lastInspectionDate: isoDate.nullable().optional().describe('上次定期检验日期'),
  nextInspectionDate: isoDate.optional().describe('下次检验日期，缺省 = 上次检验（或制造）日期 + 检验周期（4年）'),
  refurbished: z.boolean().optional().describe('翻新（改装、焊补、篡改钢印或颜色）'),
};

export const createBody = z
  .object({
    code: codeParam.optional().describe('已有编码（标签、电子标识）；不填则由平台赋码 QP+区县代码+序号+校验位'),
    ownerEnterpriseId: z.uuid().optional().describe('产权单位；企业账号缺省为本企业'),
    ...attributes,
  })
  .strict();
export type CreateInput = z.infer<typeof createBody>;

export const updateBody = z
  .object({
    ownerEnterpriseId: z.uuid().optional().describe('产权变更（仅政府账号）'),
    ...attributes,
    maker: attributes.maker.optional(),
    serialNumber: attributes.serialNumber.optional(),
    model: attributes.model.optional(),
    manufactureDate: manufactureDate.optional(),
  })
  .strict();
export type UpdateInput = z.infer<typeof updateBody>;

export const listQuery = z.object({
  regionId: z.uuid().optional().describe('所属区域（含下级）'),
  ownerEnterpriseId: z.uuid().optional(),
  state: z.enum(CYLINDER_STATES).optional(),
  model: z.enum(MODEL_KEYS).optional(),
  inspection: z.enum(['overdue', 'due_soon', 'valid']).optional().describe('检验状态：超期 / 30天内到期 / 有效'),
  designLife: z.enum(['exceeded', 'valid']).optional(),
  refurbished: queryBool.optional(),
  holderType: z.enum(HOLDER_TYPES).optional(),
  q: z.string().trim().max(60).optional().describe('编码前缀或出厂编号'),
  ...pageQuery,
});
export type ListQuery = z.infer<typeof listQuery>;
