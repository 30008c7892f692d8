import { describe, it, expect } from 'vitest';
import type { ChecklistItemDef, MeasuredRule } from './checklist.types.js';
import {
  isJudgeError,
  judgeAnswer,
  severityOf,
  validateLibrary,
  violates,
  type Judgement,
  type JudgeError,
  type LibraryProblemKind,
} from './checklist.rules.js';
import { CHECKLIST_LIBRARY, findItem, withLimits } from './library/index.js';

function item(code: string): ChecklistItemDef {
  const found = findItem(code);
  if (!found) throw new Error(`no item ${code}`);
  return found;
}
function ok(r: Judgement | JudgeError): Judgement {
  if (isJudgeError(r)) throw new Error(`unexpected error ${r.error}: ${r.message}`);
  return r;
}
function err(r: Judgement | JudgeError): JudgeError {
  if (!isJudgeError(r)) throw new Error(`expected an error, got ${r.result}`);
  return r;
}

const hose = item('RST-HOSE-LENGTH');
const weight = item('RST-CYL-TOTAL-WEIGHT');

describe('judgeAnswer — measured items (R3.2)', () => {
  it('R3.2 hose length: 2.0 m passes, 2.1 m fails', () => {
    expect(ok(judgeAnswer(hose, { value: 2.0 })).result).toBe('pass');
    const fail = ok(judgeAnswer(hose, { value: 2.1 }));
    expect(fail.result).toBe('fail');
    expect(fail.reason).toContain('2.1');
    expect(fail.reason).toContain('超过限值 2m');
  });

  it('R3.3 household hose: the same 2 m limit', () => {
    const hh = item('HH-HOSE-LENGTH');
    expect(ok(judgeAnswer(hh, { value: 2 })).result).toBe('pass');
    expect(ok(judgeAnswer(hh, { value: 2.01 })).result).toBe('fail');
  });

  it('R3.2 cylinders: 99 kg passes, 101 kg without a cylinder room fails, 101 kg with one passes', () => {
    expect(ok(judgeAnswer(weight, { value: 99 })).result).toBe('pass');
    expect(ok(judgeAnswer(weight, { value: 100 })).result).toBe('pass');
    expect(ok(judgeAnswer(weight, { value: 101 })).result).toBe('fail');
    expect(ok(judgeAnswer(weight, { value: 101, flags: { hasCylinderRoom: false } })).result).toBe('fail');
    const excused = ok(judgeAnswer(weight, { value: 101, flags: { hasCylinderRoom: true } }));
    expect(excused.result).toBe('pass');
    expect(excused.reason).toContain('设有专用气瓶间');
  });

  it('R3.2 the flag does not matter below the limit', () => {
    expect(ok(judgeAnswer(weight, { value: 60, flags: { hasCylinderRoom: false } })).result).toBe('pass');
  });

  it('R3.2 cylinder–appliance distance: permitted band 0.5–1.0 m, ends included', () => {
    const d = item('RST-CYL-APPLIANCE-DISTANCE');
    expect(ok(judgeAnswer(d, { value: 0.49 })).result).toBe('fail');
    expect(ok(judgeAnswer(d, { value: 0.5 })).result).toBe('pass');
    expect(ok(judgeAnswer(d, { value: 1.0 })).result).toBe('pass');
    const far = ok(judgeAnswer(d, { value: 1.2 }));
    expect(far.result).toBe('fail');
    expect(far.reason).toContain('不在允许范围');
  });

  it('R3.2 dining area: a 5 kg cylinder passes, a 15 kg one fails; none (0) passes', () => {
    const d = item('RST-CYL-DINING-AREA');
    expect(ok(judgeAnswer(d, { value: 0 })).result).toBe('pass');
    expect(ok(judgeAnswer(d, { value: 5 })).result).toBe('pass');
    expect(ok(judgeAnswer(d, { value: 15 })).result).toBe('fail');
  });

  it('R3.2 regulator age: 5 years passes, 6 fails by default; a deployment with 3 years fails 4', () => {
    const reg = item('RST-REGULATOR-AGE');
    expect(ok(judgeAnswer(reg, { value: 5 })).result).toBe('pass');
    expect(ok(judgeAnswer(reg, { value: 6 })).result).toBe('fail');
    const [local] = withLimits([reg], { regulatorLifeYears: 3 });
    expect(local?.measured?.limit).toBe(3);
    expect(ok(judgeAnswer(local!, { value: 4 })).result).toBe('fail');
    expect(reg.measured?.limit).toBe(5); // the library itself is untouched
  });

  it('R3.3 meter clearances in mm: below the minimum fails', () => {
    const cooker = item('HH-METER-COOKER-CLEARANCE');
    expect(ok(judgeAnswer(cooker, { value: 100 })).result).toBe('pass');
    expect(ok(judgeAnswer(cooker, { value: 99 })).result).toBe('fail');
    const electric = item('HH-METER-ELECTRIC-CLEARANCE');
    expect(ok(judgeAnswer(electric, { value: 300 })).result).toBe('pass');
    expect(ok(judgeAnswer(electric, { value: 250 })).result).toBe('fail');
  });

  it('R3.1 an explicit result that agrees with the measurement is accepted', () => {
    expect(ok(judgeAnswer(hose, { value: 2.5, result: 'fail' })).result).toBe('fail');
    expect(ok(judgeAnswer(weight, { value: 150, flags: { hasCylinderRoom: true }, result: 'pass' })).result).toBe('pass');
  });

  it('R3.1 an explicit result that contradicts the measurement is a typed error', () => {
    const e = err(judgeAnswer(hose, { value: 2.5, result: 'pass' }));
    expect(e.error).toBe('contradicts_measurement');
    expect(err(judgeAnswer(weight, { value: 101, result: 'pass' })).error).toBe('contradicts_measurement');
    expect(err(judgeAnswer(hose, { value: 1.5, result: 'na' })).error).toBe('contradicts_measurement');
  });

  it('R3.1 a measured item needs a value for pass/fail, but may be not applicable', () => {
    expect(err(judgeAnswer(hose, { result: 'pass' })).error).toBe('measurement_required');
    expect(err(judgeAnswer(hose, { result: 'fail' })).error).toBe('measurement_required');
    expect(ok(judgeAnswer(hose, { result: 'na' }))).toEqual({ result: 'na' });
  });

  it('R3.1 bad values and unknown flags are errors', () => {
    expect(err(judgeAnswer(hose, { value: Number.NaN })).error).toBe('invalid_value');
    expect(err(judgeAnswer(hose, { value: Number.POSITIVE_INFINITY })).error).toBe('invalid_value');
    expect(err(judgeAnswer(hose, { value: -1 })).error).toBe('invalid_value');
    expect(err(judgeAnswer(hose, { value: 1, flags: { hasCylinderRoom: true } })).error).toBe('unknown_flag');
    expect(err(judgeAnswer(weight, { value: 101, flags: { hasCylindreRoom: true } })).error).toBe('unknown_flag');
  });
});

describe('judgeAnswer — plain items (R3.7)', () => {
  const tee = item('RST-HOSE-TEE');
  it('R3.7 合格/不合格/不适用 pass through', () => {
    expect(ok(judgeAnswer(tee, { result: 'pass' }))).toEqual({ result: 'pass' });
    expect(ok(judgeAnswer(tee, { result: 'fail' }))).toEqual({ result: 'fail' });
    expect(ok(judgeAnswer(tee, { result: 'na' }))).toEqual({ result: 'na' });
  });
  it('R3.7 a value for an unmeasured item is an error', () => {
    expect(err(judgeAnswer(tee, { value: 1 })).error).toBe('not_a_measured_item');
  });
});

describe('violates — every comparison (R3.1)', () => {
  const rule = (failWhen: MeasuredRule['failWhen'], limit: number, upper?: number): MeasuredRule => ({
    unit: 'm',
    failWhen,
    limit,
    ...(upper === undefined ? {} : { upper }),
  });
  it.each([
    ['>', 2, 2, false],
    ['>', 2, 2.1, true],
    ['>=', 2, 1.9, false],
    ['>=', 2, 2, true],
    ['<', 100, 100, false],
    ['<', 100, 99, true],
    ['<=', 100, 101, false],
    ['<=', 100, 100, true],
  ] as const)('R3.1 %s %d with value %d → violated %s', (op, limit, value, expected) => {
    expect(violates(rule(op, limit), value)).toBe(expected);
  });
  it('R3.1 outside: below, inside and above the band', () => {
    const r = rule('outside', 0.5, 1);
    expect([0.4, 0.5, 0.75, 1, 1.01].map((v) => violates(r, v))).toEqual([true, false, false, false, true]);
  });
});

describe('severityOf — Art. 9 of 建城规〔2023〕4号 (R3.5)', () => {
  const basement = item('HH-LPG-UNDERGROUND');

  it('R3.5 Art. 9.1 at a household without a written notice: user general + operator major (MHS-9.1)', () => {
    const hazards = severityOf(basement, { subjectType: 'household', operatorNoticeIssued: false });
    expect(hazards).toHaveLength(2);
    expect(hazards[0]).toMatchObject({ against: 'subject', severity: 'general' });
    expect(hazards[1]).toMatchObject({ against: 'operator', severity: 'major', itemCode: 'MHS-9.1' });
    expect(hazards[1]?.reason).toContain('第9条第1项');
    expect(hazards[1]?.reason).toContain('书面告知');
  });

  it('R3.5 Art. 9.1 with a written notice issued: only the user general hazard remains', () => {
    const hazards = severityOf(basement, { subjectType: 'household', operatorNoticeIssued: true });
    expect(hazards).toEqual([expect.objectContaining({ against: 'subject', severity: 'general' })]);
  });

  it.each([
    ['RST-LPG-BASEMENT', 'MHS-9.1'],
    ['RST-CYL-ROOM-UNDERGROUND', 'MHS-9.1'],
    ['RST-PIPE-IN-TOILET', 'MHS-9.2'],
    ['RST-GAS-IN-SLEEPING-ROOM', 'MHS-9.3'],
    ['RST-WATER-HEATER-DIRECT', 'MHS-9.4'],
    ['RST-PHASED-OUT-APPLIANCE', 'MHS-9.4'],
  ])('R3.5 venue item %s without notice → operator major %s; with notice → none', (code, mhs) => {
    const it9 = item(code);
    const without = severityOf(it9, { subjectType: 'venue', operatorNoticeIssued: false });
    expect(without.map((h) => [h.against, h.severity])).toEqual([
      ['subject', 'general'],
      ['operator', 'major'],
    ]);
    expect(without[1]?.itemCode).toBe(mhs);
    expect(severityOf(it9, { subjectType: 'venue', operatorNoticeIssued: true })).toHaveLength(1);
  });

  it.each(['HH-PIPE-IN-BATHROOM', 'HH-GAS-IN-BEDROOM', 'HH-WATER-HEATER-DIRECT', 'HH-PHASED-OUT', 'DLV-CYLINDER-UNDERGROUND'])(
    'R3.5 household finding %s counts against the operator only without notice',
    (code) => {
      const i = item(code);
      expect(severityOf(i, { subjectType: 'household', operatorNoticeIssued: false }).filter((h) => h.against === 'operator')).toHaveLength(1);
      expect(severityOf(i, { subjectType: 'household', operatorNoticeIssued: true }).filter((h) => h.against === 'operator')).toHaveLength(0);
    },
  );

  it('R3.5 an item may make the user hazard itself major (subjectSeverity)', () => {
    const strict: ChecklistItemDef = { ...basement, severity: { kind: 'operator_if_no_notice', article: '9.1', subjectSeverity: 'major' } };
    const hazards = severityOf(strict, { subjectType: 'household', operatorNoticeIssued: true });
    expect(hazards).toEqual([expect.objectContaining({ against: 'subject', severity: 'major' })]);
  });

  it('R3.5 Art. 9 items give no operator hazard when the subject is not a user', () => {
    expect(severityOf(basement, { subjectType: 'enterprise', operatorNoticeIssued: false })).toHaveLength(1);
  });

  it('R3.5 ordinary items: the subject hazard only, whatever the notice', () => {
    for (const notice of [true, false]) {
      expect(severityOf(hose, { subjectType: 'venue', operatorNoticeIssued: notice })).toEqual([
        expect.objectContaining({ against: 'subject', severity: 'general' }),
      ]);
    }
  });

  it('R3.5 items of the standard are major for the operator itself', () => {
    const m = severityOf(item('MHS-7.1'), { subjectType: 'enterprise', operatorNoticeIssued: false });
    expect(m).toEqual([expect.objectContaining({ against: 'subject', severity: 'major' })]);
    expect(m[0]?.reason).toContain('第7.1条');
  });
});

describe('validateLibrary (R3.1)', () => {
  const kinds = (items: ChecklistItemDef[]): LibraryProblemKind[] => validateLibrary(items).map((p) => p.kind);
  const base = item('RST-HOSE-TEE');
  const mhs91 = item('MHS-9.1');

  it('R3.1 the built-in library validates clean', () => {
    expect(validateLibrary(CHECKLIST_LIBRARY)).toEqual([]);
  });

  it('R3.1 duplicate codes', () => {
    expect(kinds([base, { ...base }])).toEqual(['duplicate_code']);
  });

  it('R3.1 bad codes', () => {
    expect(kinds([{ ...base, code: 'XYZ-1' }])).toContain('bad_code');
    expect(kinds([{ ...base, code: 'rst-hose' }])).toContain('bad_code');
  });

  it('R3.1 unknown category, task kind and measure', () => {
    expect(kinds([{ ...base, category: 'problem_weather' as never }])).toEqual(['unknown_category']);
    expect(kinds([{ ...base, taskKind: 'weather' as never }])).toEqual(['unknown_task_kind']);
    expect(kinds([{ ...base, measure: 'apologise' as never }])).toEqual(['unknown_measure']);
  });

  it('R3.1 missing text or basis', () => {
    expect(kinds([{ ...base, text: { zh: '', en: 'x' } }])).toEqual(['missing_text']);
    expect(kinds([{ ...base, basis: ' ' }])).toEqual(['missing_basis']);
  });

  it('R3.1 applies-to: empty, unknown subject, kind, where key and value', () => {
    expect(kinds([{ ...base, appliesTo: [] }])).toEqual(['no_applies_to']);
    expect(kinds([{ ...base, appliesTo: [{ subject: 'ship' as never }] }])).toEqual(['unknown_subject']);
    expect(kinds([{ ...base, appliesTo: [{ subject: 'venue', kinds: ['spaceport'] }] }])).toEqual(['unknown_kind']);
    expect(kinds([{ ...base, appliesTo: [{ subject: 'venue', where: { colour: ['red'] } }] }])).toEqual(['unknown_where_key']);
    expect(kinds([{ ...base, appliesTo: [{ subject: 'venue', where: { gasSource: ['coal'] } }] }])).toEqual(['unknown_where_value']);
  });

  it('R3.1 measured items without limits or with a broken band', () => {
    const m = (measured: MeasuredRule) => kinds([{ ...base, measured }]);
    expect(m({ unit: 'm', failWhen: '>', limit: Number.NaN })).toEqual(['bad_measured']);
    expect(m({ unit: 'm', failWhen: '>', limit: undefined as never })).toEqual(['bad_measured']);
    expect(m({ unit: 'm', failWhen: 'outside', limit: 1 })).toEqual(['bad_measured']);
    expect(m({ unit: 'm', failWhen: 'outside', limit: 1, upper: 0.5 })).toEqual(['bad_measured']);
    expect(m({ unit: 'm', failWhen: '>', limit: 1, upper: 2 })).toEqual(['bad_measured']);
    expect(m({ unit: 'furlong' as never, failWhen: '>', limit: 1 })).toEqual(['bad_measured']);
    expect(m({ unit: 'm', failWhen: '>', limit: 1, limitKey: 'noSuchSetting' })).toEqual(['bad_measured']);
    expect(m({ unit: 'm', failWhen: '>', limit: 1, unlessFlag: { key: '', label: { zh: '', en: '' } } })).toEqual(['bad_measured']);
  });

  it('R3.5 Art. 9 rules must point at an existing MHS-9.x item and apply to users only', () => {
    const art9 = { ...base, severity: { kind: 'operator_if_no_notice' as const, article: '9.1' } };
    expect(kinds([art9, mhs91])).toEqual([]);
    expect(kinds([art9])).toEqual([]); // MHS-9.1 is in the shipped library
    expect(validateLibrary([art9], { knownCodes: [] }).map((p) => p.kind)).toEqual(['bad_severity']); // closed set: missing
    expect(kinds([{ ...art9, severity: { kind: 'operator_if_no_notice', article: '5.1' } }, mhs91])).toEqual(['bad_severity']);
    expect(kinds([{ ...art9, appliesTo: [{ subject: 'enterprise' }] }, mhs91])).toEqual(['bad_severity']);
  });

  it('R3.5 MHS items: article matches the code, fixed major, operators only; others carry no article', () => {
    expect(kinds([{ ...mhs91, standardArticle: undefined }])).toEqual(['bad_standard_article']);
    expect(kinds([{ ...mhs91, standardArticle: { id: '9.2', status: 'confirmed' } }])).toEqual(['bad_standard_article']);
    expect(kinds([{ ...mhs91, severity: { kind: 'fixed', severity: 'general' } }])).toEqual(['bad_severity']);
    expect(kinds([{ ...mhs91, appliesTo: [{ subject: 'household' }] }])).toEqual(['bad_standard_article']);
    expect(kinds([{ ...base, standardArticle: { id: '4.1', status: 'confirmed' } }])).toEqual(['bad_standard_article']);
  });

  it('R3.1 related codes must exist', () => {
    expect(kinds([{ ...base, relatedCodes: ['RST-NOPE'] }])).toEqual(['unknown_related_code']);
    expect(kinds([{ ...base, relatedCodes: ['HH-HOSE-LENGTH'] }])).toEqual([]);
  });

  it('R3.1 one edited library item validates alone; a local item uses the LOC- prefix', () => {
    for (const code of ['HH-LPG-UNDERGROUND', 'DLV-CYLINDER-UNDERGROUND', 'ENT-USER-HAZARD-NOTICE', 'MHS-6.x']) {
      expect(validateLibrary([item(code)]), code).toEqual([]);
    }
    expect(kinds([{ ...base, code: 'LOC-HOTPOT-CARD-STOVE' }])).toEqual([]);
  });
});
