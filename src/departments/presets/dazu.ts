import { PRODUCT_CATEGORIES, rulesFor } from './rules.js';
import type { MatrixPreset } from './types.js';

/**
 * 重庆市大足区 (district) — seed 000, 大足安办〔2023〕61号《大足区城镇燃气安全专项整治方案》.
 *
 * Every rule cites the task whose annotation （…牵头，…按职责分工负责） it reproduces. Conventions:
 * - several departments named as 牵头: the first is `lead`, the others are cooperating;
 * - no 牵头 named, only "A、B、C按职责分工负责": the first named is `lead` (said so in `basis`);
 * - the territorial town/street (各镇街落实属地管理责任, 000 二（一）1) is added to every hazard by
 *   the matrix itself (R1.3), so it is not a department here.
 * Not in `departments` because the taxonomy has no key for them and keys must be unique per region:
 * 区水利局 (三（一）5, 三（三）4) and 区国资委 (三（一）6); none of their tasks makes a matrix row.
 */
export const dazuPreset: MatrixPreset = {
  key: 'dazu',
  name: { zh: '重庆市大足区（区级）', en: 'Dazu District, Chongqing (district level)' },
  source: '000 大足安办〔2023〕61号 大足区城镇燃气安全专项整治方案',
  departments: [
    { key: 'gas_authority', name: '区经济信息委', isGasAuthority: true },
    { key: 'market_supervision', name: '区市场监管局' },
    { key: 'emergency', name: '区应急局' }, // also written 区应急管理局 (二（五）5, 三（一）1)
    { key: 'public_security', name: '区公安局' },
    { key: 'fire', name: '区消防救援支队' },
    { key: 'commerce', name: '区商务委' },
    { key: 'transport', name: '区交通局' },
    { key: 'housing', name: '区住房城乡建委' },
    { key: 'planning', name: '区规划自然资源局' },
    { key: 'urban_management', name: '区城市管理局' },
    { key: 'development_reform', name: '区发展改革委' },
    { key: 'finance', name: '区财政局' },
    { key: 'justice', name: '区司法局' },
    { key: 'education', name: '区教委' },
    { key: 'civil_affairs', name: '区民政局' },
    { key: 'culture_tourism', name: '区文化和旅游委' }, // also written 区文化旅游委 (五（一）)
    { key: 'health', name: '区卫生健康委' },
    { key: 'government_affairs', name: '机关后勤保障单位' }, // 二（五）8 body text, no 区 name given
  ],
  rules: [
    // ── fallback ────────────────────────────────────────────────────────────────────────────
    {
      category: '*',
      taskKind: '*',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '000 五（一）工作专班办公室「设在区经济信息委」；二（一）1「严格落实燃气经营许可制度」（区经济信息委负责）：未单列的隐患由燃气主管部门牵头',
    },

    // ── 燃气经营企业 ────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'gas_enterprise',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '000 二（一）1「严格落实燃气经营许可制度」（区经济信息委负责）；另见 二（五）2「严查主体责任落实不到位问题」、三（四）2（区经济信息委负责）',
    },
    {
      category: 'problem_gas',
      taskKind: 'gas_enterprise',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '000 二（一）2「严格落实燃气输配规范要求」（区经济信息委负责）：「未对管道燃气加臭」「非法掺混二甲醚」',
    },
    {
      category: '*',
      taskKind: 'gas_enterprise',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '000 二（一）1、2 与 二（五）2「严查主体责任落实不到位问题」（区经济信息委负责）；三（三）3「规范瓶装燃气配送服务」（区经济信息委负责）',
    },

    // ── 气瓶充装 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis: '000 二（一）3「严格落实气瓶充装许可制度」（区市场监管局负责）；另见 三（四）4（区市场监管局负责）',
    },
    {
      category: 'problem_cylinder',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis:
        '000 二（一）4「严格落实气瓶充装管理制度」（区市场监管局负责）：「违规充装非自有气瓶、超期未检气瓶、不合格气瓶」',
    },
    {
      category: 'problem_gas',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis: '000 二（一）4「严格落实气瓶充装管理制度」（区市场监管局负责）：「在充装时非法掺混二甲醚」',
    },
    {
      category: '*',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis: '000 二（一）3「严格落实气瓶充装许可制度」、二（一）4「严格落实气瓶充装管理制度」（区市场监管局负责）',
    },

    // ── 工业燃料 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_gas',
      taskKind: 'industrial_fuel',
      lead: 'emergency',
      cooperating: ['market_supervision'],
      basis: '000 二（一）5「严格落实危险化学品管理制度」（区应急局牵头，区市场监管局按职责分工负责）',
    },
    {
      category: '*',
      taskKind: 'industrial_fuel',
      lead: 'emergency',
      cooperating: ['market_supervision'],
      basis:
        '000 二（一）5「严格落实危险化学品管理制度」（区应急局牵头，区市场监管局按职责分工负责）；二（五）5「严查售卖餐饮企业工业燃料问题」（区应急管理局负责，即区应急局）',
    },

    // ── 打击非法经营 ────────────────────────────────────────────────────────────────────────
    {
      category: '*',
      taskKind: 'illegal_gas',
      lead: 'public_security',
      cooperating: ['market_supervision', 'emergency', 'gas_authority'],
      basis:
        '000 二（一）6「严厉打击燃气违法行为」（区公安局牵头，区市场监管局、区应急局、区经济信息委按职责分工负责）',
    },

    // ── 消防安全 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'fire_safety',
      lead: 'fire',
      cooperating: ['commerce'],
      basis: '000 二（四）1「严查餐饮企业消防安全责任制落实情况」（区消防救援支队牵头，区商务委按职责分工负责）',
    },
    {
      category: 'problem_environment',
      taskKind: 'fire_safety',
      lead: 'fire',
      cooperating: ['public_security', 'housing'],
      basis:
        '000 二（四）4「严查餐饮场所消防通道风险隐患」（区消防救援支队牵头，区公安局、区住房城乡建委按职责分工负责）；另见 二（五）7「严查“九小场所”中餐饮企业消防安全问题」（区消防救援支队负责）',
    },
    {
      category: '*',
      taskKind: 'fire_safety',
      lead: 'fire',
      cooperating: ['gas_authority', 'housing', 'market_supervision'],
      basis:
        '000 二（一）7「严格落实消防安全制度」（区消防救援支队牵头，区经济信息委、区住房城乡建委、区市场监管局按职责分工负责）：燃气经营、充装企业消防',
    },

    // ── 气瓶及燃气具产品 ────────────────────────────────────────────────────────────────────
    {
      category: 'problem_cylinder',
      taskKind: 'cylinder_product',
      lead: 'market_supervision',
      cooperating: ['public_security'],
      basis:
        '000 二（二）1「严把气瓶等制造许可关」（区市场监管局牵头，区公安局按职责分工负责）；二（二）3「严把燃气具市场流入关」',
    },
    ...rulesFor(
      PRODUCT_CATEGORIES.filter((c) => c !== 'problem_cylinder'),
      'cylinder_product',
      'market_supervision',
      ['public_security'],
      '000 二（二）2「严把燃气具生产管理关」、二（二）3「严把燃气具市场流入关」（区市场监管局牵头，区公安局按职责分工负责）',
    ),
    {
      category: 'management',
      taskKind: 'cylinder_product',
      lead: 'market_supervision',
      cooperating: ['fire'],
      basis: '000 三（一）4「全面加强燃气具生产企业主体责任」（区市场监管局牵头，区消防救援支队按职责分工负责）',
    },
    {
      category: '*',
      taskKind: 'cylinder_product',
      lead: 'market_supervision',
      cooperating: ['public_security'],
      basis:
        '000 二（二）3「严把燃气具市场流入关」（区市场监管局牵头，区公安局等按职责分工负责）；二（五）3「严查涉燃气产品质量问题」（区市场监管局负责）',
    },

    // ── 燃气管道设施 ────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_pipeline',
      taskKind: 'pipeline',
      lead: 'gas_authority',
      cooperating: ['planning', 'housing', 'urban_management'],
      basis:
        '000 二（三）1「严查燃气管道风险隐患」（区经济信息委牵头，区规划自然资源局、区住房城乡建委、区城市管理局等部门按职责分工负责）；另见 三（一）6「加强燃气管道保护」（另列区交通局、区国资委，未明确牵头）',
    },
    {
      category: '*',
      taskKind: 'pipeline',
      lead: 'gas_authority',
      cooperating: ['planning', 'housing', 'urban_management'],
      basis:
        '000 二（三）1「严查燃气管道风险隐患」（区经济信息委牵头，区规划自然资源局、区住房城乡建委、区城市管理局等部门按职责分工负责）',
    },

    // ── 燃气运输 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'transport',
      lead: 'transport',
      cooperating: ['public_security'],
      basis: '000 二（五）4「严查燃气运输不规范问题」（区交通局牵头，区公安局按职责分工负责）：车辆和驾驶员动态监控',
    },
    {
      category: '*',
      taskKind: 'transport',
      lead: 'transport',
      cooperating: [],
      basis: '000 二（三）2「严查燃气运输风险隐患」（区交通局负责）',
    },

    // ── 餐饮 ────────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_environment',
      taskKind: 'catering',
      lead: 'fire',
      cooperating: ['commerce'],
      basis:
        '000 二（四）2「严查餐饮场所用气环境风险隐患」（区消防救援支队牵头，区商务委按职责分工负责）：地下空间用瓶、气瓶间、软管超2米、私接三通、探测器及切断阀',
    },
    ...rulesFor(
      PRODUCT_CATEGORIES,
      'catering',
      'market_supervision',
      ['commerce', 'public_security', 'gas_authority'],
      '000 二（四）3「严查餐饮场所燃气具风险隐患」（区市场监管局、区商务委、区公安局、区经济信息委按职责分工负责；未明确牵头，取首位区市场监管局为 lead，原文要求「及时移送市场监管部门」溯源）',
    ),
    {
      category: 'management',
      taskKind: 'catering',
      lead: 'commerce',
      cooperating: [],
      basis:
        '000 二（五）6「严查餐饮企业安全生产制度落实问题」（区商务委负责）；三（一）2「加强餐饮行业贯彻执行安全生产法律法规力度」（区商务委负责）',
    },
    {
      category: '*',
      taskKind: 'catering',
      lead: 'commerce',
      cooperating: [],
      basis:
        '000 二（五）6「严查餐饮企业安全生产制度落实问题」（区商务委负责，问题线索「及时移交有关监管和执法部门」）：餐饮行业主管部门兜底',
    },

    // ── 人员密集场所 ────────────────────────────────────────────────────────────────────────
    {
      category: '*',
      taskKind: 'crowded_venue',
      lead: 'education',
      cooperating: ['civil_affairs', 'housing', 'culture_tourism', 'health', 'government_affairs'],
      basis:
        '000 二（五）8「严查使用燃气人员密集场所」（区教委、区民政局、区住房城乡建委、区文化和旅游委、区卫生健康委等部门按职责分工负责；取首位区教委为 lead）。正文按场所分工：教育部门牵头学校，民政、卫健部门牵头福利院、敬老院、医院，文旅部门牵头旅游景点，「机关后勤保障单位、住建部门依职责牵头」党政机关场所、建筑工地',
    },

    // ── 监测预警 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_cylinder',
      taskKind: 'monitoring',
      lead: 'market_supervision',
      cooperating: ['gas_authority'],
      basis:
        '000 三（三）2「强化瓶装燃气追溯管理」（区市场监管局、区经济信息委按职责分工负责；未明确牵头，取首位区市场监管局）：一瓶一码追溯',
    },
    {
      category: '*',
      taskKind: 'monitoring',
      lead: 'urban_management',
      cooperating: ['gas_authority', 'development_reform', 'housing', 'emergency', 'market_supervision', 'fire'],
      basis:
        '000 三（三）1「实施城市生命线安全工程」（区城市管理局牵头，区经济信息委、区发展改革委、区住房城乡建委、区应急局、区市场监管局、区消防救援支队等部门按职责分工负责）',
    },

    // ── 更新改造 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_pipeline',
      taskKind: 'renovation',
      lead: 'gas_authority',
      cooperating: ['housing'],
      basis:
        '000 三（二）2「统筹推进老旧小区与燃气管道老化更新改造工作」（区经济信息委、区住房城乡建委按职责分工负责；未明确牵头，取首位区经济信息委）',
    },
    {
      category: 'problem_cylinder',
      taskKind: 'renovation',
      lead: 'development_reform',
      cooperating: ['gas_authority', 'commerce', 'market_supervision'],
      basis:
        '000 三（二）4「统筹推进天然气发展利用」（区发展改革委牵头，区经济信息委、区商务委、区市场监管局按职责分工负责）：「支持餐饮企业使用管道天然气」、餐饮企业气改电',
    },
    {
      category: '*',
      taskKind: 'renovation',
      lead: 'development_reform',
      cooperating: ['finance', 'gas_authority', 'housing'],
      basis:
        '000 三（二）1「落实各方出资责任」（区发展改革委、区财政局牵头：取首位区发展改革委为 lead，区财政局列入 cooperating；区经济信息委、区住房城乡建委按职责分工负责）',
    },

    // ── 宣传培训 ────────────────────────────────────────────────────────────────────────────
    {
      category: '*',
      taskKind: 'publicity',
      lead: 'gas_authority',
      cooperating: ['planning', 'housing', 'transport', 'urban_management'],
      basis:
        '000 三（四）1「加大《重庆市燃气设施使用及安全管理办法》修订后的宣贯力度」（区经济信息委牵头负责，区规划自然资源局、区住房城乡建委、区交通局、区城市管理局等部门按职责分工负责）；三（五）宣传教育未标注分工',
    },
  ],
};
