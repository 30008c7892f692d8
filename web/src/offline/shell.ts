/**
 * The app shell offline: registers the service worker (web/public/sw.js) and puts the scripts and
 * styles this page has already loaded into its cache, including the page chunks fetched before the
 * worker took control, so the inspection pages open again without a connection.
 */
const SHELL = 'gg-shell-v1';

let registering: Promise<void> | null = null;

function supported(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && 'serviceWorker' in navigator && 'caches' in window;
}

/** Register the service worker once (production builds only; Vite's dev server has no sw.js). */
export function registerShell(): Promise<void> {
  if (registering) return registering;
  if (!supported() || import.meta.env.DEV) return Promise.resolve();
  registering = navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .then(() => cacheLoadedAssets())
    .catch(() => undefined);
  return registering;
}

/** Store every same-origin /assets/ file this page loaded (idempotent, cheap when already cached). */
export async function cacheLoadedAssets(): Promise<void> {
  if (!supported()) return;
  try {
    const urls = new Set<string>();
    for (const e of performance.getEntriesByType('resource')) {
      const u = new URL(e.name, location.href);
      if (u.origin === location.origin && u.pathname.startsWith('/assets/')) urls.add(u.pathname);
    }
    for (const el of document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[href]')) {
      const raw = el instanceof HTMLScriptElement ? el.src : el.href;
      const u = new URL(raw, location.href);
      if (u.origin === location.origin && u.pathname.startsWith('/assets/')) urls.add(u.pathname);
    }
    const cache = await caches.open(SHELL);
    for (const url of urls) {
      if (await cache.match(url)) continue;
      await cache.add(url).catch(() => undefined);
    }
  } catch {
    // Caching is a convenience; the app works without it while online.
  }
}
