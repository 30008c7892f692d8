import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/Forbidden.js';
import { InspectionFormPage } from './InspectionFormPage.js';
import { InspectionRecordPage } from './InspectionRecordPage.js';
import { InspectionsHome } from './InspectionsHome.js';
import { NewInspectionPage } from './NewInspectionPage.js';

/** 排查检查 (R3.7, R3.8): /inspections, /inspections/new, /inspections/draft/:clientUuid, /inspections/:id. */
export function InspectionsModule() {
  return (
    <Routes>
      <Route index element={<InspectionsHome />} />
      <Route path="new" element={<NewInspectionPage />} />
      <Route path="draft/:clientUuid" element={<InspectionFormPage />} />
      <Route path=":id" element={<InspectionRecordPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
