import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/Forbidden.js';
import { HazardDetailPage } from './HazardDetailPage.js';
import { HazardLedgerPage } from './HazardLedgerPage.js';

/** 隐患台账 (R4): /hazards (the ledger, filters in the URL) and /hazards/:id (one hazard). */
export function HazardsModule() {
  return (
    <Routes>
      <Route index element={<HazardLedgerPage />} />
      <Route path=":id" element={<HazardDetailPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
