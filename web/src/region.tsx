import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from './api.js';
import { useMe } from './auth.js';
import type { RegionDetail } from './types.js';

/** The region the pages work on: chosen in the header, remembered per account in this browser. */
export interface SelectedRegion {
  id: string;
  name: string;
  code: string;
  level: string;
}

interface RegionSelection {
  region: SelectedRegion;
  setRegion(region: SelectedRegion): void;
  /** True when the selection is the account's own home region. */
  isHome: boolean;
}

const RegionContext = createContext<RegionSelection | null>(null);

const storageKey = (accountId: string) => `gg_region:${accountId}`;

function readStored(accountId: string): SelectedRegion | null {
  try {
    const raw = localStorage.getItem(storageKey(accountId));
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<SelectedRegion>;
    return typeof v.id === 'string' && typeof v.name === 'string' ? { id: v.id, name: v.name, code: v.code ?? '', level: v.level ?? '' } : null;
  } catch {
    return null;
  }
}

export function RegionProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const home: SelectedRegion = useMemo(
    () => ({ id: me.region.id, name: me.region.name, code: me.region.code, level: me.region.level }),
    [me.region.id, me.region.name, me.region.code, me.region.level],
  );
  const [region, setRegionState] = useState<SelectedRegion>(() => readStored(me.id) ?? home);

  // A remembered region may have been retired, moved away or fallen out of scope: check it once.
  useEffect(() => {
    if (region.id === home.id) return;
    let live = true;
    api
      .get<RegionDetail>(`/api/v1/regions/${region.id}`, undefined, { noRedirect: true })
      .then((r) => {
        if (live && r.status !== 'active') setRegionState(home);
      })
      .catch(() => {
        if (live) setRegionState(home);
      });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me.id]);

  const setRegion = useCallback(
    (r: SelectedRegion) => {
      localStorage.setItem(storageKey(me.id), JSON.stringify(r));
      setRegionState(r);
    },
    [me.id],
  );
  const value = useMemo(() => ({ region, setRegion, isHome: region.id === home.id }), [region, setRegion, home.id]);
  return <RegionContext.Provider value={value}>{children}</RegionContext.Provider>;
}

export function useRegion(): RegionSelection {
  const ctx = useContext(RegionContext);
  if (!ctx) throw new Error('useRegion outside RegionProvider');
  return ctx;
}
