/** Bodies of custody steps (R6.3, R6.6): one shape per step type, discriminated by `type`. */
import { z } from 'zod';

const common = {
  at: z.iso.datetime({ offset: true }).optional().describe('扫码时间（缺省为服务器时间；离线补传不早于7天、不晚于当前5分钟）'),
  lat: z.number().min(-90).max(90).optional().describe('纬度（GPS）'),
  lng: z.number().min(-180).max(180).optional().describe('经度（GPS）'),
  regionId: z.uuid().optional().describe('发生地区域；缺省按充装站、车辆、用户或产权单位'),
  note: z.string().trim().max(500).optional(),
};

const answer = z.object({
  itemId: z.uuid(),
  result: z.enum(['pass', 'fail', 'na']).optional(),
  value: z.number().optional(),
  flags: z.record(z.string(), z.boolean()).optional(),
  photos: z.array(z.uuid()).max(10).optional(),
  note: z.string().max(500).optional(),
});

/** 随瓶安检: the DLV items of GET /cylinders/delivery-checklist, each answered once. */
export const deliveryCheck = z
  .object({
    clientUuid: z.uuid().describe('手机端生成的幂等键：网络中断后重发同一表单只记一次'),
    answers: z.array(answer).max(50),
    inspectorSignatures: z.array(z.uuid()).max(3).optional().describe('送气工签名（先上传文件）'),
    representativeName: z.string().trim().max(50).optional().describe('用户签收人'),
    representativeSignature: z.uuid().optional(),
    writtenNoticeIssued: z.boolean().optional().describe('已向用户出具书面整改告知（第9条）'),
  })
  .strict();
export type DeliveryCheckInput = z.infer<typeof deliveryCheck>;

const reason = z.string().trim().min(1).max(500).describe('原因');

export const eventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('post_fill_check'), ...common, netWeightKg: z.number().positive().max(200).describe('复秤净重（千克）'), leakOk: z.boolean().describe('检漏合格') }).strict(),
  z.object({ type: z.literal('leave_station'), ...common, vehicleId: z.uuid().optional() }).strict(),
  z.object({ type: z.literal('load'), ...common, vehicleId: z.uuid().describe('配送车辆'), workerId: z.uuid().describe('送气工（从业人员）') }).strict(),
  z
    .object({
      type: z.literal('deliver'),
      ...common,
      userType: z.enum(['venue', 'household']).describe('实名用户：用气场所或居民用户'),
      userId: z.uuid(),
      workerId: z.uuid().optional().describe('缺省为最近一次装车的送气工'),
      vehicleId: z.uuid().optional().describe('缺省为最近一次装车的车辆'),
      check: deliveryCheck,
    })
    .strict(),
  z
    .object({
      type: z.literal('collect_empty'),
      ...common,
      userType: z.enum(['venue', 'household']).optional(),
      userId: z.uuid().optional(),
      vehicleId: z.uuid().optional(),
      workerId: z.uuid().optional(),
    })
    .strict(),
  z.object({ type: z.literal('send_to_inspection'), ...common, agencyId: z.uuid().optional().describe('检验机构（企业）') }).strict(),
  z
    .object({
      type: z.literal('inspection_result'),
      ...common,
      result: z.enum(['pass', 'fail']).describe('合格 / 判废'),
      inspectedOn: z.iso.date(),
      agencyId: z.uuid().optional(),
      reportNo: z.string().trim().max(60).optional(),
      nextInspectionDate: z.iso.date().optional().describe('缺省 = 检验日期 + 检验周期'),
    })
    .strict(),
  z.object({ type: z.literal('scrap'), ...common, method: z.string().trim().max(100).optional().describe('去功能化方式（如 钻孔、切割）'), reason: reason.optional() }).strict(),
  z.object({ type: z.literal('recall'), ...common, reason }).strict(),
  z.object({ type: z.literal('seize'), ...common, reason }).strict(),
  z.object({ type: z.literal('blacklist'), ...common, reason }).strict(),
  z.object({ type: z.literal('release'), ...common, reason }).strict(),
]);
export type EventBody = z.infer<typeof eventBody>;
