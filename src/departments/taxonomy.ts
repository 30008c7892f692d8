/**
 * Shared vocabulary of the responsibility matrix (R1.3). Keys are stable identifiers stored in the
 * database; the Chinese labels are what users see. Departments are never hard-coded by name: each
 * region maps a functional key (e.g. `gas_authority`) to its own department (R1.2).
 */

/** Hazard categories of the checklist library (R3.1). */
export const HAZARD_CATEGORIES = [
  'problem_gas', // 问题气
  'problem_cylinder', // 问题瓶
  'problem_valve', // 问题阀
  'problem_hose', // 问题软管
  'problem_stove', // 问题灶
  'problem_pipeline', // 问题管网
  'problem_environment', // 问题环境
  'management', // 管理责任
] as const;
export type HazardCategory = (typeof HAZARD_CATEGORIES)[number];

export const HAZARD_CATEGORY_LABELS: Record<HazardCategory, { zh: string; en: string }> = {
  problem_gas: { zh: '问题气', en: 'Problem gas' },
  problem_cylinder: { zh: '问题瓶', en: 'Problem cylinder' },
  problem_valve: { zh: '问题阀', en: 'Problem valve' },
  problem_hose: { zh: '问题软管', en: 'Problem hose' },
  problem_stove: { zh: '问题灶', en: 'Problem stove' },
  problem_pipeline: { zh: '问题管网', en: 'Problem pipeline' },
  problem_environment: { zh: '问题环境', en: 'Problem environment' },
  management: { zh: '管理责任', en: 'Management responsibility' },
};

/**
 * Functional department keys. A region's departments carry one of these keys (or a custom one),
 * so the matrix can say "market supervision leads" without knowing the local name.
 */
export const DEPARTMENT_KEYS = [
  'gas_authority', // 燃气主管部门 (经信委 / 城管执法局 / 住建 …, differs by place)
  'housing', // 住房城乡建设
  'urban_management', // 城市管理 / 综合执法
  'market_supervision', // 市场监管
  'commerce', // 商务
  'emergency', // 应急管理
  'public_security', // 公安
  'transport', // 交通运输
  'fire', // 消防救援
  'education', // 教育
  'civil_affairs', // 民政
  'health', // 卫生健康
  'culture_tourism', // 文化旅游
  'planning', // 规划自然资源
  'development_reform', // 发展改革
  'finance', // 财政
  'justice', // 司法
  'ethnic_religious', // 民族宗教
  'government_affairs', // 机关事务 / 后勤
  'taxation', // 税务
  'communications', // 通信管理 / 网信
  'publicity', // 宣传
  'human_resources', // 人力社保
  'economy_informatization', // 经济和信息化 (where not the gas authority)
  'safety_committee', // 安委办 / 专班
] as const;
export type DepartmentKey = (typeof DEPARTMENT_KEYS)[number];

/**
 * Task kinds: the fields of work the seeds assign to a lead department. Together with the hazard
 * category they select a row of the matrix. `*` in a rule matches any value.
 */
export const TASK_KINDS = [
  'gas_enterprise', // 燃气经营企业（许可、经营、安全管理）
  'filling', // 气瓶充装
  'cylinder_product', // 气瓶及燃气具、配件产品质量（生产、流通、销售）
  'pipeline', // 燃气管道设施（老化、占压、密闭空间、第三方施工）
  'transport', // 燃气运输
  'catering', // 餐饮等用气场所
  'crowded_venue', // 学校、医院、养老机构、景区等人员密集场所
  'household', // 居民用户
  'industrial_fuel', // 工业燃料（工业丙烷、醇基燃料等）
  'illegal_gas', // 打击非法经营、黑气、黑窝点
  'fire_safety', // 消防安全
  'monitoring', // 监测预警 / 城市生命线
  'renovation', // 老化管道更新改造、瓶改管、气改电
  'publicity', // 宣传培训
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
