import { PRODUCT_CATEGORIES, rulesFor } from './rules.js';
import type { MatrixPreset } from './types.js';

/**
 * 南昌市 (city) — seed 002, 洪安字〔2023〕12号《南昌市城镇燃气安全专项整治工作方案》.
 *
 * The gas authority is 市城管执法局 (三（四）1: "由市级燃气主管部门核发《燃气经营许可证》 … （市城管执法局负责）";
 * 五（一）: 召集人单位, 工作专班办公室设在市城管执法局). Conventions as in `dazu.ts`: first of several
 * 牵头 is `lead`; with no 牵头, the first named is `lead` (said so in `basis`); the territorial
 * 县区/街道 ("以下均需各县区人民政府…负责，不再列出") is added by the matrix itself.
 * Section numbers are written with full-width brackets although the seed writes some with half-width ones.
 */
export const nanchangPreset: MatrixPreset = {
  key: 'nanchang',
  name: { zh: '江西省南昌市（市级）', en: 'Nanchang, Jiangxi (city level)' },
  source: '002 洪安字〔2023〕12号 南昌市城镇燃气安全专项整治工作方案',
  departments: [
    { key: 'gas_authority', name: '市城管执法局', isGasAuthority: true },
    { key: 'market_supervision', name: '市市场监管局' },
    { key: 'emergency', name: '市应急管理局' },
    { key: 'public_security', name: '市公安局' },
    { key: 'fire', name: '市消防救援支队' },
    { key: 'commerce', name: '市商务局' },
    { key: 'transport', name: '市交通运输局' },
    { key: 'development_reform', name: '市发展改革委' },
    { key: 'finance', name: '市财政局' },
    { key: 'planning', name: '市自然资源规划局' },
    { key: 'health', name: '市卫健委' }, // also written 市卫生健康委 (五（一）)
    { key: 'education', name: '市教育局' },
    // Named as 教育、民政、文化旅游、卫生健康、工信 in 二（五）'s closing paragraph; names from 五（一）.
    { key: 'civil_affairs', name: '市民政局' },
    { key: 'culture_tourism', name: '市文广新旅局' },
    { key: 'economy_informatization', name: '市工信局' },
  ],
  rules: [
    // ── fallback ────────────────────────────────────────────────────────────────────────────
    {
      category: '*',
      taskKind: '*',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '002 五（一）「市城管执法局为召集人单位」，工作专班办公室「设在市城管执法局」；三（四）1「由市级燃气主管部门核发《燃气经营许可证》」（市城管执法局负责）：未单列的隐患由燃气主管部门牵头',
    },

    // ── 燃气经营企业 ────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'gas_enterprise',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '002 二（一）1「对未取得许可的企业从事燃气经营的，要依法责令关停」（市城管执法局负责）；另见 二（五）2、三（四）1（市城管执法局负责）',
    },
    {
      category: 'problem_gas',
      taskKind: 'gas_enterprise',
      lead: 'gas_authority',
      cooperating: [],
      basis: '002 二（一）2「未对管道燃气加臭」「非法掺混二甲醚」（市城管执法局负责）',
    },
    {
      category: '*',
      taskKind: 'gas_enterprise',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '002 二（一）1、2（市城管执法局负责）；二（五）2「对燃气经营企业及主要负责人落实安全生产主体责任不到位等问题加强监管执法」（市城管执法局负责）；三（三）3「推动燃气经营企业建立液化石油气配送信息系统」（市城管执法局负责）',
    },

    // ── 气瓶充装 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis:
        '002 二（一）3「对未取得许可的企业从事燃气充装的，要依法责令关停」（市市场监管局负责）；三（四）2「严格落实气瓶充装许可管理等规定」（市市场监管局负责）',
    },
    {
      category: 'problem_cylinder',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis: '002 二（一）4「违规充装非自有气瓶、超期未检气瓶、不合格气瓶」（市市场监管局负责）',
    },
    {
      category: 'problem_gas',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis: '002 二（一）4「对城镇燃气充装企业在充装时非法掺混二甲醚」（市市场监管局负责）',
    },
    {
      category: '*',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis: '002 二（一）3、4（市市场监管局负责）：「未上传气瓶充装溯源信息」等',
    },

    // ── 工业燃料 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_gas',
      taskKind: 'industrial_fuel',
      lead: 'emergency',
      cooperating: ['market_supervision'],
      basis:
        '002 二（一）5「加强危险化学品生产经营单位的安全监管」（市应急管理局牵头，市市场监管局按职责分工负责）：液化石油气生产企业「生产气质不达标、无警示性臭味、非法掺混二甲醚等“问题气”」，工业燃料售卖到餐饮企业',
    },
    {
      category: '*',
      taskKind: 'industrial_fuel',
      lead: 'emergency',
      cooperating: ['market_supervision'],
      basis:
        '002 二（一）5（市应急管理局牵头，市市场监管局按职责分工负责）；二（五）5「将工业丙烷、醇基燃料、生物质燃油等工业燃料产品违规售卖到餐饮企业」（市应急管理局负责）',
    },

    // ── 打击非法经营 ────────────────────────────────────────────────────────────────────────
    {
      category: '*',
      taskKind: 'illegal_gas',
      lead: 'public_security',
      cooperating: ['market_supervision', 'emergency', 'gas_authority'],
      basis:
        '002 二（一）6「对非法经营燃气的“黑窝点”、对非法充装和销售“黑气瓶”、非法运输液化气钢瓶等」（市公安局牵头，市市场监管局、市应急管理局、市城管执法局按职责分工负责）',
    },

    // ── 消防安全 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'fire_safety',
      lead: 'fire',
      cooperating: ['commerce'],
      basis: '002 二（四）1「对餐饮企业未落实消防安全责任制」（市消防救援支队牵头，市商务局按职责分工负责）',
    },
    {
      category: 'problem_environment',
      taskKind: 'fire_safety',
      lead: 'fire',
      cooperating: ['public_security', 'gas_authority'],
      basis:
        '002 二（四）4「对餐饮企业等人员密集场所未规范设置疏散通道、安全出口」（市消防救援支队牵头，市公安局、市城管执法局按职责分工负责）；另见 二（五）7（市消防救援支队负责）',
    },
    {
      category: '*',
      taskKind: 'fire_safety',
      lead: 'fire',
      cooperating: ['gas_authority', 'market_supervision'],
      basis:
        '002 二（一）7「对城镇燃气经营、充装企业不遵守消防法规和技术标准要求」（市消防救援支队牵头，市城管执法局、市市场监管局按职责分工负责）',
    },

    // ── 气瓶及燃气具产品 ────────────────────────────────────────────────────────────────────
    {
      category: 'problem_cylinder',
      taskKind: 'cylinder_product',
      lead: 'market_supervision',
      cooperating: ['public_security'],
      basis:
        '002 二（二）1「已取得制造许可的企业生产不符合国家标准“问题瓶”的」（市市场监管局牵头，市公安局按职责分工负责）；二（二）3',
    },
    ...rulesFor(
      PRODUCT_CATEGORIES.filter((c) => c !== 'problem_cylinder'),
      'cylinder_product',
      'market_supervision',
      ['public_security'],
      '002 二（二）2「调压器、连接软管、灶具等燃气具及配件」、二（二）3「企业违规在有形市场或电商平台销售」（市市场监管局牵头，市公安局按职责分工负责）',
    ),
    {
      category: '*',
      taskKind: 'cylinder_product',
      lead: 'market_supervision',
      cooperating: ['public_security'],
      basis:
        '002 二（二）3（市市场监管局牵头，市公安局等按职责分工负责）；二（五）3「对气瓶、燃气具及配件、可燃气体探测器及燃气紧急切断阀生产销售企业加强监管执法」（市市场监管局负责）',
    },

    // ── 燃气管道设施 ────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_pipeline',
      taskKind: 'pipeline',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '002 二（三）1「对燃气管道老化或带病运行、燃气管道被违规占压及穿越密闭空间等“问题管网”」（市城管执法局负责）',
    },
    {
      category: '*',
      taskKind: 'pipeline',
      lead: 'gas_authority',
      cooperating: [],
      basis: '002 二（三）1「未制定和落实燃气设施保护方案」（市城管执法局负责）',
    },

    // ── 燃气运输 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'transport',
      lead: 'transport',
      cooperating: ['public_security'],
      basis:
        '002 二（五）4「对运输企业未利用重点营运车辆联网联控系统加强燃气运输车辆和驾驶员动态监控管理」（市交通运输局牵头，市公安局按职责分工负责）',
    },
    {
      category: '*',
      taskKind: 'transport',
      lead: 'transport',
      cooperating: [],
      basis: '002 二（三）2「对未取得危险货物道路运输许可的企业、货运车辆从事燃气运输的」（市交通运输局负责）',
    },

    // ── 餐饮 ────────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_environment',
      taskKind: 'catering',
      lead: 'fire',
      cooperating: ['commerce'],
      basis:
        '002 二（四）2「对餐饮企业在地下或半地下空间使用瓶装液化石油气」、软管超2米、私接三通、探测器及切断阀（市消防救援支队牵头，市商务局按职责分工负责）',
    },
    ...rulesFor(
      PRODUCT_CATEGORIES,
      'catering',
      'market_supervision',
      ['commerce', 'public_security', 'gas_authority'],
      '002 二（四）3「有关部门单位发现餐饮企业使用禁止使用的50kg“气液双相”气瓶」、不合格调压器、连接软管、灶具（市市场监管局、市商务局、市公安局、市城管执法局按职责分工负责；未明确牵头，取首位市市场监管局为 lead，原文要求「及时移送市场监管部门」溯源）',
    ),
    {
      category: 'management',
      taskKind: 'catering',
      lead: 'commerce',
      cooperating: [],
      basis:
        '002 二（五）6「对餐饮企业建立安全生产管理制度」（市商务局负责）；三（一）2「指导督促餐饮企业贯彻执行安全生产法律法规」（市商务局负责）',
    },
    {
      category: '*',
      taskKind: 'catering',
      lead: 'commerce',
      cooperating: [],
      basis:
        '002 二（五）6「对餐饮企业建立安全生产管理制度」（市商务局负责，问题线索「及时移交有关监管和执法部门」）：餐饮行业主管部门兜底',
    },

    // ── 人员密集场所 ────────────────────────────────────────────────────────────────────────
    {
      category: '*',
      taskKind: 'crowded_venue',
      lead: 'education',
      cooperating: ['civil_affairs', 'culture_tourism', 'health', 'economy_informatization'],
      basis:
        '002 二（五）末段 各县区「组织教育、民政、文化旅游、卫生健康、工信等有关部门」对学校、民政服务机构、旅游景区、医院等人员密集场所排查整治（未标注牵头，取首位教育部门为 lead；由县区组织）',
    },

    // ── 监测预警 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_cylinder',
      taskKind: 'monitoring',
      lead: 'market_supervision',
      cooperating: ['gas_authority'],
      basis:
        '002 三（三）2「全面推行“一瓶一码”气瓶充装追溯赋码建档和充装自动识别」（市市场监管局牵头，市城管执法局按职责分工负责）',
    },
    {
      category: '*',
      taskKind: 'monitoring',
      lead: 'gas_authority',
      cooperating: ['emergency', 'development_reform', 'finance', 'market_supervision'],
      basis:
        '002 三（三）1「加快推进城市生命线安全工程建设」（市城管执法局牵头，市应急管理局、市发展改革委、市财政局、市市场监管局按职责分工负责）',
    },

    // ── 更新改造 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_pipeline',
      taskKind: 'renovation',
      lead: 'gas_authority',
      cooperating: [],
      basis: '002 三（二）2「统筹推进城市燃气管道等老化更新改造」（市城管执法局负责）',
    },
    {
      category: 'problem_cylinder',
      taskKind: 'renovation',
      lead: 'gas_authority',
      cooperating: ['commerce', 'health', 'education'],
      basis:
        '002 三（二）5「全面推行“瓶改管”」、「气改电」（市城管执法局牵头，市商务局、市卫健委、市教育局等部门按职责分工负责）',
    },
    {
      category: '*',
      taskKind: 'renovation',
      lead: 'development_reform',
      cooperating: ['finance', 'gas_authority'],
      basis:
        '002 三（二）1「落实专业经营单位出资责任」（市发展改革委、市财政局牵头：取首位市发展改革委为 lead，市财政局列入 cooperating；市城管执法局按职责分工负责）',
    },

    // ── 宣传培训 ────────────────────────────────────────────────────────────────────────────
    {
      category: '*',
      taskKind: 'publicity',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '002 三（五）2「组织开展全市燃气监管人员业务培训」（市城管执法局负责）；三（五）1、3 为各部门按职责分工负责',
    },
  ],
};
