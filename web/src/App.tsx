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
  return <RegionProvider>{children}</RegionProvider>;
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
