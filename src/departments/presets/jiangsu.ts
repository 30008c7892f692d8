import { PRODUCT_CATEGORIES, rulesFor } from './rules.js';
import type { MatrixPreset } from './types.js';

/**
 * 江苏省 (province) — seed 001,《江苏省燃气安全专项整治实施方案》(十大专项行动).
 *
 * The gas authority is 省住房城乡建设厅 (三（十）2 and 四（五）1 燃气经营许可; 六（一）: 省工作专班
 * 办公室设在省住房城乡建设厅). Many Jiangsu tasks name several departments "按职责分工负责" without a
 * 牵头; the first named is then `lead` and `basis` says so. The territorial government
 * ("地方政府组织落实。以下均需地方政府负责") and 属地街镇 (三（三）3) are added by the matrix itself.
 */
export const jiangsuPreset: MatrixPreset = {
  key: 'jiangsu',
  name: { zh: '江苏省（省级）', en: 'Jiangsu Province (provincial level)' },
  source: '001 江苏省燃气安全专项整治实施方案',
  departments: [
    { key: 'gas_authority', name: '省住房城乡建设厅', isGasAuthority: true },
    { key: 'market_supervision', name: '省市场监督管理局' },
    { key: 'emergency', name: '省应急管理厅' },
    { key: 'public_security', name: '省公安厅' },
    { key: 'transport', name: '省交通运输厅' },
    { key: 'fire', name: '省消防救援总队' },
    { key: 'commerce', name: '省商务厅' },
    { key: 'development_reform', name: '省发展改革委' },
    { key: 'finance', name: '省财政厅' },
    { key: 'planning', name: '省自然资源厅' },
    { key: 'economy_informatization', name: '省工业和信息化厅' },
    // 四（四）1 "省城市生命线安全工程建设推进工作领导小组成员单位按职责分工负责": a coordinating body, no
    // closer key than safety_committee.
    { key: 'safety_committee', name: '省城市生命线安全工程建设推进工作领导小组' },
    // 三（三）closing paragraph names the sectors 教育、卫健、民政、民宗、文旅、机关管理; names from 六（一）.
    { key: 'education', name: '省教育厅' },
    { key: 'health', name: '省卫生健康委' },
    { key: 'civil_affairs', name: '省民政厅' },
    { key: 'ethnic_religious', name: '省民宗委' },
    { key: 'culture_tourism', name: '省文化和旅游厅' },
    { key: 'government_affairs', name: '机关管理部门' }, // the seed writes only "机关管理"
  ],
  rules: [
    // ── fallback ────────────────────────────────────────────────────────────────────────────
    {
      category: '*',
      taskKind: '*',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '001 六（一）省工作专班「办公室设在省住房城乡建设厅」；四（五）1「完善燃气经营许可管理制度」（省住房城乡建设厅负责）：未单列的隐患由燃气主管部门牵头',
    },

    // ── 打击"黑气" ──────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_gas',
      taskKind: 'illegal_gas',
      lead: 'gas_authority',
      cooperating: ['market_supervision', 'emergency', 'public_security', 'transport'],
      basis:
        '001 三（一）1「依照法定职责打击非法贩售、运输、储存、配送瓶装液化气」（省住房城乡建设厅、省市场监督管理局、省应急管理厅、省公安厅、省交通运输厅按职责分工负责；未明确牵头，取首位省住房城乡建设厅）',
    },
    {
      category: '*',
      taskKind: 'illegal_gas',
      lead: 'public_security',
      cooperating: ['gas_authority', 'market_supervision', 'emergency'],
      basis:
        '001 三（一）2「对非法经营燃气的“黑窝点”、非法充装和销售的“黑气瓶”等」（省公安厅牵头，省住房城乡建设厅、省市场监督管理局、省应急管理厅按职责分工负责）',
    },

    // ── 气瓶充装 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis:
        '001 四（五）3「完善气瓶充装许可管理制度」（省市场监督管理局负责）；另见 三（六）许可审批（省住房城乡建设厅、省市场监督管理局、省交通运输厅按照职责分工负责，气瓶充装许可属市场监管）',
    },
    {
      category: 'problem_cylinder',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis:
        '001 三（一）3「充装站违规充装非自有气瓶、超期未检气瓶、不合格气瓶」（省市场监督管理局负责）；三（二）1「全面禁止充装不符合安全技术规范的气瓶」（省市场监督管理局负责）',
    },
    {
      category: 'problem_gas',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis: '001 三（一）3「充装时掺混二甲醚」（省市场监督管理局负责）',
    },
    {
      category: '*',
      taskKind: 'filling',
      lead: 'market_supervision',
      cooperating: [],
      basis: '001 三（二）1「严格落实“阳光充装”管理」、「一瓶一码、一扫一充」（省市场监督管理局负责）',
    },

    // ── 燃气经营企业 ────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'gas_enterprise',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '001 三（十）2「对燃气经营企业及主要负责人落实安全生产主体责任不到位等问题加强监管执法」（省住房城乡建设厅负责）；三（三）1 入户安检、随瓶安检（省住房城乡建设厅负责）',
    },
    {
      category: 'problem_gas',
      taskKind: 'gas_enterprise',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '001 三（九）3「加强对瓶装液化气企业的监督管理」（省住房城乡建设厅负责）：「非法提供“黑气源”、未购买合格加臭气源」、非法掺混二甲醚',
    },
    {
      category: 'problem_cylinder',
      taskKind: 'gas_enterprise',
      lead: 'gas_authority',
      cooperating: ['market_supervision'],
      basis:
        '001 三（二）2「引导用户将问题气瓶交由辖区内瓶装液化气企业回收处置」（省住房城乡建设厅，省市场监督管理局按职责分工负责；未明确牵头，取首位省住房城乡建设厅）',
    },
    {
      category: '*',
      taskKind: 'gas_enterprise',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '001 三（十）2（省住房城乡建设厅负责）；三（三）1「督促燃气企业对餐饮等用户严格落实随瓶安检制度」（省住房城乡建设厅负责）',
    },

    // ── 气瓶及燃气具产品 ────────────────────────────────────────────────────────────────────
    ...rulesFor(
      PRODUCT_CATEGORIES,
      'cylinder_product',
      'market_supervision',
      ['public_security'],
      '001 三（二）3「从严查处生产、销售不符合国家强制性安全标准、强制性认证要求的“问题瓶”、“问题灶”、“问题软管”、“问题阀”」（省市场监督管理局牵头，省公安厅按职责分工负责）',
    ),
    {
      category: '*',
      taskKind: 'cylinder_product',
      lead: 'market_supervision',
      cooperating: ['public_security'],
      basis:
        '001 三（二）3（省市场监督管理局牵头，省公安厅按职责分工负责）；三（十）3「对气瓶、燃气具及配件、可燃气体探测器及燃气紧急切断阀生产销售企业加强监管执法」（省市场监督管理局负责）',
    },

    // ── 餐饮 ────────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_environment',
      taskKind: 'catering',
      lead: 'fire',
      cooperating: ['commerce', 'gas_authority'],
      basis:
        '001 三（三）5「对餐饮企业在地下或半地下空间使用瓶装液化气」、软管超2米、私接三通、探测器及切断阀（省消防救援总队牵头，省商务厅、省住房城乡建设厅按职责分工负责）',
    },
    ...rulesFor(
      PRODUCT_CATEGORIES,
      'catering',
      'gas_authority',
      ['market_supervision', 'commerce', 'public_security', 'emergency'],
      '001 三（三）6「有关部门单位发现餐饮企业使用禁止使用的气液两相瓶」、调压阀和橡胶软管、不合格“灶管阀”（省住房城乡建设厅、省市场监督管理局、省商务厅、省公安厅、省应急管理厅按职责分工负责；未明确牵头，取首位省住房城乡建设厅为 lead；产品质量案件线索「移送市场监管部门」溯源）',
    ),
    {
      category: 'management',
      taskKind: 'catering',
      lead: 'commerce',
      cooperating: [],
      basis:
        '001 三（三）2「督促使用管道燃气和瓶装液化气的餐饮企业落实燃气使用安全主体责任」（省商务厅负责）：每月自查公示、「人走阀关」；另见 三（十）6、四（一）3（省商务厅负责）',
    },
    {
      category: '*',
      taskKind: 'catering',
      lead: 'commerce',
      cooperating: [],
      basis:
        '001 三（三）2（省商务厅负责）；三（十）6「对餐饮企业建立安全生产管理制度」（省商务厅负责，问题线索「及时移交有关监管和执法部门」）：餐饮行业主管部门兜底',
    },

    // ── 消防安全 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'fire_safety',
      lead: 'fire',
      cooperating: ['commerce', 'public_security'],
      basis: '001 三（三）4「对餐饮企业未落实消防安全责任制」（省消防救援总队牵头，省商务厅、省公安厅按职责分工负责）',
    },
    {
      category: 'problem_environment',
      taskKind: 'fire_safety',
      lead: 'fire',
      cooperating: ['public_security', 'gas_authority'],
      basis:
        '001 三（四）「餐饮等人员密集场所畅通“生命通道”专项行动」（省消防救援总队牵头，省公安厅、省住房城乡建设厅按职责分工负责）；另见 三（十）7（省消防救援总队负责）',
    },
    {
      category: '*',
      taskKind: 'fire_safety',
      lead: 'fire',
      cooperating: ['gas_authority', 'market_supervision'],
      basis:
        '001 三（七）2「对城镇燃气经营、充装企业不遵守消防法规和技术标准要求」（省消防救援总队牵头，省住房城乡建设厅、省市场监督管理局按职责分工负责）',
    },

    // ── 人员密集场所 ────────────────────────────────────────────────────────────────────────
    {
      category: '*',
      taskKind: 'crowded_venue',
      lead: 'education',
      cooperating: ['health', 'civil_affairs', 'ethnic_religious', 'culture_tourism', 'government_affairs'],
      basis:
        '001 三（三）末段「教育、卫健、民政、民宗、文旅、机关管理等行业主管部门按照“三管三必须”要求」分别督促学校、医院、民政服务机构、宗教活动场所、旅游景区和机关食堂（未标注牵头，取首位教育部门为 lead）',
    },

    // ── 居民用户 ────────────────────────────────────────────────────────────────────────────
    {
      category: '*',
      taskKind: 'household',
      lead: 'gas_authority',
      cooperating: ['market_supervision'],
      basis:
        '001 三（五）「居民用户燃气使用安全整治专项行动」（省住房城乡建设厅、省市场监督管理局按照职责分工负责；未明确牵头，取首位省住房城乡建设厅）',
    },

    // ── 燃气管道设施 ────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_pipeline',
      taskKind: 'pipeline',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '001 三（七）1「持续加大对管道违法占压」、三（七）3「排查整治穿越密闭空间、巡查维护不到位、第三方施工未落实保护方案等问题」（省住房城乡建设厅负责）',
    },
    {
      category: '*',
      taskKind: 'pipeline',
      lead: 'gas_authority',
      cooperating: [],
      basis: '001 三（七）1「全面排查整治燃气供应设施安全风险隐患」（省住房城乡建设厅负责）',
    },

    // ── 燃气运输 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'management',
      taskKind: 'transport',
      lead: 'transport',
      cooperating: ['public_security'],
      basis:
        '001 三（十）4「对运输企业未利用重点营运车辆联网联控系统加强燃气运输车辆和驾驶员动态监控管理」（省交通运输厅牵头，省公安厅按职责分工负责）',
    },
    {
      category: '*',
      taskKind: 'transport',
      lead: 'transport',
      cooperating: ['gas_authority', 'public_security', 'market_supervision'],
      basis:
        '001 三（八）「燃气输配安全整治专项行动」（省交通运输厅、省住房城乡建设厅、省公安厅、省市场监督管理局按职责分工负责；未明确牵头，取首位省交通运输厅）',
    },

    // ── 工业燃料 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_gas',
      taskKind: 'industrial_fuel',
      lead: 'emergency',
      cooperating: ['market_supervision'],
      basis:
        '001 三（九）1「加强危险化学品生产经营单位的安全监管」（省应急管理厅牵头，省市场监督管理局按职责分工负责）',
    },
    {
      category: '*',
      taskKind: 'industrial_fuel',
      lead: 'emergency',
      cooperating: ['market_supervision'],
      basis:
        '001 三（九）1（省应急管理厅牵头，省市场监督管理局按职责分工负责）；三（十）5「将工业丙烷、醇基燃料、生物质燃油等工业燃料产品违规售卖到餐饮企业」（省应急管理厅负责）',
    },

    // ── 监测预警 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_cylinder',
      taskKind: 'monitoring',
      lead: 'gas_authority',
      cooperating: ['market_supervision'],
      basis:
        '001 四（四）2「健全气瓶追溯赋码系统应用规则」（省住房城乡建设厅、省市场监督管理局按职责分工负责；未明确牵头，取首位省住房城乡建设厅）',
    },
    {
      category: '*',
      taskKind: 'monitoring',
      lead: 'gas_authority',
      cooperating: ['economy_informatization', 'planning', 'emergency', 'safety_committee'],
      basis:
        '001 四（四）1「以燃气安全为重点加快推进城市生命线安全工程建设」（省住房城乡建设厅、省工业和信息化厅、省自然资源厅、省应急管理厅牵头：取首位为 lead，其余牵头单位列入 cooperating；「省城市生命线安全工程建设推进工作领导小组成员单位」无对应 key，记为 safety_committee）',
    },

    // ── 更新改造 ────────────────────────────────────────────────────────────────────────────
    {
      category: 'problem_pipeline',
      taskKind: 'renovation',
      lead: 'gas_authority',
      cooperating: [],
      basis:
        '001 三（七）1「加快推进燃气等管道老化更新改造」、三（七）3「加快推进燃气老旧管道改造」（省住房城乡建设厅负责）；另见 四（二）1',
    },
    {
      category: 'problem_cylinder',
      taskKind: 'renovation',
      lead: 'development_reform',
      cooperating: ['gas_authority', 'commerce', 'market_supervision'],
      basis:
        '001 四（三）2「有条件地方可推进使用瓶装液化气的餐饮企业“瓶改管”、“气改电”」（省发展改革委牵头，省住房城乡建设厅、省商务厅、省市场监督管理局按职责分工负责）',
    },
    {
      category: '*',
      taskKind: 'renovation',
      lead: 'development_reform',
      cooperating: ['gas_authority', 'finance'],
      basis:
        '001 四（二）1「落实专业经营单位出资责任」（省发展改革委、省住房城乡建设厅、省财政厅等按职责分工负责；未明确牵头，取首位省发展改革委）',
    },
  ],
};
