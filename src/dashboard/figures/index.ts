import { coverageFigures } from './coverage.js';
import { cylinderFigures } from './cylinders.js';
import { hazardFigures } from './hazards.js';
import { licenceWarnings } from './licences.js';
import { monitoringFigures } from './monitoring.js';
import { publicReportFigures } from './public-reports.js';
import { subjectFigures } from './subjects.js';
import type { FigureProvider } from './types.js';

/**
 * Every dashboard figure, in display order. A module that brings new figures writes providers like
 * these — one SQL query each, scoped to the regions and the period — and lists them here (alarms
 * and device coverage: monitoring.ts; fillings and anomalies: cylinders.ts). Keys are stable: the web app and the big screen refer to them.
 */
export const FIGURES: readonly FigureProvider[] = [
  ...subjectFigures,
  ...coverageFigures,
  ...hazardFigures,
  licenceWarnings,
  ...publicReportFigures,
  ...monitoringFigures,
  ...cylinderFigures,
];

export function figureByKey(key: string): FigureProvider | undefined {
  return FIGURES.find((f) => f.key === key);
}

export type { FigureProvider } from './types.js';
