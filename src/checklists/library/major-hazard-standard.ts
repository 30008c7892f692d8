/**
 * 城镇燃气经营安全重大隐患判定标准 (住建部 建城规〔2023〕4号) — R3.5. One item per article of
 * reference/major-hazard-standard.md, code `MHS-<article>`, `standardArticle.status` exactly as the
 * reference marks it. Two statuses only: where the reference says "confirmed start, to confirm end"
 * (5.3, 7.2) the item is `to confirm` — part of the wording is unconfirmed. The reference's open
 * entries (6.x, 7.x, Art. 8) are catch-all items `to confirm`, so an inspector can record a finding
 * under the article now and an admin can split them once the official text is read (R3.5: wording
 * is editable data, no code change).
 *
 * Only gas operators are judged by the standard (Art. 2), so every item is `fixed major` and applies
 * to operator kinds (and, for stations and pipelines, to the facilities they run).
 *
 * Art. 9 — conditional rule. MHS-9.1 … MHS-9.4 are the operator's items: "found at a user during
 * inspection and no required measure such as a written notice taken". They are major for the
 * operator. The user-side findings are separate items in household.ts / restaurant.ts /
 * cylinder-delivery.ts with `severity: { kind: 'operator_if_no_notice', article: '9.x' }`; when one
 * of those fails, checklist.rules.ts `severityOf` gives the user a general hazard and, if the
 * operator's record shows no 书面告知, opens this MHS-9.x item against the supplying operator.
 * An inspector may also tick MHS-9.x directly when auditing the operator's inspection records.
 */
import type { AppliesTo, ChecklistItemDef, Label } from '../checklist.types.js';
import type { HazardCategory, TaskKind } from '../../departments/taxonomy.js';
import {
  GAS_OPERATOR_KINDS,
  L,
  MAJOR,
  MEDIUM_OR_HIGHER,
  PIPELINE_FACILITY_KINDS,
  REGULATOR_FACILITY_KINDS,
  STATION_FACILITY_KINDS,
  STATION_OPERATOR_KINDS,
  USER_SUPPLIER_KINDS,
} from './common.js';

type Status = 'confirmed' | 'to confirm';

const STD = '建城规〔2023〕4号';

/** "建城规〔2023〕4号 第5条第3项" for "5.3"; "第6条（其他情形）" for "6.x"; "第8条" for "8". */
function basisOf(id: string): string {
  const [art, sub] = id.split('.');
  if (sub === undefined) return `${STD} 第${art ?? ''}条`;
  if (sub === 'x') return `${STD} 第${art ?? ''}条（其他情形，条文待核实）`;
  return `${STD} 第${art ?? ''}条第${sub}项`;
}

function mhs(
  id: string,
  status: Status,
  text: Label,
  category: HazardCategory,
  taskKind: TaskKind,
  appliesTo: AppliesTo[],
  extraBasis = '',
): ChecklistItemDef {
  return {
    code: `MHS-${id}`,
    text,
    category,
    appliesTo,
    severity: MAJOR,
    basis: basisOf(id) + extraBasis,
    taskKind,
    // Major hazards: stop the affected operation until rectified (安全生产法 第65条 责令暂时停产停业或停止使用).
    measure: 'stop_use',
    standardArticle: { id, status },
  };
}

const operators: AppliesTo[] = [{ subject: 'enterprise', kinds: GAS_OPERATOR_KINDS }];
const suppliers: AppliesTo[] = [{ subject: 'enterprise', kinds: USER_SUPPLIER_KINDS }];
const stations: AppliesTo[] = [
  { subject: 'enterprise', kinds: STATION_OPERATOR_KINDS },
  { subject: 'facility', kinds: STATION_FACILITY_KINDS },
];
const lpgStations: AppliesTo[] = [
  { subject: 'enterprise', kinds: ['bottled_lpg', 'filling_station', 'storage_station', 'vehicle_refuelling', 'pipeline_gas'] },
  { subject: 'facility', kinds: ['storage_station', 'refuelling_station', 'gate_station'] },
];

export const MHS_ITEMS: ChecklistItemDef[] = [
  // ── Art. 4 — safety management (all confirmed) ─────────────────────────────────────────────
  mhs('4.1', 'confirmed', L('未取得燃气经营许可证从事燃气经营活动', 'Operating without a gas business licence (燃气经营许可证)'), 'management', 'gas_enterprise', operators),
  mhs('4.2', 'confirmed', L('未建立安全风险分级管控制度', 'No safety-risk graded control system (安全风险分级管控制度)'), 'management', 'gas_enterprise', operators),
  mhs('4.3', 'confirmed', L('未建立事故隐患排查治理制度', 'No hazard investigation and rectification system (事故隐患排查治理制度)'), 'management', 'gas_enterprise', operators),
  mhs('4.4', 'confirmed', L('未制定生产安全事故应急救援预案', 'No production-safety emergency rescue plan'), 'management', 'gas_enterprise', operators),
  mhs(
    '4.5',
    'confirmed',
    L('未建立对燃气用户燃气设施的定期安全检查制度', "No system of periodic safety inspection of users' gas facilities"),
    'management',
    'gas_enterprise',
    suppliers,
  ),

  // ── Art. 5 — plants and stations (燃气厂站) ─────────────────────────────────────────────────
  mhs(
    '5.1',
    'confirmed',
    L('储罐未设置压力、罐容或液位显示等监测装置，或不具有超限报警功能', 'Storage tank without pressure, volume or level monitoring, or without over-limit alarm'),
    'problem_pipeline',
    'gas_enterprise',
    stations,
  ),
  mhs(
    '5.2',
    'confirmed',
    L('厂站内设备和管道未设置超压自动切断和放散装置', 'Station equipment and piping without automatic cut-off and venting against over-limit pressure'),
    'problem_pipeline',
    'gas_enterprise',
    stations,
  ),
  mhs(
    '5.3',
    'to confirm',
    L(
      '压缩天然气、液化天然气、液化石油气装卸系统未设置防止装卸用管拉脱的联锁保护装置',
      'CNG/LNG/LPG loading-unloading system without interlock protection against the hose being pulled off',
    ),
    'problem_pipeline',
    'gas_enterprise',
    lpgStations,
  ),
  mhs(
    '5.4',
    'to confirm',
    L('液化天然气、液化石油气储罐进出液管道未设置与储罐液位联锁的紧急切断阀', 'LNG/LPG tank liquid inlet/outlet pipes without emergency shut-off valves interlocked with the tank level'),
    'problem_pipeline',
    'gas_enterprise',
    lpgStations,
  ),
  mhs(
    '5.5',
    'to confirm',
    L('爆炸危险区域内的电气、仪表设备未采取与该区域相适应的防爆措施', 'Electrical/instrument equipment in explosion-hazard zones without the matching explosion protection'),
    'problem_pipeline',
    'gas_enterprise',
    stations,
  ),
  mhs(
    '5.6',
    'to confirm',
    L('燃气泄漏后可能积聚的场所未设置可燃气体检测报警装置', 'Places where leaked gas may accumulate without combustible-gas detection and alarm'),
    'problem_pipeline',
    'gas_enterprise',
    stations,
  ),

  // ── Art. 6 — pipelines and pressure regulation ────────────────────────────────────────────
  mhs(
    '6.1',
    'confirmed',
    L(
      '在中压及以上地下燃气管线保护范围内建设占压地下燃气管线的建筑物、构筑物或者其他设施',
      'Buildings, structures or other facilities built over (占压) medium-or-higher-pressure underground gas lines within their protection zone',
    ),
    'problem_pipeline',
    'pipeline',
    [
      { subject: 'enterprise', kinds: ['pipeline_gas'] },
      { subject: 'facility', kinds: PIPELINE_FACILITY_KINDS, where: { pressureClass: MEDIUM_OR_HIGHER } },
    ],
  ),
  mhs(
    '6.2',
    'confirmed',
    L('调压装置未设置防止出口压力超过下游燃气设施允许压力的安全保护装置', 'Pressure regulator without protection against outlet pressure exceeding what downstream equipment allows'),
    'problem_pipeline',
    'pipeline',
    [
      { subject: 'enterprise', kinds: ['pipeline_gas'] },
      { subject: 'facility', kinds: REGULATOR_FACILITY_KINDS },
    ],
  ),
  mhs(
    '6.x',
    'to confirm',
    L('存在第六条规定的其他燃气管道和调压设施重大隐患情形（条文待核实）', 'Another pipeline or pressure-regulation situation of Art. 6 (wording to confirm)'),
    'problem_pipeline',
    'pipeline',
    [
      { subject: 'enterprise', kinds: ['pipeline_gas'] },
      { subject: 'facility', kinds: [...PIPELINE_FACILITY_KINDS, ...REGULATOR_FACILITY_KINDS] },
    ],
  ),

  // ── Art. 7 — cylinders ────────────────────────────────────────────────────────────────────
  mhs(
    '7.1',
    'confirmed',
    L('擅自为非自有气瓶充装', 'Filling cylinders the operator does not own (擅自为非自有气瓶充装)'),
    'problem_cylinder',
    'filling',
    [{ subject: 'enterprise', kinds: ['bottled_lpg', 'filling_station', 'storage_station'] }],
    '；000 二（一）4；002 二（一）4',
  ),
  mhs(
    '7.2',
    'to confirm',
    L(
      '销售未经许可的充装单位充装的瓶装燃气，或者销售充装单位擅自为非自有气瓶充装的瓶装燃气',
      'Selling bottled gas filled by an unlicensed filling unit, or filled into cylinders the filler does not own',
    ),
    'problem_cylinder',
    'gas_enterprise',
    [{ subject: 'enterprise', kinds: ['bottled_lpg', 'supply_point', 'storage_station'] }],
  ),
  mhs(
    '7.x',
    'to confirm',
    L('存在第七条规定的其他瓶装燃气重大隐患情形（条文待核实）', 'Another bottled-gas situation of Art. 7 (wording to confirm)'),
    'problem_cylinder',
    'gas_enterprise',
    [{ subject: 'enterprise', kinds: ['bottled_lpg', 'filling_station', 'storage_station', 'supply_point'] }],
  ),

  // ── Art. 8 — not yet read ─────────────────────────────────────────────────────────────────
  mhs(
    '8',
    'to confirm',
    L('存在第八条规定的重大隐患情形（条文待核实）', 'A situation of Art. 8 (article not yet read; to confirm)'),
    'management',
    'gas_enterprise',
    operators,
  ),

  // ── Art. 9 — user inspection (all confirmed; conditional on no written notice) ────────────
  mhs(
    '9.1',
    'confirmed',
    L(
      '在用户检查中发现相对密度≥0.75的燃气（液化石油气）管道、调压装置和燃具设置在地下室、半地下室等地下或密闭空间内，未采取书面告知整改等措施',
      'At a user: LPG (relative density ≥ 0.75) pipes, regulators or appliances in a basement, semi-basement or enclosed underground space, and no written notice to rectify issued',
    ),
    'management',
    'gas_enterprise',
    suppliers,
    '；GB 55009 §2.2.7',
  ),
  mhs(
    '9.2',
    'confirmed',
    L(
      '在用户检查中发现燃气引入管、立管、水平干管设置在卫生间内，未采取书面告知整改等措施',
      'At a user: service pipe, riser or horizontal main inside a bathroom or toilet, and no written notice to rectify issued',
    ),
    'management',
    'gas_enterprise',
    suppliers,
    '；GB 55009 §5.3.4',
  ),
  mhs(
    '9.3',
    'confirmed',
    L(
      '在用户检查中发现燃气管道及附件、燃具设置在卧室、客房等用于睡眠的房间内，未采取书面告知整改等措施',
      'At a user: gas pipes, fittings or appliances in a bedroom, guest room or other room for sleeping, and no written notice to rectify issued',
    ),
    'management',
    'gas_enterprise',
    suppliers,
    '；GB 55009 §5.3.3',
  ),
  mhs(
    '9.4',
    'confirmed',
    L(
      '在用户检查中发现用户使用国家明令淘汰的燃气燃烧器具、连接管，未采取书面告知整改等措施',
      'At a user: gas appliances or connection hoses the state ordered phased out, and no written notice to rectify issued',
    ),
    'management',
    'gas_enterprise',
    suppliers,
    '；城镇燃气管理条例 第27条',
  ),
];
