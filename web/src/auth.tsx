import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { Capability, Role } from '../../src/accounts/roles.js';
import { api, configureApi } from './api.js';
import { isLocale, storedLocale, useI18n } from './i18n/index.js';
import type { Me } from './types.js';

interface Auth {
  /** The logged-in account; null when nobody is logged in; undefined while the first /me runs. */
  me: Me | null | undefined;
  login(username: string, password: string, otp?: string): Promise<Me>;
  logout(): Promise<void>;
  refresh(): Promise<Me | null>;
  can(capability: Capability): boolean;
}

const AuthContext = createContext<Auth | null>(null);

/** Roles of the government side: they read the departments and the matrix of their region. */
export const GOVERNMENT_ROLES: readonly Role[] = ['platform_admin', 'task_force', 'dept_officer', 'town_officer', 'grid_worker'];

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const navigate = useNavigate();
  const location = useLocation();
  const { t, locale, setLocale } = useI18n();
  const where = useRef(location.pathname + location.search);
  where.current = location.pathname + location.search;

  useEffect(() => {
    configureApi({
      onUnauthenticated: () => {
        setMe(null);
        const from = where.current;
        if (!from.startsWith('/login')) navigate('/login', { replace: true, state: { from } });
      },
      onPasswordChangeRequired: () => {
        setMe((m) => (m ? { ...m, mustChangePassword: true } : m));
        navigate('/change-password', { replace: true });
      },
      onTotpSetupRequired: () => navigate('/two-factor', { replace: true }),
      networkMessage: () => t('error.network'),
      httpMessage: (status) => t('error.http', { status }),
    });
  }, [navigate, t]);

  /** This browser's language choice wins and is stored on the account; without one, adopt the account's. */
  const syncLocale = useCallback(
    (account: Me) => {
      const chosen = storedLocale();
      if (chosen && chosen !== account.locale) {
        api.put('/api/v1/me/locale', { locale: chosen }).catch(() => undefined);
      } else if (!chosen && isLocale(account.locale) && account.locale !== locale) {
        setLocale(account.locale);
      }
    },
    [locale, setLocale],
  );

  const refresh = useCallback(async () => {
    try {
      const m = await api.get<Me>('/api/v1/me', undefined, { noRedirect: true });
      setMe(m);
      return m;
    } catch {
      setMe(null);
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh().then((m) => m && syncLocale(m));
    // Only once, at start.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const login = useCallback(
    async (username: string, password: string, otp?: string) => {
      const m = await api.post<Me>('/api/v1/auth/login', { username, password, ...(otp ? { otp } : {}) }, { noRedirect: true });
      setMe(m);
      syncLocale(m);
      return m;
    },
    [syncLocale],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout', {}, { noRedirect: true });
    } finally {
      setMe(null);
      navigate('/login', { replace: true });
    }
  }, [navigate]);

  const value = useMemo<Auth>(
    () => ({
      me,
      login,
      logout,
      refresh,
      can: (c) => !!me && (me.capabilities as readonly string[]).includes(c),
    }),
    [me, login, logout, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** Admin and task-force accounts enrol a second factor before anything else (demo accounts excepted). */
export function needsTotpSetup(me: Me): boolean {
  return me.twoFactorRequired && !me.isDemo && !me.twoFactorEnabled;
}

/** Where an account that is logged in must go first, if anywhere. */
export function pendingStep(me: Me): '/change-password' | '/two-factor' | null {
  if (me.mustChangePassword) return '/change-password';
  if (needsTotpSetup(me)) return '/two-factor';
  return null;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The logged-in account inside the shell (the shell renders only when there is one). */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a logged-in account');
  return me;
}
