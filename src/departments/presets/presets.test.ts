import { describe, expect, it } from 'vitest';
import { DEPARTMENT_KEYS, HAZARD_CATEGORIES, TASK_KINDS } from '../taxonomy.js';
import type { DepartmentKey, HazardCategory, TaskKind } from '../taxonomy.js';
import { MATRIX_PRESETS, dazuPreset, findPreset, jiangsuPreset, matchPresetRule, nanchangPreset } from './index.js';
import type { MatrixPreset } from './index.js';

const SEED_PREFIX: Record<string, string> = { dazu: '000', nanchang: '002', jiangsu: '001' };

/** The exact (category, taskKind) row; fails the test if the preset has no such row. */
function rule(preset: MatrixPreset, category: HazardCategory | '*', taskKind: TaskKind | '*') {
  const found = preset.rules.find((r) => r.category === category && r.taskKind === taskKind);
  if (!found) throw new Error(`${preset.key}: no rule (${category}, ${taskKind})`);
  return found;
}

/** Lead department's local name under the routing order of matchPresetRule. */
function leadName(preset: MatrixPreset, category: HazardCategory, taskKind: TaskKind): string | undefined {
  const lead = matchPresetRule(preset, category, taskKind).lead;
  return preset.departments.find((d) => d.key === lead)?.name;
}

describe('R1.3 matrix presets: registry', () => {
  it('lists dazu, nanchang, jiangsu in that order and finds them by key', () => {
    expect(MATRIX_PRESETS.map((p) => p.key)).toEqual(['dazu', 'nanchang', 'jiangsu']);
    expect(findPreset('nanchang')).toBe(nanchangPreset);
    expect(findPreset('dazu')).toBe(dazuPreset);
    expect(findPreset('jiangsu')).toBe(jiangsuPreset);
    expect(findPreset('beijing')).toBeUndefined();
  });
});

describe.each(MATRIX_PRESETS.map((p) => [p.key, p] as const))('R1.3 preset %s: invariants', (key, preset) => {
  const deptKeys = new Set(preset.departments.map((d) => d.key));

  it('cites its seed file in source and in every basis', () => {
    const prefix = SEED_PREFIX[key];
    expect(prefix).toBeDefined();
    expect(preset.source.startsWith(`${prefix} `)).toBe(true);
    for (const r of preset.rules) {
      expect(r.basis.startsWith(`${prefix} `), r.basis).toBe(true);
      expect(r.basis, r.basis).toMatch(/「[^」]+」/); // quotes the task
    }
  });

  it('has no two rules with the same (category, taskKind)', () => {
    const pairs = preset.rules.map((r) => `${r.category}|${r.taskKind}`);
    const dupes = pairs.filter((p, i) => pairs.indexOf(p) !== i);
    expect(dupes).toEqual([]);
  });

  it('uses only taxonomy vocabulary', () => {
    for (const d of preset.departments) expect(DEPARTMENT_KEYS).toContain(d.key);
    for (const r of preset.rules) {
      if (r.category !== '*') expect(HAZARD_CATEGORIES).toContain(r.category);
      if (r.taskKind !== '*') expect(TASK_KINDS).toContain(r.taskKind);
    }
  });

  it('gives each department a distinct key and a non-empty local name (departments_region_key_uq)', () => {
    expect(deptKeys.size).toBe(preset.departments.length);
    for (const d of preset.departments) expect(d.name.trim()).not.toBe('');
  });

  it('refers only to departments of the preset, never lists the lead as cooperating, no repeats', () => {
    for (const r of preset.rules) {
      expect(deptKeys.has(r.lead), `${r.category}/${r.taskKind} lead ${r.lead}`).toBe(true);
      for (const c of r.cooperating) {
        expect(deptKeys.has(c), `${r.category}/${r.taskKind} cooperating ${c}`).toBe(true);
      }
      expect(r.cooperating).not.toContain(r.lead);
      expect(new Set(r.cooperating).size).toBe(r.cooperating.length);
    }
  });

  it('has exactly one gas authority, keyed gas_authority', () => {
    const authorities = preset.departments.filter((d) => d.isGasAuthority);
    expect(authorities).toHaveLength(1);
    expect(authorities[0]?.key).toBe('gas_authority');
  });

  it("has no (category, '*') rows, so a hazard falls back to its task kind's row first", () => {
    expect(preset.rules.filter((r) => r.category !== '*' && r.taskKind === '*')).toEqual([]);
  });

  it("has a ('*','*') fallback led by the gas authority", () => {
    expect(rule(preset, '*', '*').lead).toBe('gas_authority');
  });

  it("has a ('*', taskKind) fallback for every task kind it uses", () => {
    const kinds = new Set(preset.rules.map((r) => r.taskKind).filter((k) => k !== '*'));
    for (const k of kinds) expect(preset.rules.some((r) => r.category === '*' && r.taskKind === k), k).toBe(true);
  });

  it('routes every (category, taskKind) to some department of the preset', () => {
    for (const c of HAZARD_CATEGORIES) {
      for (const k of TASK_KINDS) expect(deptKeys.has(matchPresetRule(preset, c, k).lead)).toBe(true);
    }
  });
});

describe('R1.3 dazu (000 大足区): assignments from the seed', () => {
  const p = dazuPreset;

  it('R1.3 dazu: 区经济信息委 is the gas authority', () => {
    // 000 五（一）："工作专班办公室…设在区经济信息委"; 二（一）1 燃气经营许可（区经济信息委负责）
    expect(p.departments.find((d) => d.isGasAuthority)?.name).toBe('区经济信息委');
  });

  it('R1.3 dazu: restaurant cylinder problems are led by market supervision', () => {
    // 000 二（四）3 严查餐饮场所燃气具风险隐患："…要及时移送市场监管部门…（区市场监管局、区商务委、区公安局、
    // 区经济信息委按职责分工负责）"
    const r = rule(p, 'problem_cylinder', 'catering');
    expect(r.lead).toBe('market_supervision');
    expect(r.cooperating).toEqual(['commerce', 'public_security', 'gas_authority']);
  });

  it('R1.3 dazu: a problem hose at a restaurant is led by market supervision (routing case a)', () => {
    // 000 二（四）3：使用不符合国家标准或假冒伪劣的…连接软管 → 区市场监管局 first named
    expect(matchPresetRule(p, 'problem_hose', 'catering').lead).toBe('market_supervision');
    expect(leadName(p, 'problem_hose', 'catering')).toBe('区市场监管局');
  });

  it('R1.3 dazu: a problem cylinder at a restaurant is led by 区市场监管局 (routing case b)', () => {
    expect(leadName(p, 'problem_cylinder', 'catering')).toBe('区市场监管局');
  });

  it('R1.3 dazu: 问题管网 is led by the gas authority with planning, housing, urban management (routing case c)', () => {
    // 000 二（三）1 严查燃气管道风险隐患（区经济信息委牵头，区规划自然资源局、区住房城乡建委、区城市管理局等部门
    // 按职责分工负责）
    const r = rule(p, 'problem_pipeline', 'pipeline');
    expect(r.lead).toBe('gas_authority');
    expect(r.cooperating).toEqual(['planning', 'housing', 'urban_management']);
    expect(leadName(p, 'problem_pipeline', 'pipeline')).toBe('区经济信息委');
  });

  it('R1.3 dazu: restaurant gas-use environment is led by fire rescue with commerce', () => {
    // 000 二（四）2 严查餐饮场所用气环境风险隐患（区消防救援支队牵头，区商务委按职责分工负责）
    const r = rule(p, 'problem_environment', 'catering');
    expect(r.lead).toBe('fire');
    expect(r.cooperating).toEqual(['commerce']);
  });

  it('R1.3 dazu: problem products in manufacture/market are led by market supervision with police', () => {
    // 000 二（二）1–3（区市场监管局牵头，区公安局按职责分工负责）
    for (const c of ['problem_cylinder', 'problem_valve', 'problem_hose', 'problem_stove'] as const) {
      const r = rule(p, c, 'cylinder_product');
      expect(r.lead).toBe('market_supervision');
      expect(r.cooperating).toEqual(['public_security']);
    }
  });

  it('R1.3 dazu: filling licences and filling of bad cylinders are market supervision alone', () => {
    // 000 二（一）3 严格落实气瓶充装许可制度（区市场监管局负责）；二（一）4 严格落实气瓶充装管理制度（区市场监管局负责）
    expect(rule(p, 'management', 'filling')).toMatchObject({ lead: 'market_supervision', cooperating: [] });
    expect(rule(p, 'problem_cylinder', 'filling')).toMatchObject({ lead: 'market_supervision', cooperating: [] });
  });

  it('R1.3 dazu: black-gas dens are led by the police', () => {
    // 000 二（一）6 严厉打击燃气违法行为（区公安局牵头，区市场监管局、区应急局、区经济信息委按职责分工负责）
    const r = rule(p, '*', 'illegal_gas');
    expect(r.lead).toBe('public_security');
    expect(r.cooperating).toEqual(['market_supervision', 'emergency', 'gas_authority']);
  });

  it('R1.3 dazu: industrial fuel is led by emergency management with market supervision', () => {
    // 000 二（一）5 严格落实危险化学品管理制度（区应急局牵头，区市场监管局按职责分工负责）
    expect(rule(p, 'problem_gas', 'industrial_fuel')).toMatchObject({
      lead: 'emergency',
      cooperating: ['market_supervision'],
    });
  });

  it('R1.3 dazu: gas transport is the transport bureau; vehicle monitoring adds the police', () => {
    // 000 二（三）2 严查燃气运输风险隐患（区交通局负责）；二（五）4 严查燃气运输不规范问题（区交通局牵头，区公安局按职责分工负责）
    expect(rule(p, '*', 'transport')).toMatchObject({ lead: 'transport', cooperating: [] });
    expect(rule(p, 'management', 'transport')).toMatchObject({ lead: 'transport', cooperating: ['public_security'] });
  });

  it('R1.3 dazu: city lifeline monitoring is led by the urban management bureau', () => {
    // 000 三（三）1 实施城市生命线安全工程（区城市管理局牵头，区经济信息委、区发展改革委、区住房城乡建委、区应急局、
    // 区市场监管局、区消防救援支队等部门按职责分工负责）
    const r = rule(p, '*', 'monitoring');
    expect(r.lead).toBe('urban_management');
    expect(r.cooperating).toEqual(['gas_authority', 'development_reform', 'housing', 'emergency', 'market_supervision', 'fire']);
  });

  it('R1.3 dazu: of two named leads the first leads and the second cooperates (funding of renewal)', () => {
    // 000 三（二）1 落实各方出资责任（区发展改革委、区财政局牵头，区经济信息委、区住房城乡建委按职责分工负责）
    const r = rule(p, '*', 'renovation');
    expect(r.lead).toBe('development_reform');
    expect(r.cooperating).toEqual(['finance', 'gas_authority', 'housing']);
    expect(r.basis).toContain('区财政局');
  });

  it('R1.3 dazu: crowded venues are led by education, the other sector departments cooperate', () => {
    // 000 二（五）8 严查使用燃气人员密集场所（区教委、区民政局、区住房城乡建委、区文化和旅游委、区卫生健康委等部门按职责分工负责）
    const r = rule(p, '*', 'crowded_venue');
    expect(r.lead).toBe('education');
    expect(r.cooperating).toEqual(expect.arrayContaining(['civil_affairs', 'housing', 'culture_tourism', 'health']));
  });

  it('R1.3 dazu: restaurant safety-management systems are commerce', () => {
    // 000 二（五）6 严查餐饮企业安全生产制度落实问题（区商务委负责）
    expect(rule(p, 'management', 'catering')).toMatchObject({ lead: 'commerce', cooperating: [] });
  });
});

describe('R1.3 nanchang (002 南昌市): assignments from the seed', () => {
  const p = nanchangPreset;

  it('R1.3 nanchang: 市城管执法局 is the gas authority', () => {
    // 002 三（四）1 "由市级燃气主管部门核发《燃气经营许可证》…（市城管执法局负责）"; 五（一）"市城管执法局为召集人单位"
    expect(p.departments.find((d) => d.isGasAuthority)?.name).toBe('市城管执法局');
  });

  it('R1.3 nanchang: a problem hose at a restaurant is led by market supervision (routing case a)', () => {
    // 002 二（四）3 "…使用不符合国家标准或假冒伪劣的…连接软管…要及时移送市场监管部门…（市市场监管局、市商务局、
    // 市公安局、市城管执法局按职责分工负责）"
    const r = rule(p, 'problem_hose', 'catering');
    expect(r.lead).toBe('market_supervision');
    expect(r.cooperating).toEqual(['commerce', 'public_security', 'gas_authority']);
    expect(leadName(p, 'problem_hose', 'catering')).toBe('市市场监管局');
  });

  it('R1.3 nanchang: a problem cylinder at a restaurant is led by market supervision (routing case b)', () => {
    // 002 二（四）3 "使用禁止使用的50kg“气液双相”气瓶…使用不符合国家标准或假冒伪劣的液化石油气瓶"
    expect(matchPresetRule(p, 'problem_cylinder', 'catering').lead).toBe('market_supervision');
    expect(leadName(p, 'problem_cylinder', 'catering')).toBe('市市场监管局');
  });

  it('R1.3 nanchang: 问题管网 is the gas authority alone (routing case c)', () => {
    // 002 二（三）1 "对燃气管道老化或带病运行…等“问题管网”…（市城管执法局负责）"
    expect(rule(p, 'problem_pipeline', 'pipeline')).toMatchObject({ lead: 'gas_authority', cooperating: [] });
    expect(leadName(p, 'problem_pipeline', 'pipeline')).toBe('市城管执法局');
  });

  it('R1.3 nanchang: restaurant gas-use environment is led by fire rescue with commerce', () => {
    // 002 二（四）2 "对餐饮企业在地下或半地下空间使用瓶装液化石油气…（市消防救援支队牵头，市商务局按职责分工负责）"
    expect(rule(p, 'problem_environment', 'catering')).toMatchObject({ lead: 'fire', cooperating: ['commerce'] });
  });

  it('R1.3 nanchang: blocked exits are fire rescue with police and the gas authority', () => {
    // 002 二（四）4（市消防救援支队牵头，市公安局、市城管执法局按职责分工负责）
    expect(rule(p, 'problem_environment', 'fire_safety')).toMatchObject({
      lead: 'fire',
      cooperating: ['public_security', 'gas_authority'],
    });
  });

  it('R1.3 nanchang: gas-enterprise licensing and odorisation are the gas authority', () => {
    // 002 二（一）1 燃气经营许可（市城管执法局负责）；二（一）2 "未对管道燃气加臭"（市城管执法局负责）
    expect(rule(p, 'management', 'gas_enterprise').lead).toBe('gas_authority');
    expect(rule(p, 'problem_gas', 'gas_enterprise').lead).toBe('gas_authority');
  });

  it('R1.3 nanchang: filling of bad cylinders is market supervision', () => {
    // 002 二（一）4 "违规充装非自有气瓶、超期未检气瓶、不合格气瓶…（市市场监管局负责）"
    expect(rule(p, 'problem_cylinder', 'filling')).toMatchObject({ lead: 'market_supervision', cooperating: [] });
  });

  it('R1.3 nanchang: black-gas dens are the police with market supervision, emergency and gas authority', () => {
    // 002 二（一）6（市公安局牵头，市市场监管局、市应急管理局、市城管执法局按职责分工负责）
    expect(rule(p, '*', 'illegal_gas')).toMatchObject({
      lead: 'public_security',
      cooperating: ['market_supervision', 'emergency', 'gas_authority'],
    });
  });

  it('R1.3 nanchang: 瓶改管 is led by the gas authority, unlike Dazu and Jiangsu', () => {
    // 002 三（二）5 全面推行“瓶改管”（市城管执法局牵头，市商务局、市卫健委、市教育局等部门按职责分工负责）
    expect(rule(p, 'problem_cylinder', 'renovation')).toMatchObject({
      lead: 'gas_authority',
      cooperating: ['commerce', 'health', 'education'],
    });
  });

  it('R1.3 nanchang: city lifeline monitoring is led by the gas authority', () => {
    // 002 三（三）1（市城管执法局牵头，市应急管理局、市发展改革委、市财政局、市市场监管局按职责分工负责）
    expect(rule(p, '*', 'monitoring')).toMatchObject({
      lead: 'gas_authority',
      cooperating: ['emergency', 'development_reform', 'finance', 'market_supervision'],
    });
  });

  it('R1.3 nanchang: cylinder traceability is market supervision with the gas authority', () => {
    // 002 三（三）2 "全面推行“一瓶一码”…（市市场监管局牵头，市城管执法局按职责分工负责）"
    expect(rule(p, 'problem_cylinder', 'monitoring')).toMatchObject({
      lead: 'market_supervision',
      cooperating: ['gas_authority'],
    });
  });

  it('R1.3 nanchang: gas transport is the transport bureau', () => {
    // 002 二（三）2（市交通运输局负责）
    expect(rule(p, '*', 'transport').lead).toBe('transport');
  });
});

describe('R1.3 jiangsu (001 江苏省): assignments from the seed', () => {
  const p = jiangsuPreset;

  it('R1.3 jiangsu: 省住房城乡建设厅 is the gas authority', () => {
    // 001 六（一）"办公室设在省住房城乡建设厅"; 三（十）2 燃气经营企业监管执法（省住房城乡建设厅负责）
    expect(p.departments.find((d) => d.isGasAuthority)?.name).toBe('省住房城乡建设厅');
  });

  it('R1.3 jiangsu: black-gas dens are led by the police', () => {
    // 001 三（一）2（省公安厅牵头，省住房城乡建设厅、省市场监督管理局、省应急管理厅按职责分工负责）
    expect(rule(p, '*', 'illegal_gas')).toMatchObject({
      lead: 'public_security',
      cooperating: ['gas_authority', 'market_supervision', 'emergency'],
    });
  });

  it('R1.3 jiangsu: filling stations filling bad cylinders are market supervision', () => {
    // 001 三（一）3 "充装站违规充装非自有气瓶、超期未检气瓶、不合格气瓶…（省市场监督管理局负责）"
    expect(rule(p, 'problem_cylinder', 'filling')).toMatchObject({ lead: 'market_supervision', cooperating: [] });
  });

  it('R1.3 jiangsu: 瓶灶管阀 products are market supervision with the police', () => {
    // 001 三（二）3 "…“问题瓶”、“问题灶”、“问题软管”、“问题阀”…（省市场监督管理局牵头，省公安厅按职责分工负责）"
    for (const c of ['problem_cylinder', 'problem_valve', 'problem_hose', 'problem_stove'] as const) {
      expect(rule(p, c, 'cylinder_product')).toMatchObject({ lead: 'market_supervision', cooperating: ['public_security'] });
    }
  });

  it('R1.3 jiangsu: problem products found at restaurants are led by the first named, 住建', () => {
    // 001 三（三）6（省住房城乡建设厅、省市场监督管理局、省商务厅、省公安厅、省应急管理厅按职责分工负责）
    const r = rule(p, 'problem_hose', 'catering');
    expect(r.lead).toBe('gas_authority');
    expect(r.cooperating).toEqual(['market_supervision', 'commerce', 'public_security', 'emergency']);
    expect(leadName(p, 'problem_cylinder', 'catering')).toBe('省住房城乡建设厅');
  });

  it('R1.3 jiangsu: restaurant gas-use environment is fire rescue with commerce and 住建', () => {
    // 001 三（三）5（省消防救援总队牵头，省商务厅、省住房城乡建设厅按职责分工负责）
    expect(rule(p, 'problem_environment', 'catering')).toMatchObject({
      lead: 'fire',
      cooperating: ['commerce', 'gas_authority'],
    });
  });

  it('R1.3 jiangsu: restaurants\' own gas-use responsibility is commerce', () => {
    // 001 三（三）2 "督促使用管道燃气和瓶装液化气的餐饮企业落实燃气使用安全主体责任…（省商务厅负责）"
    expect(rule(p, 'management', 'catering')).toMatchObject({ lead: 'commerce', cooperating: [] });
  });

  it('R1.3 jiangsu: pipelines are the gas authority alone', () => {
    // 001 三（七）1、3（省住房城乡建设厅负责）
    expect(rule(p, 'problem_pipeline', 'pipeline')).toMatchObject({ lead: 'gas_authority', cooperating: [] });
  });

  it('R1.3 jiangsu: residential users are 住建 with market supervision', () => {
    // 001 三（五）居民用户燃气使用安全整治专项行动（省住房城乡建设厅、省市场监督管理局按照职责分工负责）
    expect(rule(p, '*', 'household')).toMatchObject({ lead: 'gas_authority', cooperating: ['market_supervision'] });
  });

  it('R1.3 jiangsu: industrial fuel is emergency management with market supervision', () => {
    // 001 三（九）1（省应急管理厅牵头，省市场监督管理局按职责分工负责）
    expect(rule(p, 'problem_gas', 'industrial_fuel')).toMatchObject({
      lead: 'emergency',
      cooperating: ['market_supervision'],
    });
  });

  it('R1.3 jiangsu: of four named leads for city lifeline the first leads, the others cooperate', () => {
    // 001 四（四）1（省住房城乡建设厅、省工业和信息化厅、省自然资源厅、省应急管理厅牵头，
    // 省城市生命线安全工程建设推进工作领导小组成员单位按职责分工负责）
    const r = rule(p, '*', 'monitoring');
    expect(r.lead).toBe('gas_authority');
    expect(r.cooperating).toEqual(['economy_informatization', 'planning', 'emergency', 'safety_committee']);
  });

  it('R1.3 jiangsu: vehicle monitoring of gas transport is the transport department with the police', () => {
    // 001 三（十）4（省交通运输厅牵头，省公安厅按职责分工负责）
    expect(rule(p, 'management', 'transport')).toMatchObject({ lead: 'transport', cooperating: ['public_security'] });
  });
});

describe('R1.3 matchPresetRule', () => {
  it('falls back from (category, taskKind) to (*, taskKind) to (*, *)', () => {
    // dazu has no (problem_stove, transport) row: ('*','transport') applies
    expect(matchPresetRule(dazuPreset, 'problem_stove', 'transport').lead).toBe('transport');
    // dazu has no household row at all: ('*','*') → gas authority
    expect(matchPresetRule(dazuPreset, 'problem_hose', 'household').lead).toBe('gas_authority');
    const lead: DepartmentKey = matchPresetRule(jiangsuPreset, 'problem_gas', 'illegal_gas').lead;
    expect(lead).toBe('gas_authority'); // 001 三（一）1, first named of five
  });
});
