/** Pure rules of the registry: licence validity (R2.2) and pipeline ageing (R2.5). */

/** Days before expiry when renewal falls due (seed 002: 90 days). */
export const LICENCE_DUE_DAYS = 90;

export type LicenceState = 'valid' | 'due' | 'expired' | 'revoked' | 'no_expiry';

/** Today's state of a licence; `today` and `validUntil` are ISO dates (YYYY-MM-DD). */
export function licenceState(status: string, validUntil: string | null, today: string, dueDays = LICENCE_DUE_DAYS): LicenceState {
  if (status === 'revoked' || status === 'suspended') return 'revoked';
  if (!validUntil) return 'no_expiry';
  if (validUntil < today) return 'expired';
  return validUntil <= addDays(today, dueDays) ? 'due' : 'valid';
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Which licences each kind of enterprise must hold to operate (R2.2); a missing one is flagged. */
export const REQUIRED_LICENCES: Record<string, readonly string[]> = {
  pipeline_gas: ['gas_business'],
  bottled_lpg: ['gas_business'],
  filling_station: ['cylinder_filling'],
  storage_station: ['gas_business'],
  supply_point: ['gas_business'],
  vehicle_refuelling: ['gas_business'],
  hazmat_transport: ['hazmat_transport'],
  product_maker: ['manufacturing'],
};

/** Licence kinds an enterprise lacks: required by its kind and not held valid (or due) today. */
export function missingLicences(enterpriseKind: string, held: { kind: string; state: LicenceState }[]): string[] {
  const ok = new Set(held.filter((h) => h.state === 'valid' || h.state === 'due' || h.state === 'no_expiry').map((h) => h.kind));
  return (REQUIRED_LICENCES[enterpriseKind] ?? []).filter((k) => !ok.has(k));
}

/**
 * Ageing pipelines (R2.5), for the renewal programme: grey cast iron always; steel after 20
 * years; PE and other materials after 30 years. Editable later as data.
 */
export const AGEING_YEARS: Record<string, number> = { cast_iron: 0, steel: 20, galvanized_steel: 20, ductile_iron: 30, pe: 30, composite: 30, other: 30 };

export function isAgeing(kind: string, material: string | null, laidYear: number | null, currentYear: number): boolean {
  if (!kind.startsWith('pipeline') || !material) return false;
  if (material === 'cast_iron') return true;
  if (laidYear === null) return false;
  return currentYear - laidYear >= (AGEING_YEARS[material] ?? 30);
}

/** Chinese free-text search: collapse spaces so "老街 火锅" finds "老街火锅". */
export function searchPattern(q: string): string {
  const cleaned = q.trim().replace(/[%_\\]/g, (c) => `\\${c}`).replace(/\s+/g, '%');
  return `%${cleaned}%`;
}
