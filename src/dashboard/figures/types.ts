import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/db.js';
import type { Principal } from '../../shared/principal.js';
import type { RegionRef } from '../../shared/scope.js';

export interface Label {
  zh: string;
  en: string;
}

/** What a figure is asked for: a region (in the caller's scope), its children, a period. */
export interface FigureContext {
  db: Executor;
  principal: Principal;
  /** The region asked for. */
  target: RegionRef;
  /** The target first, then its active children: a value is wanted for each. */
  regions: RegionRef[];
  /** ISO dates, inclusive, China time. */
  from: string;
  to: string;
  today: string;
}

/** A figure's value for one region; rates carry their numerator and denominator. */
export interface FigureValue {
  value: number | null;
  numerator?: number;
  denominator?: number;
}

export type Granularity = 'day' | 'week' | 'month';

export interface TrendPoint {
  /** First day of the bucket (ISO date). */
  bucket: string;
  value: number | null;
  numerator?: number;
  denominator?: number;
}

/**
 * One dashboard figure (R11.1): a stable key, labels, how it is computed, one SQL query scoped to
 * the regions and the period, and the list endpoint behind it. Other modules (alarms, cylinders)
 * add figures by writing a provider and listing it in figures/index.ts.
 */
export interface FigureProvider {
  key: string;
  group: 'registry' | 'coverage' | 'hazards' | 'licences' | 'public' | 'alarms' | 'devices' | 'cylinders';
  label: Label;
  unit: 'count' | 'rate' | 'minutes';
  /** flow: happened within the period; stock: the state at the end of the period (or now). */
  kind: 'flow' | 'stock';
  /** How the number is made, shown beside it ("every score explains itself"). */
  explain: Label;
  /** Counts add up over children (drill-down sums); rates and averages do not. */
  additive: boolean;
  /** Answered from the pre-aggregated summaries (fast) or computed live. */
  source: 'summary' | 'live';
  compute(ctx: FigureContext): Promise<Map<string, FigureValue>>;
  /** The list behind the figure; `exact` when the list's filters reproduce the number. */
  link(ctx: FigureContext, regionId: string): { href: string; exact: boolean } | null;
  /** A time series for the target region (ECharts trends), when the figure has one. */
  trend?(ctx: FigureContext, granularity: Granularity): Promise<TrendPoint[]>;
}

export const count = (n: number | null | undefined): FigureValue => ({ value: Number(n ?? 0) });

export function rate(numerator: number, denominator: number): FigureValue {
  return { value: denominator > 0 ? numerator / denominator : null, numerator, denominator };
}

/** `ids` as a SQL uuid array literal parameter. */
export function idArray(regions: RegionRef[]): SQL {
  return sql`${`{${regions.map((r) => r.id).join(',')}}`}::uuid[]`;
}

/** Rows keyed by region id, with zero for regions that have none. */
export function byRegion<T>(regions: RegionRef[], rows: { region_id: string }[], make: (row: Record<string, unknown> | undefined) => T): Map<string, T> {
  const m = new Map(rows.map((r) => [r.region_id, r as Record<string, unknown>]));
  return new Map(regions.map((r) => [r.id, make(m.get(r.id))]));
}

/** The region's list filter as a query string fragment. */
export const q = (params: Record<string, string | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('&');
