import { existsSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import type { ChecklistItemDef } from './checklist.types.js';
import { validateLibrary } from './checklist.rules.js';
import {
  AGENCY_ITEMS,
  CHECKLIST_LIBRARY,
  DELIVERY_ITEMS,
  DEFAULT_LIMITS,
  ENTERPRISE_ITEMS,
  FILLING_ITEMS,
  HOUSEHOLD_ITEMS,
  LIBRARY_VERSION,
  MHS_ITEMS,
  PIPELINE_ITEMS,
  RESTAURANT_ITEMS,
  TRANSPORT_ITEMS,
  findItem,
  itemsFor,
  withLimits,
} from './library/index.js';
import { dazuPreset, matchPresetRule, nanchangPreset, MATRIX_PRESETS } from '../departments/presets/index.js';

const codes = (items: readonly ChecklistItemDef[]) => items.map((i) => i.code);
const zh = (i: ChecklistItemDef) => i.text.zh;

describe('library shape (R3.1)', () => {
  it('R3.1 the whole library validates clean', () => {
    expect(validateLibrary(CHECKLIST_LIBRARY)).toEqual([]);
  });

  it('R3.1 carries a version', () => {
    expect(LIBRARY_VERSION).toMatch(/^\d{4}\.\d+$/);
  });

  it('R3.1 codes are unique across all files and carry their file prefix', () => {
    expect(new Set(codes(CHECKLIST_LIBRARY)).size).toBe(CHECKLIST_LIBRARY.length);
    const prefixed: [readonly ChecklistItemDef[], RegExp][] = [
      [RESTAURANT_ITEMS, /^RST-/],
      [HOUSEHOLD_ITEMS, /^HH-/],
      [ENTERPRISE_ITEMS, /^ENT-/],
      [FILLING_ITEMS, /^FIL-/],
      [PIPELINE_ITEMS, /^PIPE-/],
      [TRANSPORT_ITEMS, /^TRN-/],
      [AGENCY_ITEMS, /^AGY-/],
      [MHS_ITEMS, /^MHS-/],
      [DELIVERY_ITEMS, /^DLV-/],
    ];
    for (const [items, re] of prefixed) {
      expect(items.length).toBeGreaterThan(0);
      for (const i of items) expect(i.code).toMatch(re);
    }
    expect(prefixed.reduce((n, [items]) => n + items.length, 0)).toBe(CHECKLIST_LIBRARY.length);
  });

  it('R3.1 every measured item names its deployment setting and its default equals the setting', () => {
    for (const i of CHECKLIST_LIBRARY.filter((x) => x.measured)) {
      const m = i.measured!;
      expect(m.limitKey, i.code).toBeDefined();
      expect(DEFAULT_LIMITS[m.limitKey as keyof typeof DEFAULT_LIMITS], i.code).toBe(m.limit);
      if (m.failWhen === 'outside') expect(DEFAULT_LIMITS[m.upperKey as keyof typeof DEFAULT_LIMITS], i.code).toBe(m.upper);
      expect(m.quantity?.zh, i.code).toBeTruthy();
    }
  });

  it('R3.1 withLimits changes every item on the same setting and nothing else', () => {
    const changed = withLimits(CHECKLIST_LIBRARY, { hoseMaxLengthM: 1.5 });
    const hoseCodes = changed.filter((i) => i.measured?.limitKey === 'hoseMaxLengthM').map((i) => [i.code, i.measured?.limit]);
    expect(hoseCodes).toEqual([
      ['RST-HOSE-LENGTH', 1.5],
      ['HH-HOSE-LENGTH', 1.5],
      ['DLV-HOSE-LENGTH', 1.5],
    ]);
    expect(changed.filter((i, n) => i !== CHECKLIST_LIBRARY[n])).toHaveLength(3);
    expect(validateLibrary(changed)).toEqual([]);
  });
});

// ── R3.5: the national standard ──────────────────────────────────────────────────────────────

/** Every entry of reference/major-hazard-standard.md with its status (two statuses only). */
const STANDARD: [string, 'confirmed' | 'to confirm'][] = [
  ['4.1', 'confirmed'],
  ['4.2', 'confirmed'],
  ['4.3', 'confirmed'],
  ['4.4', 'confirmed'],
  ['4.5', 'confirmed'],
  ['5.1', 'confirmed'],
  ['5.2', 'confirmed'],
  ['5.3', 'to confirm'], // "confirmed start, to confirm end"
  ['5.4', 'to confirm'],
  ['5.5', 'to confirm'],
  ['5.6', 'to confirm'],
  ['6.1', 'confirmed'],
  ['6.2', 'confirmed'],
  ['6.x', 'to confirm'],
  ['7.1', 'confirmed'],
  ['7.2', 'to confirm'], // "confirmed start, to confirm end"
  ['7.x', 'to confirm'],
  ['8', 'to confirm'],
  ['9.1', 'confirmed'],
  ['9.2', 'confirmed'],
  ['9.3', 'confirmed'],
  ['9.4', 'confirmed'],
];

/** Parse the reference file: table rows per article, the article heading's "all confirmed", Art. 8's note. */
function parseStandard(text: string): [string, 'confirmed' | 'to confirm'][] {
  const out: [string, 'confirmed' | 'to confirm'][] = [];
  let article: string | null = null;
  let headingConfirmed = false;
  let rowsInArticle = 0;
  let sectionText = '';
  const closeArticle = () => {
    if (article !== null && rowsInArticle === 0) out.push([article, /to confirm/.test(sectionText) ? 'to confirm' : 'confirmed']);
  };
  for (const line of text.split('\n')) {
    const h = /^## Art\. (\d+)(.*)$/.exec(line);
    if (h) {
      closeArticle();
      article = h[1] ?? null;
      headingConfirmed = /all confirmed/.test(h[2] ?? '');
      rowsInArticle = 0;
      sectionText = '';
      continue;
    }
    if (line.startsWith('## ')) {
      closeArticle();
      article = null;
      continue;
    }
    if (article === null) continue;
    sectionText += `${line}\n`;
    const row = /^\|\s*(\d+\.(?:\d+|x))\s*\|(.*)\|\s*$/.exec(line);
    if (!row) continue;
    rowsInArticle += 1;
    const cells = (row[2] ?? '').split('|').map((c) => c.trim());
    const last = cells[cells.length - 1] ?? '';
    const status = headingConfirmed && !/confirm/.test(last) ? 'confirmed' : /to confirm/.test(last) ? 'to confirm' : 'confirmed';
    out.push([row[1] ?? '', status]);
  }
  closeArticle();
  return out;
}

const REFERENCE = '/work/shared/reference/major-hazard-standard.md';

describe('national major-hazard standard (R3.5)', () => {
  it.each(STANDARD)('R3.5 article %s has item MHS-%s with status %s', (id, status) => {
    const i = findItem(`MHS-${id}`);
    expect(i, `MHS-${id}`).toBeDefined();
    expect(i?.standardArticle).toEqual({ id, status });
    expect(i?.severity).toEqual({ kind: 'fixed', severity: 'major' });
    expect(i?.basis).toContain('建城规〔2023〕4号');
    expect(i?.appliesTo.every((a) => a.subject === 'enterprise' || a.subject === 'facility')).toBe(true);
    expect(i?.appliesTo.some((a) => a.subject === 'enterprise')).toBe(true);
  });

  it('R3.5 there is no MHS item beyond the reference', () => {
    expect(codes(MHS_ITEMS).sort()).toEqual(STANDARD.map(([id]) => `MHS-${id}`).sort());
  });

  it.skipIf(!existsSync(REFERENCE))('R3.5 the reference file lists exactly the articles above with the same statuses', () => {
    expect(parseStandard(readFileSync(REFERENCE, 'utf8'))).toEqual(STANDARD);
  });

  it('R3.5 basis cites the article, e.g. 第9条第1项', () => {
    expect(findItem('MHS-9.1')?.basis).toContain('建城规〔2023〕4号 第9条第1项');
    expect(findItem('MHS-4.5')?.basis).toContain('第4条第5项');
    expect(findItem('MHS-8')?.basis).toContain('第8条');
  });

  it.each(['9.1', '9.2', '9.3', '9.4'])('R3.5 Art. %s: an operator item, triggered by household and venue items', (article) => {
    const op = findItem(`MHS-${article}`)!;
    expect(op.appliesTo).toEqual([{ subject: 'enterprise', kinds: ['pipeline_gas', 'bottled_lpg', 'supply_point'] }]);
    const triggers = CHECKLIST_LIBRARY.filter((i) => i.severity.kind === 'operator_if_no_notice' && i.severity.article === article);
    expect(triggers.some((i) => i.code.startsWith('HH-'))).toBe(true);
    expect(triggers.some((i) => i.code.startsWith('RST-'))).toBe(true);
    for (const t of triggers) {
      expect(t.appliesTo.every((a) => a.subject === 'household' || a.subject === 'venue')).toBe(true);
      expect(t.basis).toContain(`第9条第${article.slice(2)}项`);
    }
  });

  it('R3.5 only the standard decides majors: no other item is fixed major', () => {
    const majors = CHECKLIST_LIBRARY.filter((i) => i.severity.kind === 'fixed' && i.severity.severity === 'major');
    expect(codes(majors).every((c) => c.startsWith('MHS-'))).toBe(true);
  });
});

// ── R3.2 / R3.3 / R3.4: every phrase of the requirement is covered ──────────────────────────

/** A phrase of the requirement and the Chinese words one item's text must all contain. */
type Phrase = [phrase: string, words: string[]];

const R32: Phrase[] = [
  ['LPG in basement/semi-basement', ['地下或半地下', '液化石油气']],
  ['cylinders over 100 kg without a dedicated cylinder room', ['100kg', '专用气瓶间']],
  ['in-use and spare cylinders not separated', ['在用气瓶和备用气瓶未分开']],
  ['hose longer than 2 m', ['软管长度超过2米']],
  ['private tee', ['三通']],
  ['hose through wall, door, window, ceiling or floor', ['软管', '穿越墙体', '门窗', '顶棚', '地面']],
  ['detector missing', ['未安装可燃气体探测器']],
  ['detector not properly installed', ['未规范安装', '探测器']],
  ['detector wrong gas type', ['探测器', '适用气种']],
  ['detector expired', ['探测器', '过期']],
  ['emergency shut-off valve missing', ['未安装燃气紧急切断阀']],
  ['emergency shut-off valve not properly installed', ['未规范安装', '紧急切断阀']],
  ['50 kg gas-liquid two-phase cylinder', ['50kg', '气液双相']],
  ['regulator with adjustable outlet pressure', ['可调节出口压力的调压器']],
  ['medium-pressure supply to burners incl. 猛火灶', ['中压供气', '猛火灶']],
  ['non-standard or counterfeit cylinders', ['不符合国家标准或假冒伪劣', '气瓶']],
  ['non-standard or counterfeit valves', ['不符合国家标准或假冒伪劣', '调压器']],
  ['non-standard or counterfeit detectors and shut-off valves', ['不符合国家标准或假冒伪劣', '紧急切断阀']],
  ['non-standard or counterfeit hoses', ['不符合国家标准或假冒伪劣', '软管']],
  ['non-standard or counterfeit stoves', ['不符合国家标准或假冒伪劣', '灶具']],
  ['industrial fuel in use', ['工业丙烷', '醇基燃料', '生物质燃油']],
  ['cylinders in the dining area', ['气瓶', '用餐场所']],
  ['no supply contract', ['供用气合同']],
  ['no fire-safety responsibility', ['消防安全责任制']],
  ['no fire-safety training', ['消防安全教育和培训']],
  ['no evacuation plan', ['应急疏散预案']],
  ['blocked exits', ['安全出口未保持畅通']],
  ['billboards on windows', ['门窗', '广告牌']],
  ['fire equipment missing', ['消防设施器材']],
  ['fire signs missing', ['消防安全标志']],
  ['no daily check of 灶管阀', ['每日', '灶管阀']],
  ['人走阀关', ['人走阀关']],
  ['monthly self-check not done or not posted', ['每月', '自查', '公示']],
  // measured limits of reference/inspections.md
  ['cylinder 0.5–1.0 m from the appliance', ['0.5m', '1.0m']],
  ['no cylinder over 5 kg in the dining area', ['用餐', '5kg']],
  ['regulator age', ['调压器', '使用年限']],
  ['flame-failure protection', ['熄火保护']],
];

const R33: Phrase[] = [
  ['rubber hose', ['橡胶软管']],
  ['stove without flame-out protection', ['灶具', '熄火保护']],
  ['adjustable regulator', ['可调节调压阀']],
  ['problem cylinder', ['问题气瓶']],
  ['gas use in garage', ['车库']],
  ['gas use in basement/semi-basement', ['地下室', '半地下室']],
  ['LPG in high-rise against rules', ['高层建筑']],
  ['unauthorised change of indoor installation', ['擅自', '改装', '户内燃气设施']],
  ['two gas sources in one room', ['同一房间', '两种及以上气源']],
  ['severely corroded indoor pipe', ['室内管道严重锈蚀']],
  ['direct-exhaust water heater', ['直排式燃气热水器']],
  ['missing alarm where required', ['报警装置']],
  ['missing self-closing valve where required', ['自闭阀']],
  // reference/inspections.md household items
  ['hose ≤ 2 m', ['软管长度超过2米']],
  ['meter clearance from the cooker', ['燃气表', '100mm']],
  ['meter clearance from electrics', ['燃气表', '300mm']],
  ['appliance within its life', ['燃具', '年限']],
  ['Art. 9.2 pipes in bathroom', ['卫生间']],
  ['Art. 9.3 gas in bedroom', ['卧室']],
  ['Art. 9.4 phased-out appliances', ['国家明令淘汰']],
];

const R34: Phrase[] = [
  ['licence', ['燃气经营许可证']],
  ['licence conditions', ['许可条件']],
  ['safety responsibility system', ['全员安全生产责任制']],
  ['enough safety managers', ['安全生产管理人员', '配备数量不足']],
  ['trained safety managers', ['安全生产管理人员', '培训并考核合格']],
  ['pipeline patrol and maintenance', ['巡查维护']],
  ['odorisation', ['加臭']],
  ['odorant dose', ['加臭剂量']],
  ['periodic household inspection', ['定期安全检查']],
  ['随瓶安检 by delivery staff', ['送气人员', '随瓶安检']],
  ['informing users of safe use', ['告知用户', '安全用气']],
  ['delivery-service rules', ['配送服务安全管理规范']],
  ['vehicle and staff markings', ['配送车辆及人员标志标识']],
  ['supply contracts', ['供气合同']],
  ['selling gas to unlicensed parties', ['无经营许可', '用于经营的燃气']],
  ['DME blending', ['掺混二甲醚']],
  ['industrial fuel sold to restaurants', ['餐饮', '工业丙烷']],
  ['fire facilities', ['消防设施设备']],
  ['两单两卡', ['两单两卡']],
  ['risk-grading system', ['安全风险分级管控']],
  ['hazard-investigation system', ['隐患排查治理']],
  ['emergency-plan system', ['应急救援预案']],
  ['日周月 checks', ['日周月']],
  ['filling non-owned cylinders', ['非自有气瓶充装']],
  ['filling overdue cylinders', ['充装超期未检气瓶']],
  ['filling unqualified cylinders', ['充装不合格气瓶']],
  ['filling over-age cylinders', ['超出设计使用年限']],
  ['filling refurbished cylinders', ['翻新气瓶']],
  ['pre/post-fill checks and records', ['充装前后的检查、记录']],
  ['traceability upload', ['充装溯源信息']],
  ['video of filling (阳光充装)', ['阳光充装', '视频']],
  ['certified operators', ['特种设备作业人员', '证书']],
  ['pipeline ageing', ['管道老化']],
  ['pipeline occupation', ['占压']],
  ['enclosed spaces', ['穿越密闭空间']],
  ['third-party works without a protection plan', ['保护方案']],
  ['transport permits', ['危险货物道路运输许可']],
  ['transport routes', ['指定路线']],
  ['以车代站/以车代储', ['以车代站', '以车代储']],
  ['transport monitoring', ['联网联控', '动态监控']],
  ['inspection agencies: fraud', ['检验报告弄虚作假']],
  ['inspection agencies: uncertified inspectors', ['检验人员无证操作']],
];

function coveredBy(items: readonly ChecklistItemDef[], words: string[]): ChecklistItemDef | undefined {
  return items.find((i) => words.every((w) => zh(i).includes(w)));
}

describe('requirement coverage', () => {
  it.each(R32)('R3.2 restaurant item for "%s"', (_phrase, words) => {
    expect(coveredBy(RESTAURANT_ITEMS, words), words.join(' + ')).toBeDefined();
  });
  it.each(R33)('R3.3 household item for "%s"', (_phrase, words) => {
    expect(coveredBy(HOUSEHOLD_ITEMS, words), words.join(' + ')).toBeDefined();
  });
  const enterpriseSide = [...ENTERPRISE_ITEMS, ...FILLING_ITEMS, ...PIPELINE_ITEMS, ...TRANSPORT_ITEMS, ...AGENCY_ITEMS, ...MHS_ITEMS];
  it.each(R34)('R3.4 enterprise item for "%s"', (_phrase, words) => {
    expect(coveredBy(enterpriseSide, words), words.join(' + ')).toBeDefined();
  });

  it('R3.2 the measured restaurant rules are measured with the seeds\' limits', () => {
    expect(findItem('RST-HOSE-LENGTH')?.measured).toMatchObject({ unit: 'm', failWhen: '>', limit: 2 });
    expect(findItem('RST-CYL-TOTAL-WEIGHT')?.measured).toMatchObject({
      unit: 'kg',
      failWhen: '>',
      limit: 100,
      unlessFlag: { key: 'hasCylinderRoom', label: { zh: '设有专用气瓶间' } },
    });
    expect(findItem('RST-CYL-APPLIANCE-DISTANCE')?.measured).toMatchObject({ unit: 'm', failWhen: 'outside', limit: 0.5, upper: 1 });
    expect(findItem('RST-REGULATOR-AGE')?.measured).toMatchObject({ unit: 'year', limit: 5 });
    expect(findItem('HH-METER-COOKER-CLEARANCE')?.measured).toMatchObject({ unit: 'mm', failWhen: '<', limit: 100 });
  });

  it('R3.2 items cite their seed paragraphs', () => {
    expect(findItem('RST-HOSE-LENGTH')?.basis).toContain('000 二（四）2');
    expect(findItem('RST-COUNTERFEIT-HOSE')?.basis).toContain('000 二（四）3');
    expect(findItem('RST-MONTHLY-SELF-CHECK')?.basis).toContain('001 三（三）2');
    expect(findItem('RST-EXITS-BLOCKED')?.basis).toContain('003 第17项');
    expect(findItem('RST-CYL-DINING-AREA')?.basis).toContain('004 四（三）1');
  });

  it('R6.3 the 随瓶安检 list is short, for bottled-gas users, and drawn from restaurant/household items', () => {
    expect(DELIVERY_ITEMS.length).toBeLessThanOrEqual(15);
    for (const d of DELIVERY_ITEMS) {
      expect(d.appliesTo.every((a) => (a.subject === 'venue' || a.subject === 'household') && a.where?.gasSource?.includes('bottled_lpg'))).toBe(true);
      expect(d.relatedCodes?.some((c) => c.startsWith('RST-') || c.startsWith('HH-')), d.code).toBe(true);
    }
    for (const words of [['软管'], ['调压器'], ['检漏'], ['气瓶放置'], ['探测器']]) {
      expect(coveredBy(DELIVERY_ITEMS, words), words.join()).toBeDefined();
    }
    expect(findItem('DLV-DETECTOR')?.appliesTo.map((a) => a.subject)).toEqual(['venue']);
  });
});

// ── itemsFor ─────────────────────────────────────────────────────────────────────────────────

describe('itemsFor (R3.1)', () => {
  const lpgRestaurant = itemsFor({ type: 'venue', kind: 'restaurant', attrs: { gasSource: 'bottled_lpg' } });
  const pipedRestaurant = itemsFor({ type: 'venue', kind: 'restaurant', attrs: { gasSource: 'pipeline_ng' } });
  const LPG_ONLY = [
    'RST-LPG-BASEMENT',
    'RST-CYL-TOTAL-WEIGHT',
    'RST-CYL-SEPARATION',
    'RST-TWO-PHASE-CYLINDER',
    'RST-REGULATOR-ADJUSTABLE',
    'RST-COUNTERFEIT-CYLINDER',
    'RST-DETECTOR-DISTANCE-LPG',
  ];

  it('R3.2 a restaurant on bottled LPG gets the LPG items and the common ones', () => {
    expect(codes(lpgRestaurant)).toEqual(expect.arrayContaining([...LPG_ONLY, 'RST-HOSE-LENGTH', 'RST-EXITS-BLOCKED', 'RST-INDUSTRIAL-FUEL']));
    expect(codes(lpgRestaurant)).not.toContain('RST-DETECTOR-DISTANCE-NG');
    expect(codes(lpgRestaurant)).toEqual(expect.arrayContaining(codes(DELIVERY_ITEMS)));
  });

  it('R3.2 a restaurant on pipeline gas gets no LPG-only item', () => {
    const lpgOnly = CHECKLIST_LIBRARY.filter((i) =>
      i.appliesTo.filter((a) => a.subject === 'venue').every((a) => a.where?.gasSource && !a.where.gasSource.includes('pipeline_ng')),
    ).filter((i) => i.appliesTo.some((a) => a.subject === 'venue'));
    expect(lpgOnly.length).toBeGreaterThan(10);
    for (const i of lpgOnly) expect(codes(pipedRestaurant)).not.toContain(i.code);
    for (const c of LPG_ONLY) expect(codes(pipedRestaurant)).not.toContain(c);
    expect(codes(pipedRestaurant)).toEqual(expect.arrayContaining(['RST-HOSE-LENGTH', 'RST-SHUTOFF-MISSING', 'RST-DETECTOR-DISTANCE-NG']));
    expect(codes(pipedRestaurant).some((c) => c.startsWith('DLV-'))).toBe(false);
  });

  it('R3.2 a venue whose gas source is not recorded gets every venue item (the inspector answers 不适用)', () => {
    const unknown = itemsFor({ type: 'venue', kind: 'restaurant' });
    expect(codes(unknown)).toEqual(expect.arrayContaining([...LPG_ONLY, 'RST-DETECTOR-DISTANCE-NG']));
  });

  it('R3.2 the restaurant rules also apply to schools, hospitals and other venues (000 二（四）)', () => {
    const school = codes(itemsFor({ type: 'venue', kind: 'school', attrs: { gasSource: 'bottled_lpg' } }));
    expect(school).toEqual(codes(lpgRestaurant));
  });

  it('R3.1 venues get no household, enterprise or MHS items', () => {
    expect(codes(lpgRestaurant).every((c) => /^(RST|DLV)-/.test(c) || c === 'ENT-ILLEGAL-GAS')).toBe(true);
  });

  it('R3.3 households: bottled vs piped, and the 100 m alarm only for tall buildings', () => {
    const bottled = codes(itemsFor({ type: 'household', kind: '', attrs: { gasSource: 'bottled_lpg', highRise100m: false } }));
    const piped = codes(itemsFor({ type: 'household', kind: '', attrs: { gasSource: 'pipeline_ng', highRise100m: true } }));
    expect(bottled).toEqual(expect.arrayContaining(['HH-LPG-UNDERGROUND', 'HH-REGULATOR-ADJUSTABLE', 'HH-HOSE-LENGTH', 'DLV-HOSE-LENGTH']));
    expect(bottled).not.toContain('HH-ALARM-HIGH-RISE');
    expect(bottled).not.toContain('HH-METER-COOKER-CLEARANCE');
    expect(bottled).not.toContain('DLV-DETECTOR');
    expect(piped).toEqual(expect.arrayContaining(['HH-ALARM-HIGH-RISE', 'HH-SELF-CLOSING-VALVE', 'HH-METER-ELECTRIC-CLEARANCE']));
    expect(piped).not.toContain('HH-LPG-UNDERGROUND');
    expect(bottled.every((c) => /^(HH|DLV)-/.test(c) || c === 'ENT-ILLEGAL-GAS')).toBe(true);
  });

  it('R3.4 a filling station gets FIL items, MHS-7.1 and the operator items, not restaurant ones', () => {
    const fs = codes(itemsFor({ type: 'enterprise', kind: 'filling_station' }));
    expect(fs).toEqual(expect.arrayContaining(codes(FILLING_ITEMS)));
    expect(fs).toEqual(expect.arrayContaining(['MHS-7.1', 'MHS-4.1', 'ENT-FIRE-FACILITIES']));
    expect(fs.some((c) => c.startsWith('RST-') || c.startsWith('HH-'))).toBe(false);
    expect(fs).not.toContain('MHS-9.1'); // a filling station does not inspect users
  });

  it('R3.5 a pipeline operator gets Art. 4, 6 and 9 items', () => {
    const pg = codes(itemsFor({ type: 'enterprise', kind: 'pipeline_gas' }));
    expect(pg).toEqual(expect.arrayContaining(['MHS-4.1', 'MHS-4.5', 'MHS-6.1', 'MHS-6.2', 'MHS-9.1', 'MHS-9.4', 'ENT-ODORISATION']));
  });

  it('R3.5 occupation of a pipeline: medium pressure → MHS-6.1 (major), low pressure → PIPE-OCCUPIED (general)', () => {
    const medium = codes(itemsFor({ type: 'facility', kind: 'pipeline_municipal', attrs: { pressureClass: 'medium_a' } }));
    const low = codes(itemsFor({ type: 'facility', kind: 'pipeline_courtyard', attrs: { pressureClass: 'low' } }));
    expect(medium).toContain('MHS-6.1');
    expect(medium).not.toContain('PIPE-OCCUPIED');
    expect(low).toContain('PIPE-OCCUPIED');
    expect(low).not.toContain('MHS-6.1');
  });

  it('R3.4 transport vehicles, delivery vehicles and inspection agencies', () => {
    expect(codes(itemsFor({ type: 'vehicle', kind: 'transport' }))).toEqual(expect.arrayContaining(['TRN-NO-PERMIT', 'TRN-ROUTE', 'TRN-VEHICLE-AS-STATION']));
    expect(codes(itemsFor({ type: 'vehicle', kind: 'delivery' }))).toEqual(expect.arrayContaining(['TRN-DELIVERY-VEHICLE-REGISTRATION', 'TRN-VEHICLE-AS-STATION']));
    expect(codes(itemsFor({ type: 'enterprise', kind: 'inspection_agency' }))).toEqual(expect.arrayContaining(codes(AGENCY_ITEMS)));
  });
});

// ── Routing through the responsibility matrix (R1.3) ─────────────────────────────────────────

describe('routing of items to lead departments (R1.3 with R3.1)', () => {
  it('R1.3 every item resolves to a rule in every preset', () => {
    for (const preset of MATRIX_PRESETS) {
      for (const i of CHECKLIST_LIBRARY) expect(matchPresetRule(preset, i.category, i.taskKind).lead, `${preset.key} ${i.code}`).toBeTruthy();
    }
  });

  const lead = (code: string, preset = dazuPreset) => {
    const i = findItem(code)!;
    return matchPresetRule(preset, i.category, i.taskKind).lead;
  };

  it.each([
    ['RST-HOSE-LENGTH', 'fire'], // 000 二（四）2 区消防救援支队牵头
    ['RST-LPG-BASEMENT', 'fire'],
    ['RST-CYL-TOTAL-WEIGHT', 'fire'],
    ['RST-DETECTOR-MISSING', 'fire'],
    ['RST-COUNTERFEIT-HOSE', 'market_supervision'], // 000 二（四）3 移送市场监管
    ['RST-TWO-PHASE-CYLINDER', 'market_supervision'],
    ['RST-REGULATOR-ADJUSTABLE', 'market_supervision'],
    ['RST-MEDIUM-PRESSURE-BURNER', 'market_supervision'],
    ['RST-FIRE-RESPONSIBILITY', 'fire'], // 000 二（四）1
    ['RST-EXITS-BLOCKED', 'fire'], // 000 二（四）4
    ['RST-DAILY-CHECK', 'commerce'], // 001 三（三）2 商务
    ['RST-SAFETY-RULES', 'commerce'], // 000 二（五）6
    ['RST-INDUSTRIAL-FUEL', 'emergency'], // 000 二（一）5
    ['ENT-ODORISATION', 'gas_authority'], // 000 二（一）2
    ['ENT-FIRE-FACILITIES', 'fire'], // 000 二（一）7
    ['ENT-ILLEGAL-GAS', 'public_security'], // 000 二（一）6
    ['ENT-SELLER-HOSE', 'market_supervision'], // 000 二（二）3
    ['FIL-OVERDUE-CYLINDER', 'market_supervision'], // 000 二（一）4
    ['MHS-7.1', 'market_supervision'],
    ['PIPE-OCCUPIED', 'gas_authority'], // 000 二（三）1
    ['TRN-NO-PERMIT', 'transport'], // 000 二（三）2
    ['TRN-MONITORING', 'transport'], // 000 二（五）4
    ['AGY-FALSE-REPORT', 'market_supervision'], // 000 二（三）3
    ['HH-COUNTERFEIT-STOVE', 'market_supervision'], // 001 三（五）移送市场监管
  ])('R1.3 Dazu (000): %s → %s', (code, expected) => {
    expect(lead(code)).toBe(expected);
  });

  it('R1.3 Dazu cooperating departments follow the seed for the hose and for enterprise fire facilities', () => {
    const hose = findItem('RST-HOSE-LENGTH')!;
    expect(matchPresetRule(dazuPreset, hose.category, hose.taskKind).cooperating).toEqual(['commerce']);
    const fire = findItem('ENT-FIRE-FACILITIES')!;
    expect(matchPresetRule(dazuPreset, fire.category, fire.taskKind).cooperating).toEqual(['gas_authority', 'housing', 'market_supervision']);
  });

  it.each([
    ['RST-HOSE-LENGTH', 'fire'],
    ['RST-COUNTERFEIT-HOSE', 'market_supervision'],
    ['RST-DAILY-CHECK', 'commerce'],
    ['ENT-DELIVERY-MARKINGS', 'gas_authority'], // 002 二（一）2 市城管执法局
    ['FIL-TRACEABILITY-UPLOAD', 'market_supervision'], // 002 二（一）4
  ])('R1.3 Nanchang (002): %s → %s', (code, expected) => {
    expect(lead(code, nanchangPreset)).toBe(expected);
  });
});
