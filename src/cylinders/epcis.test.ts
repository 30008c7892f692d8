import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EPCIS_FIXTURES, epcisValidator } from '../../test/epcis.js';
import { epcisDocument, STEP_MAP, type EpcisSourceEvent } from './epcis.js';
import { EVENT_TYPES } from './models.js';

const fixtures = EPCIS_FIXTURES;

const event = (over: Partial<EpcisSourceEvent>): EpcisSourceEvent => ({
  id: 1,
  type: 'commissioning',
  at: new Date('2026-05-20T01:02:03.456Z'),
  recordedAt: new Date('2026-05-20T01:02:04Z'),
  lat: 29.706,
  lng: 105.72,
  regionCode: '500111001000',
  regionName: '龙岗街道',
  stationId: null,
  userType: null,
  userId: null,
  flags: [],
  data: {},
  ...over,
});

describe('R6.3 EPCIS export', () => {
  const validate = epcisValidator();

  it('the GS1 example validates (the validator works as the README says)', () => {
    const example = JSON.parse(fs.readFileSync(path.join(fixtures, 'Example_9.6.1-ObjectEvent.jsonld'), 'utf8'));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it('R6.3 a document with one event of every custody step validates against the EPCIS 2.0 schema', () => {
    const events = EVENT_TYPES.map((type, i) =>
      event({
        id: i + 1,
        type,
        stationId: type === 'filling' ? '3f0b5a3e-8c1a-4c1e-9d0a-0a1b2c3d4e5f' : null,
        userType: type === 'deliver' ? 'venue' : null,
        userId: type === 'deliver' ? '7a0b5a3e-8c1a-4c1e-9d0a-0a1b2c3d4e5f' : null,
        flags: type === 'filling' ? ['OVERFILL'] : [],
        lat: i % 3 === 0 ? null : 29.7,
        data: type === 'filling' ? { netWeightKg: 15.2, stationName: '大足燃气充装站', operatorName: '刘强' } : type === 'inspection_result' ? { result: 'pass', nextInspectionDate: '2030-05-20' } : {},
      }),
    );
    const doc = epcisDocument({ epc: 'https://gasguard.example/c/QP50011100000042T', code: 'QP50011100000042T', events, created: new Date(), baseUrl: 'https://gasguard.example' });
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const filling = doc.epcisBody.eventList[1]!;
    expect(filling).toMatchObject({ bizStep: 'ggbs:filling', eventTimeZoneOffset: '+08:00', 'gg:netWeightKg': 15.2, disposition: 'non_conformant' });
    expect(filling.eventTime).toBe('2026-05-20T09:02:03.456+08:00');
    // No person's name in the export.
    expect(JSON.stringify(doc)).not.toContain('刘强');
    expect(doc['@context'][1]).toMatchObject({ ggbs: 'https://gasguard.example/voc/bizstep/' });
  });

  it('a bare word as business step or an undeclared bare extra key fails the schema (why the prefixes matter)', () => {
    const doc = epcisDocument({ epc: 'urn:epc:id:grai:0614141.12345.400', code: 'X1', events: [event({})], created: new Date(), baseUrl: 'https://gasguard.example' });
    const bad1 = structuredClone(doc) as { epcisBody: { eventList: Record<string, unknown>[] } };
    bad1.epcisBody.eventList[0]!.bizStep = 'filling';
    expect(validate(bad1)).toBe(false);
    const bad2 = structuredClone(doc) as { epcisBody: { eventList: Record<string, unknown>[] } };
    bad2.epcisBody.eventList[0]!.netWeightKg = 15;
    expect(validate(bad2)).toBe(false);
  });

  it('every custody step has a mapping (CBV step or a gg: URI)', () => {
    for (const t of EVENT_TYPES) expect(STEP_MAP[t].bizStep).toMatch(/^([a-z_]+|ggbs:[a-z_]+)$/);
  });
});
