/** The policy table of the authorisation matrix, one module at a time. */
import { coordination, coordinationFixtures } from './coordination.js';
import { cylinderFixtures, cylinders } from './cylinders.js';
import { foundation, foundationFixtures } from './foundation.js';
import { hazardFixtures, hazards } from './hazards.js';
import { monitoring, monitoringFixtures } from './monitoring.js';
import { oversight, oversightFixtures } from './oversight.js';
import { registry, registryFixtures } from './registry.js';
import { work, workFixtures } from './work.js';
import type { SetupCtx, Table } from './rules.js';

export interface Module {
  name: string;
  table: Table;
  /** Records the module's rules refer to, added to the shared fixtures. */
  fixtures?(s: SetupCtx): Promise<void>;
}

export const MODULES: Module[] = [{ name: 'foundation', table: foundation, fixtures: foundationFixtures },
  { name: 'registry', table: registry, fixtures: registryFixtures },
  { name: 'hazards', table: hazards, fixtures: hazardFixtures },
  { name: 'inspections and plans', table: work, fixtures: workFixtures },
  { name: 'monitoring', table: monitoring, fixtures: monitoringFixtures },
  { name: 'supervision, notifications, robots', table: coordination, fixtures: coordinationFixtures },
  { name: 'oversight and public reports', table: oversight, fixtures: oversightFixtures },
  { name: 'cylinders', table: cylinders, fixtures: cylinderFixtures },
];
