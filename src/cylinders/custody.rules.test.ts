import { describe, expect, it } from 'vitest';
import { custodyFlags, stateAfter, stepRefusal, type VehicleFacts, type WorkerFacts } from './custody.rules.js';

const van: VehicleFacts = { id: 'v1', kind: 'delivery', enterpriseId: 'e1', boundWorkerId: 'w1', registered: true, status: 'active', areaPath: '/r/d/t1/' };
const worker: WorkerFacts = { id: 'w1', role: 'delivery_worker', enterpriseId: 'e1', status: 'active', blacklisted: false };

describe('R6.3 custody rules', () => {
  it('R6.3 the bound worker in the vehicle’s area raises no flag; any mismatch is flagged, never refused', () => {
    expect(custodyFlags({ ownerEnterpriseId: 'e1', vehicle: van, worker, userRegionPath: '/r/d/t1/c1/' })).toEqual([]);
    expect(custodyFlags({ ownerEnterpriseId: 'e1', vehicle: van, worker: { ...worker, id: 'w2' } })).toEqual(['UNBOUND_WORKER']);
    expect(custodyFlags({ ownerEnterpriseId: 'e1', vehicle: van, worker, userRegionPath: '/r/d/t2/c1/' })).toEqual(['OUTSIDE_AREA']);
    expect(custodyFlags({ ownerEnterpriseId: 'e1', vehicle: { ...van, areaPath: null }, worker, userRegionPath: '/r/d/t1/' })).toEqual(['OUTSIDE_AREA']);
    expect(custodyFlags({ ownerEnterpriseId: 'e1', vehicle: null, worker, userRegionPath: '/r/' })).toEqual(['NO_VEHICLE']);
    expect(custodyFlags({ ownerEnterpriseId: 'e2', vehicle: { ...van, registered: false }, worker: { ...worker, blacklisted: true, role: 'other' } })).toEqual([
      'VEHICLE_UNREGISTERED',
      'VEHICLE_OTHER_ENTERPRISE',
      'WORKER_NOT_DELIVERY',
      'WORKER_OTHER_ENTERPRISE',
      'WORKER_BLACKLISTED',
    ]);
  });

  it('R6.6 who may record what, in which state; a scrapped cylinder takes one physical scrapping after 判废, then nothing', () => {
    expect(stepRefusal('seize', 'in_service', 'owner_admin')).toBe('forbidden');
    expect(stepRefusal('seize', 'in_service', 'gov')).toBeNull();
    expect(stepRefusal('deliver', 'seized', 'delivery_worker')).toBe('held');
    expect(stepRefusal('release', 'in_service', 'gov')).toBe('not_held');
    expect(stepRefusal('load', 'due_for_inspection', 'delivery_worker')).toBe('at_inspection');
    expect(stepRefusal('scrap', 'scrapped', 'owner_admin', false)).toBeNull();
    expect(stepRefusal('scrap', 'scrapped', 'owner_admin', true)).toBe('scrapped');
    expect(stepRefusal('load', 'scrapped', 'delivery_worker')).toBe('scrapped');
    expect(stateAfter('inspection_result', 'due_for_inspection', 'pass')).toBe('in_service');
    expect(stateAfter('inspection_result', 'due_for_inspection', 'fail')).toBe('scrapped');
    expect(stateAfter('release', 'blacklisted')).toBe('in_service');
  });
});
