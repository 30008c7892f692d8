import { describe, expect, it } from 'vitest';
import { addYears } from './dates.js';
import { decideFill, designLifeEnd, FILL_REASONS, isOverfill, type FillCylinderFacts, type FillPolicy, type FillReason, type FillStationFacts } from './fill-check.rules.js';

const TODAY = '2026-05-20';
const OWNER = 'owner-1';
const policy: FillPolicy = { denyTwoPhase: true, dueSoonDays: 30 };

/** A cylinder every rule allows: own, in service, inspected, young, not refurbished, gas phase. */
const good = (over: Partial<FillCylinderFacts> = {}): FillCylinderFacts => ({
  state: 'in_service',
  ownerEnterpriseId: OWNER,
  model: 'YSP-15',
  manufactureDate: '2022-03-01',
  designLifeYears: 8,
  nextInspectionDate: '2027-03-01',
  refurbished: false,
  ...over,
});

/** The owner's own, licensed, active station. */
const station = (over: Partial<FillStationFacts> = {}): FillStationFacts => ({
  id: OWNER,
  status: 'active',
  licences: [{ status: 'active', validUntil: '2029-12-31' }],
  entrustments: [],
  ...over,
});

const reasons = (c: FillCylinderFacts | null, s: FillStationFacts = station(), p: FillPolicy = policy) => decideFill(c, s, TODAY, p).reasons;

/** One cylinder or station change per reason, so each reason can be produced alone and combined. */
const ALONE: Record<FillReason, { cylinder?: Partial<FillCylinderFacts> | null; station?: Partial<FillStationFacts> }> = {
  NOT_REGISTERED: { cylinder: null },
  STATION_NOT_LICENSED: { station: { licences: [] } },
  STATION_INACTIVE: { station: { status: 'suspended' } },
  NOT_OWNED: { cylinder: { ownerEnterpriseId: 'someone-else' } },
  SCRAPPED: { cylinder: { state: 'scrapped' } },
  SEIZED: { cylinder: { state: 'seized' } },
  BLACKLISTED: { cylinder: { state: 'blacklisted' } },
  RECALLED: { cylinder: { state: 'recalled' } },
  AWAITING_INSPECTION: { cylinder: { state: 'due_for_inspection' } },
  INSPECTION_OVERDUE: { cylinder: { nextInspectionDate: '2026-05-19' } },
  DESIGN_LIFE_EXCEEDED: { cylinder: { manufactureDate: '2018-05-19' } },
  REFURBISHED: { cylinder: { refurbished: true } },
  TWO_PHASE_CYLINDER: { cylinder: { model: 'YSP118-II' } },
};

function build(keys: FillReason[]) {
  let cyl: FillCylinderFacts | null = good();
  let st = station();
  for (const k of keys) {
    const a = ALONE[k];
    if (a.cylinder === null) cyl = null;
    else if (a.cylinder && cyl) cyl = { ...cyl, ...a.cylinder };
    if (a.station) st = { ...st, ...a.station };
  }
  return { cyl, st };
}

describe('R6.2 fill check decision (一扫一充)', () => {
  it('R6.2 a good cylinder at its owner’s licensed station is allowed, with no reasons', () => {
    const d = decideFill(good(), station(), TODAY, policy);
    expect(d).toMatchObject({ allowed: true, reasons: [], warnings: [], licence: 'valid', designLifeEnds: '2030-03-01' });
  });

  for (const reason of FILL_REASONS) {
    it(`R6.2 ${reason} alone denies and is the only reason`, () => {
      const { cyl, st } = build([reason]);
      const d = decideFill(cyl, st, TODAY, policy);
      expect(d.allowed).toBe(false);
      expect(d.reasons).toEqual([reason]);
    });
  }

  it('R6.2 every pair of reasons is reported together, in the documented order', () => {
    const cylinderStates: FillReason[] = ['SCRAPPED', 'SEIZED', 'BLACKLISTED', 'RECALLED', 'AWAITING_INSPECTION'];
    for (const a of FILL_REASONS) {
      for (const b of FILL_REASONS) {
        if (a >= b) continue;
        // A cylinder has one state; an unregistered code has no cylinder facts at all.
        if (cylinderStates.includes(a) && cylinderStates.includes(b)) continue;
        const cylinderOnly = (r: FillReason) => r !== 'STATION_NOT_LICENSED' && r !== 'STATION_INACTIVE' && r !== 'NOT_REGISTERED';
        if ((a === 'NOT_REGISTERED' && cylinderOnly(b)) || (b === 'NOT_REGISTERED' && cylinderOnly(a))) continue;
        const { cyl, st } = build([a, b]);
        const d = decideFill(cyl, st, TODAY, policy);
        expect(d.allowed, `${a}+${b}`).toBe(false);
        expect(d.reasons, `${a}+${b}`).toEqual(FILL_REASONS.filter((r) => r === a || r === b));
      }
    }
  });

  it('R6.2 an unregistered code at an unlicensed, suspended station gives the three reasons', () => {
    expect(reasons(null, station({ licences: [], status: 'closed' }))).toEqual(['NOT_REGISTERED', 'STATION_NOT_LICENSED', 'STATION_INACTIVE']);
  });

  it('R6.2 a cylinder with everything wrong lists all its reasons at once', () => {
    const c = good({ ownerEnterpriseId: 'x', state: 'blacklisted', nextInspectionDate: '2020-01-01', manufactureDate: '2001-01-01', refurbished: true, model: 'YSP118-II' });
    expect(reasons(c, station({ licences: [{ status: 'revoked', validUntil: null }] }))).toEqual([
      'STATION_NOT_LICENSED',
      'NOT_OWNED',
      'BLACKLISTED',
      'INSPECTION_OVERDUE',
      'DESIGN_LIFE_EXCEEDED',
      'REFURBISHED',
      'TWO_PHASE_CYLINDER',
    ]);
  });

  it('R6.2 inspection due today is allowed (with a warning); due yesterday is overdue', () => {
    const today = decideFill(good({ nextInspectionDate: TODAY }), station(), TODAY, policy);
    expect(today.allowed).toBe(true);
    expect(today.warnings).toEqual(['INSPECTION_DUE_SOON']);
    expect(reasons(good({ nextInspectionDate: '2026-05-19' }))).toEqual(['INSPECTION_OVERDUE']);
    expect(decideFill(good({ nextInspectionDate: '2026-06-19' }), station(), TODAY, policy).warnings).toEqual(['INSPECTION_DUE_SOON']);
    expect(decideFill(good({ nextInspectionDate: '2026-06-20' }), station(), TODAY, policy).warnings).toEqual([]);
  });

  it('R6.2 design life ending today is allowed; it ended yesterday is exceeded; the life is per cylinder', () => {
    // Made 2018-05-20 with 8 years: the life ends 2026-05-20 (today).
    const endsToday = good({ manufactureDate: '2018-05-20' });
    expect(designLifeEnd(endsToday)).toBe(TODAY);
    const d = decideFill(endsToday, station(), TODAY, policy);
    expect(d.allowed).toBe(true);
    expect(d.warnings).toEqual(['DESIGN_LIFE_ENDING_SOON']);
    expect(reasons(good({ manufactureDate: '2018-05-19' }))).toEqual(['DESIGN_LIFE_EXCEEDED']);
    // The same cylinder stamped with a 12-year life is still fine.
    expect(reasons(good({ manufactureDate: '2018-05-19', designLifeYears: 12 }))).toEqual([]);
  });

  it('R6.2 a station licence: expired yesterday refuses, valid until today allows (due warning), no expiry allows, suspended refuses', () => {
    expect(reasons(good(), station({ licences: [{ status: 'active', validUntil: '2026-05-19' }] }))).toEqual(['STATION_NOT_LICENSED']);
    const lastDay = decideFill(good(), station({ licences: [{ status: 'active', validUntil: TODAY }] }), TODAY, policy);
    expect(lastDay).toMatchObject({ allowed: true, warnings: ['STATION_LICENCE_DUE'], licence: 'due' });
    expect(reasons(good(), station({ licences: [{ status: 'active', validUntil: null }] }))).toEqual([]);
    expect(reasons(good(), station({ licences: [{ status: 'suspended', validUntil: '2030-01-01' }] }))).toEqual(['STATION_NOT_LICENSED']);
    // One good licence among old ones is enough.
    expect(reasons(good(), station({ licences: [{ status: 'active', validUntil: '2020-01-01' }, { status: 'active', validUntil: '2030-01-01' }] }))).toEqual([]);
  });

  it('R6.2 an entrusted station fills the owner’s cylinders only while the entrustment is active and in its dates', () => {
    const entrusted = (e: Partial<FillStationFacts['entrustments'][number]>) =>
      station({ id: 'station-2', entrustments: [{ ownerEnterpriseId: OWNER, validFrom: '2026-01-01', validUntil: TODAY, status: 'active', ...e }] });
    expect(reasons(good(), entrusted({}))).toEqual([]);
    expect(reasons(good(), entrusted({ validUntil: '2026-05-19' }))).toEqual(['NOT_OWNED']);
    expect(reasons(good(), entrusted({ validFrom: '2026-05-21' }))).toEqual(['NOT_OWNED']);
    expect(reasons(good(), entrusted({ status: 'revoked' }))).toEqual(['NOT_OWNED']);
    expect(reasons(good(), entrusted({ ownerEnterpriseId: 'other' }))).toEqual(['NOT_OWNED']);
  });

  it('R6.2 a two-phase cylinder is refused by default; a deployment may make it a warning', () => {
    expect(reasons(good({ model: 'YSP118-II' }))).toEqual(['TWO_PHASE_CYLINDER']);
    const lenient = decideFill(good({ model: 'YSP118-II' }), station(), TODAY, { ...policy, denyTwoPhase: false });
    expect(lenient).toMatchObject({ allowed: true, warnings: ['TWO_PHASE_CYLINDER'] });
    expect(reasons(good({ model: 'YSP118-L' }))).toEqual([]);
  });

  it('R6.2 overfill: above allowable fill + tolerance only (15.0 kg on a 14.5 kg cylinder is not over)', () => {
    expect(isOverfill(15.0, 14.5, 0.5)).toBe(false);
    expect(isOverfill(15.01, 14.5, 0.5)).toBe(true);
    expect(isOverfill(50.0, 49.5, 0.5)).toBe(false);
    expect(isOverfill(50.1, 49.5, 0.5)).toBe(true);
    expect(isOverfill(14.6, 14.5, 0)).toBe(true);
  });

  it('design life end on 29 February falls on 28 February of a common year', () => {
    expect(addYears('2016-02-29', 8)).toBe('2024-02-29');
    expect(addYears('2016-02-29', 9)).toBe('2025-02-28');
    expect(addYears('2022-12-31', 4)).toBe('2026-12-31');
  });
});
