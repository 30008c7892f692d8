import { App, Grid, type FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { ApiError, applyFieldErrors, isHandled } from './api.js';
import { useI18n } from './i18n/index.js';

/**
 * Show an API failure: field messages go onto the form's fields, the main message (plus any
 * field message that has no field on the form) goes to the message bar.
 */
export function useShowError() {
  const { message } = App.useApp();
  const { t } = useI18n();
  // Stable across language switches, so effects that depend on it do not run again.
  const latest = useRef({ message, t });
  latest.current = { message, t };
  return useCallback((e: unknown, form?: FormInstance) => {
    const { message: msg, t: tr } = latest.current;
    if (isHandled(e)) return;
    if (e instanceof ApiError) {
      const rest = applyFieldErrors(form, e);
      const text = rest.length
        ? tr('error.fields', { message: e.message, fields: rest.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ') })
        : e.message;
      void msg.error(text);
      return;
    }
    void msg.error(e instanceof Error ? e.message : String(e));
  }, []);
}

export interface Loaded<T> {
  data: T | undefined;
  loading: boolean;
  error: unknown;
  reload(): void;
}

/** Load data when `deps` change; stale answers are dropped, failures are shown once. */
export function useLoad<T>(load: (() => Promise<T>) | null, deps: DependencyList): Loaded<T> {
  const showError = useShowError();
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    if (!load) {
      setData(undefined);
      return;
    }
    const mine = ++seq.current;
    setLoading(true);
    load().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(e);
        setLoading(false);
        showError(e);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, loading, error, reload };
}

/** Run an action with a busy flag; returns what it returned, or undefined when it failed. */
export function useAction() {
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T,>(fn: () => Promise<T>, form?: FormInstance): Promise<T | undefined> => {
      setBusy(true);
      try {
        return await fn();
      } catch (e) {
        showError(e, form);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [showError],
  );
  return { busy, run };
}

/** True on a phone-sized screen (below antd's `md`, 768 px). */
export function useIsPhone(): boolean {
  return Grid.useBreakpoint().md === false;
}
