import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUSModule from 'antd/es/locale/en_US.js';
import type { Locale as AntLocale } from 'antd/es/locale/index.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, pendingStep, useAuth } from './auth.js';
import { Forbidden, NotFound } from './components/Forbidden.js';
import { I18nProvider, useI18n } from './i18n/index.js';
import { AppLayout } from './layout/AppLayout.js';
import { moduleByKey } from './modules.js';
import { ChangePasswordPage } from './pages/ChangePasswordPage.js';
import { HomePage } from './pages/HomePage.js';
import { LoginPage } from './pages/LoginPage.js';
import { TwoFactorPage } from './pages/TwoFactorPage.js';
import { OfflineSync } from './offline/OfflineSync.js';
import { RegionProvider } from './region.js';

/**
 * antd's locale files are ES modules in a package without "type": "module", so TypeScript (NodeNext)
 * types the default import as the whole module while Vite hands over the default export. Accept both.
 */
function localeOf(m: unknown): AntLocale {
  const x = m as { default?: AntLocale } & AntLocale;
  return x.default && typeof x.default === 'object' ? x.default : x;
}
const enUS = localeOf(enUSModule);
const zhCN = localeOf(zhCNModule);

// The admin pages load on first use: a grid worker's phone fetches only the shell and the workbench.
const RegionsPage = lazy(() => import('./pages/RegionsPage.js').then((m) => ({ default: m.RegionsPage })));
const DepartmentsPage = lazy(() => import('./pages/DepartmentsPage.js').then((m) => ({ default: m.DepartmentsPage })));
const MatrixPage = lazy(() => import('./pages/MatrixPage.js').then((m) => ({ default: m.MatrixPage })));
const AccountsPage = lazy(() => import('./pages/AccountsPage.js').then((m) => ({ default: m.AccountsPage })));
const TokensPage = lazy(() => import('./pages/TokensPage.js').then((m) => ({ default: m.TokensPage })));
const AuditPage = lazy(() => import('./pages/AuditPage.js').then((m) => ({ default: m.AuditPage })));
const RegistryPage = lazy(() => import('./pages/registry/RegistryPage.js').then((m) => ({ default: m.RegistryPage })));
const RecordDetailPage = lazy(() => import('./pages/registry/RecordDetailPage.js').then((m) => ({ default: m.RecordDetailPage })));
const LicenceWatchPage = lazy(() => import('./pages/registry/LicenceWatchPage.js').then((m) => ({ default: m.LicenceWatchPage })));
const InspectionsModule = lazy(() => import('./pages/inspections/InspectionsModule.js').then((m) => ({ default: m.InspectionsModule })));
const CoveragePage = lazy(() => import('./pages/inspections/CoveragePage.js').then((m) => ({ default: m.CoveragePage })));
const ChecklistLibraryPage = lazy(() => import('./pages/inspections/ChecklistLibraryPage.js').then((m) => ({ default: m.ChecklistLibraryPage })));
const PublicListPage = lazy(() => import('./pages/registry/PublicListPage.js').then((m) => ({ default: m.PublicListPage })));
// 隐患台账、重大隐患、回头看、通知、调度督办 (web/src/pages/hazards, web/src/pages/supervision).
const HazardsModule = lazy(() => import('./pages/hazards/HazardsModule.js').then((m) => ({ default: m.HazardsModule })));
const MajorHazardsPage = lazy(() => import('./pages/hazards/MajorHazardsPage.js').then((m) => ({ default: m.MajorHazardsPage })));
const LookbackPage = lazy(() => import('./pages/hazards/LookbackPage.js').then((m) => ({ default: m.LookbackPage })));
const NotificationsPage = lazy(() => import('./pages/hazards/NotificationsPage.js').then((m) => ({ default: m.NotificationsPage })));
const SupervisionModule = lazy(() => import('./pages/supervision/SupervisionModule.js').then((m) => ({ default: m.SupervisionModule })));
// 监测预警 (R7): the live alarm board and alarm handling, devices, alarm rules, installation programme.
const AlarmsModule = lazy(() => import('./pages/monitoring/MonitoringRoutes.js').then((m) => ({ default: m.AlarmsModule })));
const DevicesModule = lazy(() => import('./pages/monitoring/MonitoringRoutes.js').then((m) => ({ default: m.DevicesModule })));
const AlarmRulesPage = lazy(() => import('./pages/monitoring/RulesPage.js').then((m) => ({ default: m.RulesPage })));
const ProgrammePage = lazy(() => import('./pages/monitoring/ProgrammePage.js').then((m) => ({ default: m.ProgrammePage })));

/** A browser driven by automation (the e2e tests) gets no animations: faster, and no half-open popups. */
const AUTOMATED = typeof navigator !== 'undefined' && navigator.webdriver === true;

function FullPageSpin() {
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
      <Spin size="large" />
    </div>
  );
}

/** The shell for a logged-in account whose password (and second factor, where required) is in order. */
function RequireAccount({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <FullPageSpin />;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const step = pendingStep(me);
  if (step) return <Navigate to={step} replace />;
  return (
    <RegionProvider>
      {/* Offline inspection drafts: the app opens without a connection and the outbox sends when it returns. */}
      <OfflineSync />
      {children}
    </RegionProvider>
  );
}

/** A module page, or 403 when the role may not open it. */
function Guard({ module, children }: { module: string; children: ReactNode }) {
  const { me } = useAuth();
  if (!me || !moduleByKey(module).visible(me)) return <Forbidden />;
  return <Suspense fallback={<Spin style={{ display: 'block', margin: '20vh auto' }} />}>{children}</Suspense>;
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/change-password" element={<ChangePasswordPage />} />
      <Route path="/two-factor" element={<TwoFactorPage />} />
      <Route path="/public/blacklist" element={<Suspense fallback={<FullPageSpin />}><PublicListPage which="blacklist" /></Suspense>} />
      <Route path="/public/unqualified-products" element={<Suspense fallback={<FullPageSpin />}><PublicListPage which="unqualified-products" /></Suspense>} />
      <Route
        element={
          <RequireAccount>
            <AppLayout />
          </RequireAccount>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="regions" element={<Guard module="regions"><RegionsPage /></Guard>} />
        <Route path="departments" element={<Guard module="departments"><DepartmentsPage /></Guard>} />
        <Route path="matrix" element={<Guard module="matrix"><MatrixPage /></Guard>} />
        <Route path="accounts" element={<Guard module="accounts"><AccountsPage /></Guard>} />
        <Route path="api-tokens" element={<Guard module="tokens"><TokensPage /></Guard>} />
        <Route path="audit" element={<Guard module="audit"><AuditPage /></Guard>} />
        <Route path="registry" element={<Guard module="registry"><RegistryPage /></Guard>} />
        <Route path="registry/:kind" element={<Guard module="registry"><RegistryPage /></Guard>} />
        <Route path="registry/:kind/:id" element={<Guard module="registry"><RecordDetailPage /></Guard>} />
        <Route path="licence-watch" element={<Guard module="licenceWatch"><LicenceWatchPage /></Guard>} />
        <Route path="inspections/*" element={<Guard module="inspections"><InspectionsModule /></Guard>} />
        <Route path="coverage" element={<Guard module="coverage"><CoveragePage /></Guard>} />
        <Route path="checklists" element={<Guard module="checklists"><ChecklistLibraryPage /></Guard>} />
        <Route path="hazards/*" element={<Guard module="hazards"><HazardsModule /></Guard>} />
        <Route path="major-hazards" element={<Guard module="majorHazards"><MajorHazardsPage /></Guard>} />
        <Route path="lookbacks" element={<Guard module="lookbacks"><LookbackPage /></Guard>} />
        <Route path="supervision/*" element={<Guard module="supervision"><SupervisionModule /></Guard>} />
        <Route path="notifications" element={<Guard module="home"><NotificationsPage /></Guard>} />
        <Route path="alarms/*" element={<Guard module="alarms"><AlarmsModule /></Guard>} />
        <Route path="devices/*" element={<Guard module="devices"><DevicesModule /></Guard>} />
        <Route path="alarm-rules" element={<Guard module="alarmRules"><AlarmRulesPage /></Guard>} />
        <Route path="device-programme" element={<Guard module="programme"><ProgrammePage /></Guard>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function Themed() {
  const { locale } = useI18n();
  return (
    <ConfigProvider
      locale={locale === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1f5fbf', borderRadius: 6, motion: !AUTOMATED } }}
    >
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
