import type { TaskKind } from '../departments/taxonomy.js';
import type { SubjectType } from '../registry/subjects.js';

const CROWDED = new Set(['school', 'kindergarten', 'training', 'hospital', 'mental_health', 'elderly_home', 'welfare_home', 'elder_canteen', 'hotel', 'tourist_site', 'religious_site', 'government_canteen', 'company_canteen', 'market', 'commercial_complex', 'construction_site']);

/**
 * The field of work a subject belongs to, when a hazard does not say (manual entries, public
 * reports): restaurants are catering, schools and hospitals crowded venues, and so on.
 */
export function defaultTaskKind(type: SubjectType, kind: string): TaskKind {
  switch (type) {
    case 'venue':
      if (kind === 'restaurant') return 'catering';
      return CROWDED.has(kind) ? 'crowded_venue' : 'catering';
    case 'household':
      return 'household';
    case 'facility':
      return 'pipeline';
    case 'vehicle':
      return 'transport';
    case 'enterprise':
      switch (kind) {
        case 'filling_station':
          return 'filling';
        case 'hazmat_transport':
          return 'transport';
        case 'product_maker':
        case 'product_seller':
          return 'cylinder_product';
        case 'industrial_fuel':
          return 'industrial_fuel';
        default:
          return 'gas_enterprise';
      }
  }
}
