/**
 * Enterprise items (R3.4): gas operators (ENT-), filling units (FIL-), pipelines and stations (PIPE-),
 * transport and delivery vehicles (TRN-), special-equipment inspection agencies (AGY-), and the
 * makers and sellers of cylinders and appliances (ENT-MAKER-/ENT-SELLER-).
 * Sources: 000 二（一）–二（三）、二（五）、三（一）; 001 三（一）、三（二）、三（六）–三（九）、四（一）;
 * 002 二（一）–二（三）、二（五）; 004 二、四（三）2、四（五）.
 *
 * Items the national standard already makes major are NOT repeated here; they live in
 * major-hazard-standard.ts: no 燃气经营许可证 (MHS-4.1), no risk-grading / hazard-investigation /
 * emergency-plan system (MHS-4.2–4.4), no periodic user-inspection system (MHS-4.5), filling
 * non-owned cylinders (MHS-7.1), occupation of medium-or-higher-pressure lines (MHS-6.1). The items
 * here cover what the seeds add: licence conditions, how the systems are run, delivery, filling
 * practice, low-pressure occupation and so on. All are general hazards (only the standard decides
 * majors for operators, R3.5).
 *
 * Category follows the seed heading the paragraph sits under (二（一）问题气, 二（二）问题瓶/阀/软管/灶,
 * 二（三）问题管网) where the responsibility presets read it that way; management duties are 管理责任.
 */
import type { AppliesTo, ChecklistItemDef, Label, Measure, MeasuredRule } from '../checklist.types.js';
import type { HazardCategory, TaskKind } from '../../departments/taxonomy.js';
import { DEFAULT_LIMITS } from './limits.js';
import {
  BOTTLED_OPERATOR_KINDS,
  FILLING_KINDS,
  GAS_OPERATOR_KINDS,
  GENERAL,
  L,
  PIPELINE_FACILITY_KINDS,
  STATION_FACILITY_KINDS,
  USER_SUPPLIER_KINDS,
} from './common.js';

function def(
  code: string,
  text: Label,
  category: HazardCategory,
  taskKind: TaskKind,
  appliesTo: AppliesTo[],
  basis: string,
  measure: Measure = 'rectify_within_deadline',
  extra: { measured?: MeasuredRule; relatedCodes?: string[] } = {},
): ChecklistItemDef {
  return { code, text, category, appliesTo, severity: GENERAL, basis, taskKind, measure, ...extra };
}

const ent = (kinds: string[]): AppliesTo[] => [{ subject: 'enterprise', kinds }];
const OPERATORS = ent(GAS_OPERATOR_KINDS);
const SUPPLIERS = ent(USER_SUPPLIER_KINDS);
const BOTTLED = ent(BOTTLED_OPERATOR_KINDS);
const PIPELINE_OP = ent(['pipeline_gas']);
const PRODUCERS = ent(['industrial_fuel']);
const MAKERS = ent(['product_maker']);
const SELLERS = ent(['product_seller', 'product_maker']);
const FILLERS = ent(FILLING_KINDS);
const PIPES: AppliesTo[] = [{ subject: 'facility', kinds: PIPELINE_FACILITY_KINDS }];
const TRANSPORT: AppliesTo[] = [
  { subject: 'enterprise', kinds: ['hazmat_transport'] },
  { subject: 'vehicle', kinds: ['transport'] },
];
const DELIVERY_VEHICLES: AppliesTo[] = [{ subject: 'vehicle', kinds: ['delivery'] }];
const AGENCIES = ent(['inspection_agency']);

// ── Gas operators: safety management (000 二（一）1, 三（一）1; 002 二（一）1; 004 二) ───────────
const management: ChecklistItemDef[] = [
  def(
    'ENT-LICENCE-CONDITIONS',
    L('城镇燃气经营企业不再符合许可条件或未按许可规定经营', 'Gas operator no longer meets the licence conditions or operates outside them'),
    'management',
    'gas_enterprise',
    OPERATORS,
    '000 二（一）1；001 三（六）；002 二（一）1',
  ),
  def(
    'ENT-RESPONSIBILITY-SYSTEM',
    L(
      '落实全员安全生产责任制不到位（未建立健全安全生产规章制度、全员安全生产岗位责任制和监督落实机制）',
      'Safety responsibility for all staff not in place (rules, post responsibilities and oversight)',
    ),
    'management',
    'gas_enterprise',
    OPERATORS,
    '000 二（一）1、三（一）1；002 二（一）1；001 四（一）1',
  ),
  def(
    'ENT-SAFETY-MANAGERS',
    L(
      '安全生产管理人员以及运行、维护和抢修人员配备数量不足',
      'Too few safety managers and operation, maintenance and emergency-repair staff',
    ),
    'management',
    'gas_enterprise',
    OPERATORS,
    '000 二（一）1、三（一）1；002 二（一）1',
  ),
  def(
    'ENT-STAFF-CERTIFIED',
    L(
      '主要负责人、安全生产管理人员以及运行、维护和抢修人员未经专业培训并考核合格',
      'Principal, safety managers or operation/maintenance/repair staff not trained and certified',
    ),
    'management',
    'gas_enterprise',
    OPERATORS,
    '000 二（一）1；002 二（一）1',
  ),
  def(
    'ENT-STAFF-TRAINING',
    L('未常态化开展员工安全风险教育和应急处置技能培训', 'No regular staff training in safety risks and emergency response'),
    'management',
    'gas_enterprise',
    OPERATORS,
    '001 四（一）1；002 三（一）1',
  ),
  def(
    'ENT-TWO-LISTS-TWO-CARDS',
    L(
      '未建立一线员工"岗位风险清单、岗位职责清单、岗位操作卡、岗位应急处置卡"（两单两卡）',
      'No "two lists, two cards" (post risk list, duty list, operating card, emergency card) for front-line posts',
    ),
    'management',
    'gas_enterprise',
    OPERATORS,
    '004 二；000 三（一）1（操作规程卡、应急处置卡）',
  ),
  def(
    'ENT-DAILY-WEEKLY-MONTHLY',
    L('未开展运行维护和"日周月"隐患排查整治', 'No daily, weekly and monthly (日周月) hazard checks of operation and maintenance'),
    'management',
    'gas_enterprise',
    OPERATORS,
    '000 三（一）1',
  ),
  def(
    'ENT-HAZARD-LEDGER',
    L('未建立安全风险隐患台账清单并实行闭环管理', 'No ledger of safety risks and hazards managed to closure'),
    'management',
    'gas_enterprise',
    OPERATORS,
    '000 三（一）1；001 四（一）1；002 三（一）1',
  ),
  def(
    'ENT-DUAL-PREVENTION',
    L(
      '安全风险分级管控和隐患排查治理双重预防机制未有效运行（制度有、落实无）',
      'Risk-grading and hazard-investigation (dual prevention) systems exist but are not run',
    ),
    'management',
    'gas_enterprise',
    OPERATORS,
    '000 四（二）；001 五（二）；安全生产法 第41条',
    'rectify_within_deadline',
    { relatedCodes: ['MHS-4.2', 'MHS-4.3'] },
  ),
  def(
    'ENT-EMERGENCY-DRILL',
    L('生产安全事故应急救援预案未定期组织演练，应急抢修人员和装备不足', 'Emergency rescue plan not exercised regularly; emergency-repair staff or equipment short'),
    'management',
    'gas_enterprise',
    OPERATORS,
    '安全生产法 第81条；000 三（一）1（应急处置卡）',
    'rectify_within_deadline',
    { relatedCodes: ['MHS-4.4'] },
  ),
  def(
    'ENT-FIRE-FACILITIES',
    L(
      '城镇燃气经营、充装企业不遵守消防法规和技术标准要求，消防设施设备未按规定配置或不能正常使用',
      'Gas operator or filling unit breaks fire rules; fire facilities missing or not working',
    ),
    // Seed heading 二（一） is 问题气; with task kind fire_safety this selects the presets'
    // ('*', fire_safety) row of 000 二（一）7 / 002 二（一）7 (fire leads; gas authority, housing /
    // market supervision cooperate). 管理责任 or 问题环境 would select the restaurant rows instead.
    'problem_gas',
    'fire_safety',
    OPERATORS,
    '000 二（一）7；001 三（七）2；002 二（一）7',
  ),
];

// ── Pipeline operators and user service (000 二（一）2; 001 三（三）1; 002 二（一）2) ─────────────
const service: ChecklistItemDef[] = [
  def(
    'ENT-PIPE-PATROL',
    L('管道燃气经营企业未按规定对其供气范围内的管道进行巡查维护', 'Pipeline operator does not patrol and maintain the pipelines in its supply area'),
    'problem_pipeline',
    'gas_enterprise',
    PIPELINE_OP,
    '000 二（一）2；002 二（一）2',
  ),
  def(
    'ENT-ODORISATION',
    L('未对管道燃气加臭', 'Piped gas not odorised (加臭)'),
    'problem_gas',
    'gas_enterprise',
    PIPELINE_OP,
    '000 二（一）2；002 二（一）2',
    'stop_use',
  ),
  def(
    'ENT-ODORANT-DOSE',
    L(
      '加臭剂量不足：燃气泄漏到空气中达到爆炸下限的20%时不能察觉',
      'Odorant dose too low: leaked gas not noticeable at 20 % of the lower explosive limit',
    ),
    'problem_gas',
    'gas_enterprise',
    PIPELINE_OP,
    'GB 50028 §3.2.3；GB 55009；000 二（一）2',
    'rectify_within_deadline',
    {
      measured: {
        unit: '%LEL',
        failWhen: '>',
        limit: DEFAULT_LIMITS.odourNoticeableMaxLel,
        limitKey: 'odourNoticeableMaxLel',
        quantity: L('管网末端检测：可察觉臭味时的燃气浓度（%LEL）', 'Network-end test: gas concentration at which the odour is noticed (%LEL)'),
      },
    },
  ),
  def(
    'ENT-USER-INSPECTION',
    L(
      '未对使用管道燃气的餐饮企业等用户进行户内燃气设施定期安全检查（未定期开展入户安检）',
      'No periodic safety inspection of indoor gas facilities at restaurants and other users',
    ),
    'management',
    'gas_enterprise',
    SUPPLIERS,
    '000 二（一）2；001 三（三）1；002 二（一）2；CJJ 51 §3.5.1',
    'rectify_within_deadline',
    { relatedCodes: ['MHS-4.5'] },
  ),
  def(
    'ENT-USER-HAZARD-NOTICE',
    L(
      '入户安检发现的风险隐患未录入信息系统、未下达整改通知书（书面告知）实施整改闭环管理',
      'Hazards found in user inspections not recorded, no rectification notice (written notice) issued and followed up',
    ),
    'management',
    'gas_enterprise',
    SUPPLIERS,
    '001 三（三）1；建城规〔2023〕4号 第9条',
    'rectify_within_deadline',
    { relatedCodes: ['MHS-9.1', 'MHS-9.2', 'MHS-9.3', 'MHS-9.4'] },
  ),
  def(
    'ENT-USER-GUIDANCE',
    L('未对用户安全用气提供指导服务', 'No guidance service to users on safe gas use'),
    'management',
    'gas_enterprise',
    SUPPLIERS,
    '002 二（一）2',
  ),
  def(
    'ENT-INFORM-USERS',
    L(
      '未告知用户不得擅自改装户内燃气设施、不得在同一房间内使用两种及以上气源等安全用气要求',
      'Users not told they must not alter indoor installations or use two gas sources in one room, and other safe-use rules',
    ),
    'management',
    'gas_enterprise',
    SUPPLIERS,
    '000 二（一）2；001 三（三）1；002 二（一）2',
  ),
  def(
    'ENT-SUPPLY-CONTRACT',
    L('未与餐饮企业等用户签订供气合同（提供新气瓶时未签订供用气合同）', 'No supply contract with restaurants and other users (none signed when a new cylinder is supplied)'),
    'management',
    'gas_enterprise',
    SUPPLIERS,
    '002 二（一）2；001 三（二）2',
  ),
  def(
    'ENT-SUSPEND-SUPPLY',
    L(
      '用户拒不整改存在事故隐患的，未依照供用气合同约定采取暂时停止供应燃气等措施',
      'Supply not suspended under the contract for a user who refuses to remove a hazard',
    ),
    'management',
    'gas_enterprise',
    SUPPLIERS,
    '001 三（三）6、三（五）',
  ),
];

// ── Bottled-gas operators: delivery and gas (000 二（一）2; 001 三（二）2、三（八）、三（九）3; 002 二（一）1–2) ──
const bottled: ChecklistItemDef[] = [
  def(
    'ENT-FOLLOW-CYLINDER-INSPECTION',
    L('未要求其送气人员在送气时开展随瓶安检', 'Delivery staff not required to inspect the user on delivery (随瓶安检)'),
    'management',
    'gas_enterprise',
    BOTTLED,
    '000 二（一）2；001 三（三）1；002 二（一）2',
  ),
  def(
    'ENT-DELIVERY-RULES',
    L(
      '未制定瓶装液化石油气配送服务安全管理规范，未对其从事送气服务的人员和配送工具制定并实施安全管理规范，未明确配送服务相关安全要求',
      'No delivery-service safety rules for delivery staff and delivery tools, or delivery safety requirements not set',
    ),
    'management',
    'gas_enterprise',
    BOTTLED,
    '000 二（一）1；002 二（一）1、二（一）2；000 三（三）3',
  ),
  def(
    'ENT-DELIVERY-MARKINGS',
    L('未按规定设置配送车辆及人员标志标识', 'Delivery vehicles and staff without the required markings'),
    'management',
    'gas_enterprise',
    BOTTLED,
    '002 二（一）2',
  ),
  def(
    'ENT-DELIVERY-VEHICLES',
    L('未按要求统一配送服务车辆，配送车辆未依规注册登记', 'Delivery vehicles not provided uniformly or not registered'),
    'management',
    'gas_enterprise',
    BOTTLED,
    '001 三（八）',
  ),
  def(
    'ENT-DELIVERY-LABOUR',
    L('未与其送气人员签订劳动或劳务合同、缴纳社保', 'No labour contract or social insurance for delivery staff'),
    'management',
    'gas_enterprise',
    BOTTLED,
    '002 二（一）1；001 三（八）',
  ),
  def(
    'ENT-USER-REGISTRATION',
    L('未完善用户信息登记管理（未落实实名购气）', 'User register incomplete (no real-name purchase)'),
    'management',
    'gas_enterprise',
    BOTTLED,
    '001 三（二）2',
  ),
  def(
    'ENT-CYLINDER-RECOVERY',
    L('未明确气瓶回收处置政策，未提供电话预约和上门回收等服务', 'No cylinder take-back policy or collection service'),
    'problem_cylinder',
    'gas_enterprise',
    BOTTLED,
    '001 三（二）2',
  ),
  def(
    'ENT-SELL-TO-UNLICENSED',
    L('向无经营许可的单位或个人提供用于经营的燃气', 'Gas for resale supplied to units or persons without a licence'),
    'problem_gas',
    'gas_enterprise',
    [{ subject: 'enterprise', kinds: [...BOTTLED_OPERATOR_KINDS, 'filling_station'] }],
    '002 二（一）2',
  ),
  def(
    'ENT-DME-BLENDING',
    L('非法掺混二甲醚', 'Illegal blending of DME into LPG'),
    'problem_gas',
    'gas_enterprise',
    BOTTLED,
    '000 二（一）2；002 二（一）2；001 三（九）3',
    'stop_use',
  ),
  def(
    'ENT-INDUSTRIAL-FUEL-DELIVERY',
    L(
      '违规向餐饮企业配送工业丙烷、醇基燃料、生物质燃油等工业燃料',
      'Industrial propane, alcohol-based fuel or bio-fuel oil delivered to restaurants',
    ),
    'problem_gas',
    'gas_enterprise',
    BOTTLED,
    '000 二（一）2、二（五）5；001 三（九）3；002 二（一）2',
    'stop_use',
  ),
  def(
    'ENT-GAS-SOURCE-QUALITY',
    L(
      '非法提供"黑气源"、未购买合格加臭气源、未落实燃气质量检测制度',
      'Black-gas source supplied, no properly odorised source bought, or no gas-quality testing',
    ),
    'problem_gas',
    'gas_enterprise',
    BOTTLED,
    '001 三（九）3',
  ),
];

// ── LPG and industrial-fuel producers (000 二（一）5; 001 三（九）1; 002 二（一）5) ───────────────
const producers: ChecklistItemDef[] = [
  def(
    'ENT-PRODUCER-GAS-QUALITY',
    L('液化石油气生产企业生产气质不达标、无警示性臭味', 'LPG producer: gas quality below standard or without warning odour'),
    'problem_gas',
    'industrial_fuel',
    PRODUCERS,
    '002 二（一）5；001 三（九）1',
  ),
  def(
    'ENT-PRODUCER-DME-BLENDING',
    L('液化石油气生产企业非法掺混二甲醚', 'LPG producer blends DME illegally'),
    'problem_gas',
    'industrial_fuel',
    PRODUCERS,
    '002 二（一）5、二（五）5；001 三（九）1',
    'stop_use',
  ),
  def(
    'ENT-PRODUCER-SELL-TO-UNLICENSED',
    L('向无经营或充装许可的单位或个人销售用于经营的燃气', 'Gas for resale sold to units or persons without a business or filling licence'),
    'problem_gas',
    'industrial_fuel',
    PRODUCERS,
    '002 二（一）5；001 三（九）1',
  ),
  def(
    'ENT-INDUSTRIAL-FUEL-SALE',
    L(
      '将工业丙烷、醇基燃料（闪点低于60℃）、生物质燃油等工业燃料产品非法售卖到餐饮企业等民用领域（未出具合法用途说明）',
      'Industrial propane, alcohol-based fuel (flash point < 60 °C) or bio-fuel oil sold into restaurants and other civil use',
    ),
    'problem_gas',
    'industrial_fuel',
    PRODUCERS,
    '000 二（一）5、二（五）5；001 三（九）1；002 二（一）5',
    'stop_use',
  ),
  def(
    'ENT-ILLEGAL-GAS',
    L(
      '非法经营燃气"黑窝点"、非法充装和销售"黑气瓶"（含小区内违规设置非法储存充装点）',
      'Illegal gas business ("black site"), illegal filling or sale of "black cylinders" (incl. illegal storage/filling points in residential areas)',
    ),
    'problem_gas',
    'illegal_gas',
    [{ subject: 'enterprise' }, { subject: 'venue' }, { subject: 'household' }],
    '000 二（一）6；001 三（一）2；002 二（一）6；004 四（三）2',
    'refer_police',
  ),
];

// ── Makers and sellers of cylinders, appliances and parts (000 二（二）; 001 三（二）3、三（六）; 004 四（五）2) ──
const products: ChecklistItemDef[] = [
  def(
    'ENT-MAKER-NO-LICENCE',
    L('未取得制造许可或者不具备生产条件仍从事气瓶和压力管道元件生产', 'Cylinders or pressure-pipe parts made without a manufacturing licence or production capability'),
    'problem_cylinder',
    'cylinder_product',
    MAKERS,
    '000 二（二）1；002 二（二）1；001 三（六）',
    'stop_use',
  ),
  def(
    'ENT-MAKER-SUBSTANDARD-CYLINDER',
    L('生产不符合国家标准的"问题瓶"', 'Cylinders made below the national standard ("problem cylinders")'),
    'problem_cylinder',
    'cylinder_product',
    MAKERS,
    '000 二（二）1；002 二（二）1',
    'seize',
  ),
  def(
    'ENT-TWO-PHASE-RECALL',
    L('不符合国家标准的在用"气液双相"气瓶未召回并移交检验机构报废处理', 'Non-standard two-phase cylinders in use not recalled and handed over for scrapping'),
    'problem_cylinder',
    'cylinder_product',
    [{ subject: 'enterprise', kinds: ['product_maker', 'bottled_lpg', 'filling_station', 'storage_station'] }],
    '000 二（二）1；001 三（二）3；002 二（二）1',
    'seize',
  ),
  def(
    'ENT-MAKER-SUBSTANDARD-VALVE',
    L(
      '生产不符合产品安全标准的可燃气体探测器、燃气紧急切断阀、调压器等燃气具配件',
      'Detectors, emergency shut-off valves or regulators made below the product safety standard',
    ),
    'problem_valve',
    'cylinder_product',
    MAKERS,
    '000 二（二）2；002 二（二）2；001 三（六）',
    'seize',
  ),
  def(
    'ENT-MAKER-SUBSTANDARD-HOSE',
    L('生产不符合产品安全标准的连接软管', 'Connection hoses made below the product safety standard'),
    'problem_hose',
    'cylinder_product',
    MAKERS,
    '000 二（二）2；002 二（二）2',
    'seize',
  ),
  def(
    'ENT-MAKER-SUBSTANDARD-STOVE',
    L('生产不符合产品安全标准的灶具等燃气具', 'Stoves or other gas appliances made below the product safety standard'),
    'problem_stove',
    'cylinder_product',
    MAKERS,
    '000 二（二）2；002 二（二）2',
    'seize',
  ),
  def(
    'ENT-SELLER-CYLINDER',
    L(
      '在有形市场或电商平台销售不符合安全标准、强制性认证要求、假冒伪劣的"问题瓶"',
      'Sale (shop or e-commerce) of cylinders below safety standards, without compulsory certification, or counterfeit',
    ),
    'problem_cylinder',
    'cylinder_product',
    SELLERS,
    '000 二（二）3；001 三（二）3；002 二（二）3',
    'seize',
  ),
  def(
    'ENT-SELLER-VALVE',
    L(
      '在有形市场或电商平台销售不符合安全标准、强制性认证要求、假冒伪劣的"问题阀"（含燃气泄漏安全保护装置）',
      'Sale of valves or leak-protection devices below safety standards, uncertified or counterfeit',
    ),
    'problem_valve',
    'cylinder_product',
    SELLERS,
    '000 二（二）3；001 三（二）3；002 二（二）3',
    'seize',
  ),
  def(
    'ENT-SELLER-HOSE',
    L(
      '在有形市场或电商平台销售不符合安全标准、强制性认证要求、假冒伪劣的"问题软管"',
      'Sale of hoses below safety standards, uncertified or counterfeit',
    ),
    'problem_hose',
    'cylinder_product',
    SELLERS,
    '000 二（二）3；001 三（二）3；002 二（二）3',
    'seize',
  ),
  def(
    'ENT-SELLER-STOVE',
    L(
      '在有形市场或电商平台销售不符合安全标准、强制性认证要求、假冒伪劣的"问题灶"等燃气具',
      'Sale of stoves and other appliances below safety standards, uncertified or counterfeit',
    ),
    'problem_stove',
    'cylinder_product',
    SELLERS,
    '000 二（二）3；001 三（二）3；002 二（二）3',
    'seize',
  ),
  def(
    'ENT-MARKET-OPERATOR-DUTY',
    L(
      '市场或平台经营者明知经营者销售不符合要求的燃气具、燃气泄漏报警装置及配件，未采取必要措施',
      'Market or platform operator knowingly lets traders sell non-compliant appliances, alarms or parts',
    ),
    'management',
    'cylinder_product',
    SELLERS,
    '004 四（五）2',
  ),
  def(
    'ENT-INSTALLER-QUALIFICATION',
    L('燃气燃烧器具安装、维修单位无相应资质', 'Appliance installation or repair without the required qualification'),
    'management',
    'cylinder_product',
    SELLERS,
    '001 三（六）',
  ),
];

// ── Filling units (000 二（一）3–4; 001 三（一）3、三（二）1–2; 002 二（一）3–4). Non-owned cylinders: MHS-7.1. ──
const filling: ChecklistItemDef[] = [
  def(
    'FIL-NO-LICENCE',
    L('未取得气瓶充装许可从事燃气充装', 'Filling cylinders without a cylinder filling licence'),
    'management',
    'filling',
    FILLERS,
    '000 二（一）3；002 二（一）3；001 三（六）',
    'stop_use',
  ),
  def(
    'FIL-LICENCE-CONDITIONS',
    L('充装企业不再符合许可条件或未按许可规定充装', 'Filling unit no longer meets the licence conditions or fills outside them'),
    'management',
    'filling',
    FILLERS,
    '000 二（一）3；002 二（一）3',
  ),
  def(
    'FIL-RESPONSIBILITY-SYSTEM',
    L('充装企业落实全员安全生产责任制不到位', 'Filling unit: safety responsibility for all staff not in place'),
    'management',
    'filling',
    FILLERS,
    '000 二（一）3；002 二（一）3',
  ),
  def(
    'FIL-STAFF-CERTIFIED',
    L('主要负责人和安全生产管理人员未经专业培训并考核合格', 'Principal or safety managers of the filling unit not trained and certified'),
    'management',
    'filling',
    FILLERS,
    '000 二（一）3；002 二（一）3',
  ),
  def(
    'FIL-OPERATOR-CERTIFICATE',
    L('特种设备作业人员（充装人员）无从业资格证书', 'Special-equipment operators (fillers) without a certificate'),
    'management',
    'filling',
    FILLERS,
    '000 二（一）3；001 三（六）；002 二（一）3',
  ),
  def(
    'FIL-DME-BLENDING',
    L('充装时非法掺混二甲醚', 'DME blended in illegally during filling'),
    'problem_gas',
    'filling',
    FILLERS,
    '000 二（一）4；001 三（一）3；002 二（一）4',
    'stop_use',
  ),
  def(
    'FIL-OVERDUE-CYLINDER',
    L('违规充装超期未检气瓶', 'Filling cylinders overdue for periodic inspection'),
    'problem_cylinder',
    'filling',
    FILLERS,
    '000 二（一）4；001 三（一）3；002 二（一）4；GB/T 8334-2022（检验周期4年）',
    'seize',
  ),
  def(
    'FIL-UNQUALIFIED-CYLINDER',
    L(
      '违规充装不合格气瓶（无制造许可、钢印标志缺失或不清、颜色不符、附件缺损、严重腐蚀变形、气液双相瓶供餐饮使用等）',
      'Filling unqualified cylinders (unlicensed maker, missing stamp, wrong colour, damaged accessories, corroded or dented, two-phase for restaurants …)',
    ),
    'problem_cylinder',
    'filling',
    FILLERS,
    '000 二（一）4；001 三（一）3、三（二）1；002 二（一）4；TSG 23-2021 第8章',
    'seize',
  ),
  def(
    'FIL-OVER-AGE-CYLINDER',
    L('违规充装超出设计使用年限的气瓶', 'Filling cylinders past their design service life'),
    'problem_cylinder',
    'filling',
    FILLERS,
    '000 二（一）4；001 三（一）3；002 二（一）4；GB 5842',
    'seize',
  ),
  def(
    'FIL-REFURBISHED-CYLINDER',
    L('违规充装翻新气瓶（改装、焊补、篡改钢印或颜色）', 'Filling refurbished cylinders (modified, weld-repaired, altered stamp or colour)'),
    'problem_cylinder',
    'filling',
    FILLERS,
    '000 二（一）4；001 三（一）3；002 二（一）4',
    'seize',
  ),
  def(
    'FIL-TSG-RULES',
    L('未落实气瓶充装安全技术规程', 'Cylinder filling safety technical rules (TSG 23) not followed'),
    'problem_cylinder',
    'filling',
    FILLERS,
    '002 二（一）4；TSG 23-2021',
  ),
  def(
    'FIL-PRE-POST-CHECK',
    L('未制定或落实充装前后的检查、记录制度', 'No pre- and post-fill checks and records'),
    'problem_cylinder',
    'filling',
    FILLERS,
    '002 二（一）4；TSG 23-2021 第8章',
  ),
  def(
    'FIL-OVERFILL',
    L('气瓶超装（净重超过允许充装量加允差），或超装、泄漏气瓶出站', 'Overfilled cylinder (net weight above allowable fill plus tolerance), or overfilled/leaking cylinder leaving the station'),
    'problem_cylinder',
    'filling',
    FILLERS,
    'TSG 23-2021 第8章；reference/cylinders.md',
    'seize',
    {
      measured: {
        unit: 'kg',
        failWhen: '>',
        limit: DEFAULT_LIMITS.overfillToleranceKg,
        limitKey: 'overfillToleranceKg',
        quantity: L('抽检气瓶复秤：净重超出允许充装量的量', 'Spot re-weigh: net weight above the allowable fill'),
      },
    },
  ),
  def(
    'FIL-TRACEABILITY-UPLOAD',
    L('未上传气瓶充装溯源信息，未落实"一瓶一码、一扫一充"扫码充装登记', 'Filling traceability data not uploaded; no scan-before-fill (一瓶一码、一扫一充)'),
    'problem_cylinder',
    'filling',
    FILLERS,
    '002 二（一）4；001 三（二）1',
  ),
  def(
    'FIL-SUNSHINE-FILLING',
    L('未落实"阳光充装"管理，充装视频未公示公开', '"Sunshine filling" not in place: filling video not made public'),
    'management',
    'filling',
    FILLERS,
    '001 三（二）1',
  ),
  def(
    'FIL-CYLINDER-INSPECTION',
    L('未依法开展气瓶检验检测，未对回收气瓶依法检验或去功能化处置', 'Cylinders not inspected as required; returned cylinders not inspected or made unusable'),
    'problem_cylinder',
    'filling',
    FILLERS,
    '000 二（一）4；001 三（二）2；002 二（一）4',
  ),
];

// ── Pipelines and stations (000 二（三）1、三（一）6; 001 三（七）1、3; 002 二（三）1; 004 四（三）2、四（五）1) ──
const pipelines: ChecklistItemDef[] = [
  def(
    'PIPE-AGEING',
    L('燃气管道老化或带病运行', 'Gas pipeline ageing or running with defects'),
    'problem_pipeline',
    'pipeline',
    PIPES,
    '000 二（三）1；001 三（七）1；002 二（三）1',
  ),
  def(
    'PIPE-OCCUPIED',
    L('燃气管道被违规占压（低压管道；中压及以上见MHS-6.1）', 'Gas pipeline built over (low pressure; medium and above: MHS-6.1)'),
    'problem_pipeline',
    'pipeline',
    [{ subject: 'facility', kinds: PIPELINE_FACILITY_KINDS, where: { pressureClass: ['low'] } }],
    '000 二（三）1；001 三（七）1；002 二（三）1；004 四（三）1',
    'rectify_within_deadline',
    { relatedCodes: ['MHS-6.1'] },
  ),
  def(
    'PIPE-ENCLOSED-SPACE',
    L('燃气管道穿越密闭空间', 'Gas pipeline crossing an enclosed space'),
    'problem_pipeline',
    'pipeline',
    PIPES,
    '000 二（三）1；001 三（七）3；002 二（三）1；004 四（三）1',
  ),
  def(
    'PIPE-PATROL',
    L('管道巡查维护不到位', 'Pipeline patrol and maintenance inadequate'),
    'problem_pipeline',
    'pipeline',
    PIPES,
    '001 三（七）3',
  ),
  def(
    'PIPE-THIRD-PARTY-WORKS',
    L(
      '燃气管道周边建设项目未制定和落实燃气设施保护方案（第三方施工未落实保护方案、未落实专人监护）',
      'Works near a gas pipeline without a protection plan carried out (third-party works without plan or watcher)',
    ),
    'problem_pipeline',
    'pipeline',
    [...PIPES, { subject: 'enterprise', kinds: ['pipeline_gas'] }],
    '000 二（三）1、三（一）6；001 三（七）3；002 二（三）1；004 四（五）1',
  ),
  def(
    'PIPE-UNQUALIFIED-CONTRACTOR',
    L(
      '擅自开工，施工企业无资质或超越资质等级承揽燃气工程（非法转包、违法分包，未验收合格即投入使用）',
      'Gas works started without approval or by an unqualified contractor (illegal subcontracting, use before acceptance)',
    ),
    'problem_pipeline',
    'pipeline',
    [...PIPES, { subject: 'enterprise', kinds: ['pipeline_gas'] }],
    '001 三（七）3；004 四（五）1',
  ),
  def(
    'PIPE-STATION-SPACING',
    L('场站设施周边存在安全间距不足的建（构）筑物', 'Buildings or structures too close to a station'),
    'problem_pipeline',
    'pipeline',
    [{ subject: 'facility', kinds: [...STATION_FACILITY_KINDS, 'regulator_box', 'regulator_cabinet'] }],
    '001 三（七）1',
  ),
  def(
    'PIPE-STATION-MONITORING',
    L('储罐安全阀、压力表等监控设施未开展自查或失效', 'Tank safety valves, pressure gauges and other monitoring devices not self-checked or not working'),
    'problem_pipeline',
    'pipeline',
    [{ subject: 'facility', kinds: STATION_FACILITY_KINDS }],
    '001 三（七）1',
  ),
  def(
    'PIPE-OLD-COMMUNITY-PARTS',
    L(
      '调压箱（柜、站）、燃气引入管、立管以及管道穿越楼板等部位存在锈蚀、泄漏、损坏等风险隐患',
      'Regulator box/cabinet/station, service pipe, riser or floor crossing corroded, leaking or damaged',
    ),
    'problem_pipeline',
    'pipeline',
    [{ subject: 'facility', kinds: ['pipeline_courtyard', 'pipeline_riser', 'regulator_box', 'regulator_cabinet', 'regulator_station'] }],
    '004 四（三）2',
  ),
];

// ── Transport (000 二（三）2、二（五）4; 001 三（八）、三（十）4; 002 二（一）6、二（三）2、二（五）4) ──
const transport: ChecklistItemDef[] = [
  def(
    'TRN-NO-PERMIT',
    L('未取得危险货物道路运输许可的企业、货运车辆从事燃气运输', 'Gas transported by a company or vehicle without a dangerous-goods road transport permit'),
    'problem_pipeline',
    'transport',
    TRANSPORT,
    '000 二（三）2；001 三（八）；002 二（三）2',
    'stop_use',
  ),
  def(
    'TRN-PERMIT-CONDITIONS',
    L('已取得许可但不再符合许可条件的企业、货运车辆从事燃气运输', 'Gas transported by a permitted company or vehicle that no longer meets the permit conditions'),
    'problem_pipeline',
    'transport',
    TRANSPORT,
    '000 二（三）2；002 二（三）2',
  ),
  def(
    'TRN-ROUTE',
    L('不按指定路线运输', 'Not following the designated route'),
    'problem_pipeline',
    'transport',
    TRANSPORT,
    '001 三（八）',
  ),
  def(
    'TRN-VEHICLE-AS-STATION',
    L('以车代站、以车代储存', 'Vehicle used as a station or as storage (以车代站、以车代储)'),
    'problem_pipeline',
    'transport',
    [...TRANSPORT, ...DELIVERY_VEHICLES],
    '001 三（八）',
    'stop_use',
  ),
  def(
    'TRN-MONITORING',
    L(
      '未利用重点营运车辆联网联控系统加强燃气运输车辆和驾驶员动态监控管理',
      'Gas transport vehicles and drivers not monitored through the networked key-vehicle system',
    ),
    'management',
    'transport',
    TRANSPORT,
    '000 二（五）4；001 三（十）4；002 二（五）4',
  ),
  def(
    'TRN-DRIVER-VIOLATION',
    L('驾驶员超速行驶、疲劳驾驶等违反危险货物运输法规', 'Driver speeding, driving fatigued or otherwise breaking dangerous-goods rules'),
    'management',
    'transport',
    TRANSPORT,
    '000 二（五）4；001 三（十）4；002 二（五）4',
  ),
  def(
    'TRN-BLACK-GAS',
    L('跨省市运输"黑气"，非法运输液化气钢瓶', 'Transporting "black gas" across provinces or cities; illegal transport of LPG cylinders'),
    'problem_gas',
    'illegal_gas',
    [...TRANSPORT, ...DELIVERY_VEHICLES],
    '001 三（八）；002 二（一）6',
    'refer_police',
  ),
  def(
    'TRN-DELIVERY-VEHICLE-REGISTRATION',
    L('配送车辆未依规注册登记', 'Delivery vehicle not registered'),
    'management',
    'gas_enterprise',
    DELIVERY_VEHICLES,
    '001 三（八）',
  ),
  def(
    'TRN-DELIVERY-VEHICLE-MARKING',
    L('配送车辆未按规定设置标志标识', 'Delivery vehicle without the required markings'),
    'management',
    'gas_enterprise',
    DELIVERY_VEHICLES,
    '002 二（一）2',
  ),
  def(
    'TRN-DELIVERY-BINDING',
    L('配送车辆未与送气工、固定配送区域绑定（人车不对应）', 'Delivery vehicle not bound to its worker and fixed area'),
    'management',
    'gas_enterprise',
    DELIVERY_VEHICLES,
    '001 三（八）；R2.7；R6.3',
  ),
];

// ── Special-equipment inspection agencies (000 二（三）3; 001 三（七）4; 002 二（三）3) ─────────────
const agencies: ChecklistItemDef[] = [
  def(
    'AGY-PERIODIC-INSPECTION',
    L('未严格按照规范要求开展燃气压力容器、压力管道定期检验检测', 'Periodic inspection of gas pressure vessels and pressure pipes not done to the rules'),
    'problem_pipeline',
    'cylinder_product',
    AGENCIES,
    '000 二（三）3；001 三（七）4；002 二（三）3',
  ),
  def(
    'AGY-CERTIFICATE-LENDING',
    L('检验人员挂证', 'Inspector certificates lent to the agency (挂证)'),
    'management',
    'cylinder_product',
    AGENCIES,
    '000 二（三）3；001 三（七）4；002 二（三）3',
  ),
  def(
    'AGY-UNCERTIFIED-INSPECTOR',
    L('检验人员无证操作', 'Inspection done by uncertified inspectors'),
    'management',
    'cylinder_product',
    AGENCIES,
    '000 二（三）3；001 三（七）4；002 二（三）3',
  ),
  def(
    'AGY-FALSE-REPORT',
    L('检验报告弄虚作假', 'Falsified inspection reports'),
    'management',
    'cylinder_product',
    AGENCIES,
    '000 二（三）3；001 三（七）4；002 二（三）3',
  ),
  def(
    'AGY-CYLINDER-SCRAPPING',
    L('移交的问题气瓶未报废处理（去功能化），不合格气瓶再次流入市场', 'Problem cylinders handed over not scrapped (made unusable); unqualified cylinders back on the market'),
    'problem_cylinder',
    'cylinder_product',
    AGENCIES,
    '000 二（一）4；002 二（一）4；001 三（二）3',
    'seize',
  ),
];

export const ENTERPRISE_ITEMS: ChecklistItemDef[] = [...management, ...service, ...bottled, ...producers, ...products];
export const FILLING_ITEMS: ChecklistItemDef[] = filling;
export const PIPELINE_ITEMS: ChecklistItemDef[] = pipelines;
export const TRANSPORT_ITEMS: ChecklistItemDef[] = transport;
export const AGENCY_ITEMS: ChecklistItemDef[] = agencies;
