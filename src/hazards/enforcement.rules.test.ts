import { describe, expect, it } from 'vitest';
import { mayRecordEnforcement, mayRestoreSupply, maySuspendSupply, promptRestoreSupply, type EnforcementActor } from './enforcement.rules.js';
import { mayRecordLookback, mayRequestLookback, sampleSize } from './lookback.rules.js';

const actor = (role: string, over: Partial<EnforcementActor> = {}): EnforcementActor => ({ role: role as EnforcementActor['role'], departmentId: null, enterpriseId: null, ...over });
const facts = { state: 'rectifying' as const, leadDepartmentId: 'd-market', cooperatingDepartmentIds: ['d-fire'] };

describe('R4.5 enforcement steps', () => {
  it('officials record them; a department only in its field; others never', () => {
    expect(mayRecordEnforcement(actor('town_officer'), facts, { kind: 'stop_use' })).toEqual({ ok: true });
    expect(mayRecordEnforcement(actor('dept_officer', { departmentId: 'd-fire' }), facts, { kind: 'seizure' })).toEqual({ ok: true });
    expect(mayRecordEnforcement(actor('dept_officer', { departmentId: 'd-police' }), facts, { kind: 'seizure' })).toMatchObject({ ok: false, key: 'enforcement.notYourField' });
    for (const role of ['grid_worker', 'venue_user', 'enterprise_admin', 'enterprise_staff', 'machine']) expect(mayRecordEnforcement(actor(role), facts, { kind: 'stop_use' }).ok).toBe(false);
  });

  it('a fine needs an amount in yuan, and only a fine has one', () => {
    expect(mayRecordEnforcement(actor('task_force'), facts, { kind: 'fine', amountYuan: 5000 })).toEqual({ ok: true });
    expect(mayRecordEnforcement(actor('task_force'), facts, { kind: 'fine' })).toMatchObject({ ok: false, field: 'amountYuan' });
    expect(mayRecordEnforcement(actor('task_force'), facts, { kind: 'referral_police', amountYuan: 10 })).toMatchObject({ ok: false, key: 'enforcement.amountOnlyForFine' });
  });

  it('a voided hazard takes none; a closed one still may (e.g. a fine after the fact)', () => {
    expect(mayRecordEnforcement(actor('task_force'), { ...facts, state: 'voided' }, { kind: 'stop_use' })).toMatchObject({ ok: false, code: 'STATE' });
    expect(mayRecordEnforcement(actor('task_force'), { ...facts, state: 'closed' }, { kind: 'fine', amountYuan: 1 })).toEqual({ ok: true });
  });
});

describe('R4.5 supply suspension and restoration', () => {
  const user = { state: 'rectifying' as const, subjectType: 'venue', supplierId: 'e-gas' };

  it('the supplier (or an official) suspends supply of a user with an open hazard', () => {
    expect(maySuspendSupply(actor('enterprise_admin', { enterpriseId: 'e-gas' }), user)).toEqual({ ok: true });
    expect(maySuspendSupply(actor('enterprise_staff', { enterpriseId: 'e-gas' }), user)).toEqual({ ok: true });
    expect(maySuspendSupply(actor('task_force'), user)).toEqual({ ok: true });
    expect(maySuspendSupply(actor('enterprise_admin', { enterpriseId: 'e-other' }), user)).toMatchObject({ ok: false, key: 'supply.notSupplier' });
    expect(maySuspendSupply(actor('venue_user'), user)).toMatchObject({ ok: false, code: 'ROLE' });
    expect(maySuspendSupply(actor('task_force'), { ...user, subjectType: 'enterprise' })).toMatchObject({ ok: false, key: 'supply.notUser' });
    expect(maySuspendSupply(actor('task_force'), { ...user, state: 'closed' })).toMatchObject({ ok: false, key: 'supply.hazardNotOpen' });
  });

  it('restores only once the hazard is closed (or voided)', () => {
    const supplier = actor('enterprise_admin', { enterpriseId: 'e-gas' });
    expect(mayRestoreSupply(supplier, user)).toMatchObject({ ok: false, key: 'supply.hazardStillOpen' });
    expect(mayRestoreSupply(supplier, { ...user, state: 'closed' })).toEqual({ ok: true });
    expect(mayRestoreSupply(supplier, { ...user, state: 'voided' })).toEqual({ ok: true });
    expect(mayRestoreSupply(actor('enterprise_admin', { enterpriseId: 'e-other' }), { ...user, state: 'closed' })).toMatchObject({ ok: false });
  });

  it('closing the hazard the supply was suspended for prompts restoration', () => {
    expect(promptRestoreSupply('closed', 'h1', 'h1')).toBe(true);
    expect(promptRestoreSupply('closed', 'h1', 'h2')).toBe(false);
    expect(promptRestoreSupply('awaiting_review', 'h1', 'h1')).toBe(false);
    expect(promptRestoreSupply('closed', 'h1', null)).toBe(false);
  });
});

describe('R4.6 回头看 rules', () => {
  it('the sample is what was asked, capped by what is available', () => {
    expect(sampleSize(5, 20)).toBe(5);
    expect(sampleSize(50, 20)).toBe(20);
    expect(sampleSize(5, 0)).toBe(0);
  });

  it('officials request; the requesting unit (and the task force above) records', () => {
    const dazu = '/cn/cq/city/dazu/';
    const longgang = `${dazu}longgang/`;
    expect(mayRequestLookback({ role: 'town_officer', departmentId: null, regionPath: longgang })).toBe(true);
    expect(mayRequestLookback({ role: 'grid_worker', departmentId: null, regionPath: longgang })).toBe(false);
    const townUnit = { type: 'region' as const, id: 'longgang', regionPath: longgang };
    expect(mayRecordLookback({ role: 'town_officer', departmentId: null, regionPath: longgang }, townUnit)).toBe(true);
    expect(mayRecordLookback({ role: 'grid_worker', departmentId: null, regionPath: `${longgang}c1/g1/` }, townUnit)).toBe(true);
    expect(mayRecordLookback({ role: 'task_force', departmentId: null, regionPath: dazu }, townUnit)).toBe(true);
    expect(mayRecordLookback({ role: 'town_officer', departmentId: null, regionPath: `${dazu}tangxiang/` }, townUnit)).toBe(false);
    expect(mayRecordLookback({ role: 'dept_officer', departmentId: 'd-market', regionPath: dazu }, townUnit)).toBe(false);
    const deptUnit = { type: 'department' as const, id: 'd-market', regionPath: dazu };
    expect(mayRecordLookback({ role: 'dept_officer', departmentId: 'd-market', regionPath: dazu }, deptUnit)).toBe(true);
    expect(mayRecordLookback({ role: 'dept_officer', departmentId: 'd-fire', regionPath: dazu }, deptUnit)).toBe(false);
  });
});
