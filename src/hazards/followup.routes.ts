/**
 * Routes that follow a hazard past the ledger (R4.4–R4.8): notices, enforcement and supply
 * suspension, 回头看 and rebounds, 责任倒查 dossiers, the ledger export and the major-hazard list.
 * One registration for app.ts.
 */
import type { FastifyInstance } from 'fastify';
import { registerDossierRoutes } from './dossier.routes.js';
import { registerEnforcementRoutes } from './enforcement.routes.js';
import { registerLedgerRoutes } from './ledger.routes.js';
import { registerLookbackRoutes } from './lookback.routes.js';
import { registerNoticeRoutes } from './notices.routes.js';

export function registerHazardFollowUpRoutes(app: FastifyInstance) {
  registerNoticeRoutes(app);
  registerEnforcementRoutes(app);
  registerLookbackRoutes(app);
  registerDossierRoutes(app);
  registerLedgerRoutes(app);
}
