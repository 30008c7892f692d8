import { describe, expect, it } from 'vitest';
import {
  abbreviationProblem,
  appealSentence,
  deadlineSentence,
  defaultAbbreviation,
  defaultAppealBodies,
  formatNoticeNumber,
  mayIssueAs,
  publicSubjectName,
  shortDepartmentName,
  shortRegionName,
  verificationCodeFrom,
  type IssuingUnit,
} from './notices.rules.js';

const dept = (over: Partial<Extract<IssuingUnit, { type: 'department' }>> = {}): IssuingUnit => ({
  type: 'department',
  id: 'd-market',
  name: '区市场监管局',
  regionId: 'r-dazu',
  regionPath: '/cn/cq/city/dazu/',
  regionName: '大足区',
  isGasAuthority: false,
  ...over,
});
const town: IssuingUnit = { type: 'region', id: 'r-longgang', name: '龙岗街道', regionId: 'r-longgang', regionPath: '/cn/cq/city/dazu/longgang/', regionName: '龙岗街道', level: 'town' };
const hazard = (over: Partial<{ leadDepartmentId: string | null; cooperatingDepartmentIds: string[]; townId: string | null }> = {}) => ({
  leadDepartmentId: 'd-market',
  cooperatingDepartmentIds: [] as string[],
  townId: 'r-longgang',
  ...over,
});

describe('R4.4 document numbers', () => {
  it('formats issuer abbreviation, year in 〔〕 and sequence', () => {
    expect(formatNoticeNumber('足经信燃整改', 2024, 12)).toBe('足经信燃整改〔2024〕12号');
  });

  it('derives default abbreviations from names', () => {
    expect(shortRegionName('大足区')).toBe('大足');
    expect(shortRegionName('龙岗街道')).toBe('龙岗');
    expect(shortRegionName('宝顶镇')).toBe('宝顶');
    expect(shortRegionName('重庆市')).toBe('重庆');
    expect(shortRegionName('沙区')).toBe('沙区'); // a one-character stem keeps its suffix
    expect(shortDepartmentName('区市场监管局')).toBe('市场');
    expect(shortDepartmentName('区消防救援支队')).toBe('消防');
    expect(shortDepartmentName('区经济信息委')).toBe('经济');
    expect(defaultAbbreviation(dept())).toBe('大足市场燃整改');
    expect(defaultAbbreviation(town)).toBe('龙岗燃整改');
  });

  it('accepts only short abbreviations without the brackets of the number', () => {
    expect(abbreviationProblem('足经信燃整改')).toBeNull();
    for (const bad of ['', ' ', '足〔燃', '足 燃', 'x'.repeat(21), '足燃号']) expect(abbreviationProblem(bad)).toBe('notice.abbreviation.invalid');
  });
});

describe('R4.4 appeal bodies', () => {
  it('names the county-level government and court with the municipality or the city', () => {
    const cq = [
      { level: 'country', name: '全国' },
      { level: 'province', name: '重庆市' },
      { level: 'city', name: '重庆市市辖区' },
      { level: 'district', name: '大足区' },
      { level: 'town', name: '龙岗街道' },
    ];
    expect(defaultAppealBodies(cq)).toEqual({ reviewBody: '重庆市大足区人民政府', court: '重庆市大足区人民法院' });
    const js = [
      { level: 'province', name: '江苏省' },
      { level: 'city', name: '南京市' },
      { level: 'district', name: '玄武区' },
    ];
    expect(defaultAppealBodies(js)).toEqual({ reviewBody: '南京市玄武区人民政府', court: '南京市玄武区人民法院' });
    expect(defaultAppealBodies(js.slice(0, 2))).toEqual({ reviewBody: '南京市人民政府', court: '南京市人民法院' });
  });

  it('states 60 days for review, 6 months for a lawsuit, and no suspension', () => {
    const s = appealSentence('隐患整改通知书', '重庆市大足区人民政府', '重庆市大足区人民法院');
    expect(s).toContain('六十日内依法向重庆市大足区人民政府申请行政复议');
    expect(s).toContain('六个月内依法向重庆市大足区人民法院提起行政诉讼');
    expect(s).toContain('不停止执行');
  });
});

describe('R4.4 the deadline sentence', () => {
  it('names items sharing a deadline together, earliest first', () => {
    expect(deadlineSentence(['2026-12-31', '2026-12-31'])).toBe('责令对第1、2项问题于2026年12月31日前整改完毕。');
    expect(deadlineSentence(['2027-01-15', '2026-12-31', '2027-01-15'])).toBe('责令对第2项问题于2026年12月31日前整改完毕；对第1、3项问题于2027年1月15日前整改完毕。');
  });
});

describe('R4.4 who may issue in whose name', () => {
  const officer = (role: string, over: Partial<{ departmentId: string | null; regionPath: string }> = {}) => ({ role: role as 'task_force', departmentId: null, regionPath: '/cn/cq/city/dazu/', ...over });

  it('a department in its own name, on hazards of its field (the gas authority on all)', () => {
    expect(mayIssueAs(officer('dept_officer', { departmentId: 'd-market' }), dept(), [hazard()])).toEqual({ ok: true });
    expect(mayIssueAs(officer('dept_officer', { departmentId: 'd-fire' }), dept(), [hazard()])).toMatchObject({ ok: false, code: 'ROLE' });
    expect(mayIssueAs(officer('dept_officer', { departmentId: 'd-market' }), dept(), [hazard({ leadDepartmentId: 'd-fire' })])).toMatchObject({ ok: false, key: 'notice.issuer.notResponsible' });
    expect(mayIssueAs(officer('dept_officer', { departmentId: 'd-market' }), dept(), [hazard({ leadDepartmentId: 'd-fire', cooperatingDepartmentIds: ['d-market'] })])).toEqual({ ok: true });
    const gas = dept({ id: 'd-gas', name: '区经济信息委', isGasAuthority: true });
    expect(mayIssueAs(officer('dept_officer', { departmentId: 'd-gas' }), gas, [hazard({ leadDepartmentId: 'd-fire' })])).toEqual({ ok: true });
  });

  it('a town in its own name, on hazards of its territory only', () => {
    const t = officer('town_officer', { regionPath: town.regionPath });
    expect(mayIssueAs(t, town, [hazard()])).toEqual({ ok: true });
    expect(mayIssueAs(t, town, [hazard({ townId: 'r-other' })])).toMatchObject({ ok: false, key: 'notice.issuer.notResponsible' });
    expect(mayIssueAs(t, dept(), [hazard()])).toMatchObject({ ok: false, code: 'ROLE' });
  });

  it('the task force in the name of any unit of its region; nobody else', () => {
    expect(mayIssueAs(officer('task_force'), town, [hazard()])).toEqual({ ok: true });
    expect(mayIssueAs(officer('task_force', { regionPath: '/cn/cq/city/tongliang/' }), town, [hazard()])).toMatchObject({ ok: false, code: 'ROLE' });
    expect(mayIssueAs(officer('task_force'), { ...town, level: 'community' }, [hazard()])).toMatchObject({ ok: false, key: 'notice.issuer.notTown' });
    for (const role of ['grid_worker', 'venue_user', 'enterprise_admin', 'machine']) expect(mayIssueAs(officer(role), town, [hazard()]).ok).toBe(false);
  });
});

describe('R4.4 public verification', () => {
  it('codes avoid characters misread on paper', () => {
    const code = verificationCodeFrom(new Uint8Array([0, 1, 2, 250, 255, 30, 31, 100, 200, 77]));
    expect(code).toHaveLength(10);
    expect(code).not.toMatch(/[01OIL]/);
  });

  it('shows a household only by the start of its address', () => {
    expect(publicSubjectName('venue', '老街火锅')).toBe('老街火锅');
    const shown = publicSubjectName('household', '重庆市大足区龙岗街道五星大道1号3-2');
    expect(shown).toBe('重庆市大足区****');
    expect(shown).not.toContain('3-2');
  });
});
