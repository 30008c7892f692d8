import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/Forbidden.js';
import { AlarmBoardPage } from './AlarmBoardPage.js';
import { AlarmDetailPage } from './AlarmDetailPage.js';
import { DeviceDetailPage } from './DeviceDetailPage.js';
import { DevicesPage } from './DevicesPage.js';

/** 监测预警 (R7.4): /alarms (the live board) and /alarms/:id (detail and handling; notifications link here). */
export function AlarmsModule() {
  return (
    <Routes>
      <Route index element={<AlarmBoardPage />} />
      <Route path=":id" element={<AlarmDetailPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/** 设备台账 (R7.1): /devices and /devices/:id. */
export function DevicesModule() {
  return (
    <Routes>
      <Route index element={<DevicesPage />} />
      <Route path=":id" element={<DeviceDetailPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
