/**
 * 随瓶安检 — the short check a delivery worker runs at the user on each delivery (000 二（一）2;
 * 001 三（三）1; 002 二（一）2), drawn from the restaurant and household items (`relatedCodes`).
 * Used by the cylinder chain of custody (R6.3): the delivery scan carries these answers.
 *
 * The worker is the operator's inspector, so Art. 9 applies directly: a bottled-gas appliance in a
 * basement found on delivery is the user's general hazard and, unless the operator issues a written
 * notice, the operator's major hazard MHS-9.1 (severityOf in checklist.rules.ts).
 *
 * Task kind `gas_enterprise`: 随瓶安检 is the operator's duty, supervised by the gas authority
 * (000 二（一）2). The related RST-/HH- item of the user's subject type carries the user-side routing.
 */
import type { AppliesTo, ChecklistItemDef } from '../checklist.types.js';
import { DEFAULT_LIMITS } from './limits.js';
import { art9, BOTTLED, GENERAL, L } from './common.js';

const USERS: AppliesTo[] = [
  { subject: 'venue', where: { gasSource: BOTTLED } },
  { subject: 'household', where: { gasSource: BOTTLED } },
];
const VENUES: AppliesTo[] = [{ subject: 'venue', where: { gasSource: BOTTLED } }];
const BASIS = '000 二（一）2；001 三（三）1；002 二（一）2（随瓶安检）';

export const DELIVERY_ITEMS: ChecklistItemDef[] = [
  {
    code: 'DLV-LEAK-CHECK',
    text: L(
      '换瓶后瓶阀、调压器、软管接口检漏不合格（检漏液或检漏仪）',
      'Leak at the cylinder valve, regulator or hose joints after the change (soapy water or detector)',
    ),
    category: 'problem_environment',
    appliesTo: USERS,
    severity: GENERAL,
    basis: BASIS,
    taskKind: 'gas_enterprise',
    measure: 'stop_use',
    relatedCodes: ['RST-LEAK', 'HH-PIPE-LEAK'],
  },
  {
    code: 'DLV-HOSE-LENGTH',
    text: L('连接软管长度超过2米', 'Connection hose longer than 2 m'),
    category: 'problem_hose',
    appliesTo: USERS,
    severity: GENERAL,
    basis: `${BASIS}；GB 55009 §6.1`,
    taskKind: 'gas_enterprise',
    measure: 'rectify_within_deadline',
    measured: {
      unit: 'm',
      failWhen: '>',
      limit: DEFAULT_LIMITS.hoseMaxLengthM,
      limitKey: 'hoseMaxLengthM',
      quantity: L('连接软管长度', 'Connection hose length'),
    },
    relatedCodes: ['RST-HOSE-LENGTH', 'HH-HOSE-LENGTH'],
  },
  {
    code: 'DLV-HOSE-CONDITION',
    text: L(
      '软管不合格：非燃气专用软管或金属软管、老化龟裂、未用卡箍固定、有接头或"三通"、穿越墙体门窗',
      'Hose not acceptable: not a dedicated gas or metal hose, aged, unclamped, joint or tee, or through a wall/door/window',
    ),
    category: 'problem_hose',
    appliesTo: USERS,
    severity: GENERAL,
    basis: `${BASIS}；GB 55009 §6.1`,
    taskKind: 'gas_enterprise',
    measure: 'rectify_within_deadline',
    relatedCodes: [
      'RST-RUBBER-HOSE',
      'RST-HOSE-TEE',
      'RST-HOSE-THROUGH-WALL',
      'RST-HOSE-FIXING',
      'HH-RUBBER-HOSE',
      'HH-HOSE-JOINT',
      'HH-HOSE-THROUGH-WALL',
      'HH-HOSE-CONDITION',
    ],
  },
  {
    code: 'DLV-REGULATOR-ADJUSTABLE',
    text: L('使用可调节出口压力的调压器（调压阀）', 'Regulator with adjustable outlet pressure'),
    category: 'problem_valve',
    appliesTo: USERS,
    severity: GENERAL,
    basis: `${BASIS}；000 二（四）3；001 三（五）`,
    taskKind: 'gas_enterprise',
    measure: 'rectify_within_deadline',
    relatedCodes: ['RST-REGULATOR-ADJUSTABLE', 'HH-REGULATOR-ADJUSTABLE'],
  },
  {
    code: 'DLV-REGULATOR-AGE',
    text: L('调压器超过使用年限（默认5年）', 'Regulator past its service life (default 5 years)'),
    category: 'problem_valve',
    appliesTo: USERS,
    severity: GENERAL,
    basis: `${BASIS}；reference/inspections.md`,
    taskKind: 'gas_enterprise',
    measure: 'rectify_within_deadline',
    measured: {
      unit: 'year',
      failWhen: '>',
      limit: DEFAULT_LIMITS.regulatorLifeYears,
      limitKey: 'regulatorLifeYears',
      quantity: L('调压器已使用年限', 'Regulator age'),
    },
    relatedCodes: ['RST-REGULATOR-AGE', 'HH-REGULATOR-AGE'],
  },
  {
    code: 'DLV-CYLINDER-UNDERGROUND',
    text: L('气瓶及燃具设置在地下室、半地下室等地下或密闭空间内', 'Cylinder and appliance in a basement, semi-basement or enclosed underground space'),
    category: 'problem_environment',
    appliesTo: USERS,
    severity: art9('9.1'),
    basis: `${BASIS}；GB 55009 §2.2.7；建城规〔2023〕4号 第9条第1项`,
    taskKind: 'gas_enterprise',
    measure: 'stop_use',
    relatedCodes: ['RST-LPG-BASEMENT', 'HH-LPG-UNDERGROUND', 'MHS-9.1'],
  },
  {
    code: 'DLV-CYLINDER-IN-BEDROOM',
    text: L('气瓶、燃具设置在卧室、客房等用于睡眠的房间内', 'Cylinder or appliance in a bedroom, guest room or other room for sleeping'),
    category: 'problem_environment',
    appliesTo: USERS,
    severity: art9('9.3'),
    basis: `${BASIS}；GB 55009 §5.3.3；建城规〔2023〕4号 第9条第3项`,
    taskKind: 'gas_enterprise',
    measure: 'stop_use',
    relatedCodes: ['RST-GAS-IN-SLEEPING-ROOM', 'HH-GAS-IN-BEDROOM', 'MHS-9.3'],
  },
  {
    code: 'DLV-CYLINDER-PLACEMENT',
    text: L(
      '气瓶放置不当：未直立放置、靠近火源热源、与燃具距离不在0.5m至1.0m之间',
      'Cylinder badly placed: not upright, near heat, or not 0.5–1.0 m from the appliance',
    ),
    category: 'problem_environment',
    appliesTo: USERS,
    severity: GENERAL,
    basis: `${BASIS}；reference/inspections.md`,
    taskKind: 'gas_enterprise',
    measure: 'rectify_within_deadline',
    relatedCodes: ['RST-CYL-APPLIANCE-DISTANCE'],
  },
  {
    code: 'DLV-CYLINDER-DINING-AREA',
    text: L('气瓶放置于室内用餐场所', 'Cylinder placed in the indoor dining area'),
    category: 'problem_environment',
    appliesTo: VENUES,
    severity: GENERAL,
    basis: `${BASIS}；004 四（三）1`,
    taskKind: 'gas_enterprise',
    measure: 'rectify_within_deadline',
    relatedCodes: ['RST-CYL-DINING-AREA'],
  },
  {
    code: 'DLV-TWO-PHASE-CYLINDER',
    text: L('餐饮等场所在用50kg"气液双相"气瓶', '50 kg two-phase cylinder in use at a restaurant or similar venue'),
    category: 'problem_cylinder',
    appliesTo: VENUES,
    severity: GENERAL,
    basis: `${BASIS}；000 二（四）3；R6.4`,
    taskKind: 'gas_enterprise',
    measure: 'refer_market_supervision',
    relatedCodes: ['RST-TWO-PHASE-CYLINDER'],
  },
  {
    code: 'DLV-STOVE-FLAME-FAILURE',
    text: L('灶具无熄火保护装置', 'Stove without flame-failure protection'),
    category: 'problem_stove',
    appliesTo: USERS,
    severity: GENERAL,
    basis: `${BASIS}；GB 55009 §6.1`,
    taskKind: 'gas_enterprise',
    measure: 'rectify_within_deadline',
    relatedCodes: ['RST-NO-FLAME-FAILURE', 'HH-STOVE-NO-FLAME-FAILURE'],
  },
  {
    code: 'DLV-DETECTOR',
    text: L(
      '未安装可燃气体探测器，或探测器不适用液化石油气、不能正常工作',
      'No gas detector, or detector not rated for LPG or not working',
    ),
    category: 'problem_environment',
    appliesTo: VENUES,
    severity: GENERAL,
    basis: `${BASIS}；000 二（四）2；004 四（三）1`,
    taskKind: 'gas_enterprise',
    measure: 'rectify_within_deadline',
    relatedCodes: ['RST-DETECTOR-MISSING', 'RST-DETECTOR-GAS-TYPE', 'RST-DETECTOR-EXPIRED'],
  },
];
