/**
 * A cylinder's chain of custody as a GS1 EPCIS 2.0 JSON-LD document (contract: GET
 * /api/v1/cylinders/{code}/events?format=epcis). ObjectEvents with CBV business steps and
 * dispositions where the CBV has one; the steps it lacks (filling, recall, seizure, blacklisting,
 * release) are URIs of the platform's vocabulary, written as prefixed terms declared in
 * @context (`ggbs:filling` → https://gasguard.example/voc/bizstep/filling). Extra fields are
 * prefixed `gg:` terms. Times carry the China offset +08:00. Pure; validated in epcis.test.ts
 * against the GS1 schema.
 */
import { chinaIso } from './dates.js';
import type { EventType } from './models.js';

/** The platform's vocabulary namespace (a deployment with its own domain changes it here). */
export const VOCAB = 'https://gasguard.example/voc/';
export const EPCIS_CONTEXT = [
  'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
  { gg: VOCAB, ggbs: `${VOCAB}bizstep/`, ggdisp: `${VOCAB}disposition/` },
] as const;

interface StepMap {
  bizStep: string;
  action: 'ADD' | 'OBSERVE' | 'DELETE';
  disposition?: (e: EpcisSourceEvent) => string | undefined;
}

const passFail = (ok: boolean) => (ok ? 'conformant' : 'non_conformant');

/** Custody step → EPCIS (docs/cylinders.md has the table). */
export const STEP_MAP: Record<EventType, StepMap> = {
  commissioning: { bizStep: 'commissioning', action: 'ADD', disposition: () => 'active' },
  filling: { bizStep: 'ggbs:filling', action: 'OBSERVE', disposition: (e) => passFail(!e.flags.length) },
  post_fill_check: { bizStep: 'inspecting', action: 'OBSERVE', disposition: (e) => passFail(e.data.passed === true) },
  leave_station: { bizStep: 'shipping', action: 'OBSERVE', disposition: () => 'in_transit' },
  load: { bizStep: 'loading', action: 'OBSERVE', disposition: () => 'in_transit' },
  deliver: { bizStep: 'receiving', action: 'OBSERVE', disposition: () => 'in_progress' },
  collect_empty: { bizStep: 'collecting', action: 'OBSERVE', disposition: () => 'returned' },
  send_to_inspection: { bizStep: 'shipping', action: 'OBSERVE', disposition: () => 'in_transit' },
  inspection_result: { bizStep: 'inspecting', action: 'OBSERVE', disposition: (e) => (e.data.result === 'fail' ? 'needs_replacement' : 'conformant') },
  scrap: { bizStep: 'destroying', action: 'DELETE', disposition: () => 'destroyed' },
  recall: { bizStep: 'ggbs:recalling', action: 'OBSERVE', disposition: () => 'recalled' },
  seize: { bizStep: 'ggbs:seizing', action: 'OBSERVE', disposition: () => 'ggdisp:seized' },
  blacklist: { bizStep: 'ggbs:blacklisting', action: 'OBSERVE', disposition: () => 'ggdisp:blacklisted' },
  release: { bizStep: 'ggbs:releasing', action: 'OBSERVE', disposition: () => 'active' },
};

export interface EpcisSourceEvent {
  id: number;
  type: string;
  at: Date;
  recordedAt: Date;
  lat: number | null;
  lng: number | null;
  regionCode: string | null;
  regionName: string | null;
  stationId: string | null;
  userType: string | null;
  userId: string | null;
  flags: string[];
  data: Record<string, unknown>;
}

/** Data fields carried over as `gg:` terms (no personal data: names of people stay out). */
const CARRIED = ['netWeightKg', 'allowableFillKg', 'overfill', 'stationName', 'vehiclePlate', 'result', 'inspectedOn', 'nextInspectionDate', 'reportNo', 'reason', 'method', 'inspectionCode', 'findings', 'agencyName'] as const;

export function epcisDocument(input: { epc: string; code: string; events: readonly EpcisSourceEvent[]; created: Date; baseUrl: string }) {
  const base = input.baseUrl.replace(/\/+$/, '');
  const eventList = input.events.map((e) => {
    const m = STEP_MAP[e.type as EventType];
    const out: Record<string, unknown> = {
      type: 'ObjectEvent',
      eventTime: chinaIso(e.at),
      eventTimeZoneOffset: '+08:00',
      recordTime: chinaIso(e.recordedAt),
      eventID: `${base}/api/v1/cylinders/${encodeURIComponent(input.code)}/events/${e.id}`,
      epcList: [input.epc],
      action: m?.action ?? 'OBSERVE',
      bizStep: m?.bizStep ?? `ggbs:${e.type}`,
    };
    const disposition = m?.disposition?.(e);
    if (disposition) out.disposition = disposition;
    if (e.lat !== null && e.lng !== null) out.readPoint = { id: `geo:${e.lat.toFixed(6)},${e.lng.toFixed(6)}` };
    if (e.stationId) out.bizLocation = { id: `${VOCAB}location/enterprise/${e.stationId}` };
    else if (e.userType && e.userId) out.bizLocation = { id: `${VOCAB}location/${e.userType}/${e.userId}` };
    else if (e.regionCode) out.bizLocation = { id: `${VOCAB}location/region/${e.regionCode}` };
    out['gg:eventType'] = e.type;
    if (e.regionCode) out['gg:regionCode'] = e.regionCode;
    if (e.regionName) out['gg:regionName'] = e.regionName;
    if (e.flags.length) out['gg:flags'] = e.flags;
    for (const k of CARRIED) if (e.data[k] !== undefined && e.data[k] !== null) out[`gg:${k}`] = e.data[k];
    return out;
  });
  return {
    '@context': EPCIS_CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: chinaIso(input.created),
    epcisBody: { eventList },
  };
}
