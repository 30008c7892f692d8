/*
 * GasGuard service worker: lets the app open without a connection, so an inspection form in
 * progress (kept in IndexedDB) can be reopened on site. Deliberately small:
 *  - page loads (navigations): network first, the last good index.html when offline;
 *  - /assets/* (content-hashed, never change): cache first, stored as they are fetched;
 *  - GET /api/v1/me and /api/v1/regions (who is logged in, the header's region list): network
 *    first, the last answer when offline; dropped on logout, on login and on a 401.
 * Every other request (all other API calls, uploads, downloads) is not touched.
 */
const SHELL = 'gg-shell-v1';
const API = 'gg-api-v1';
const API_CACHED = new Set(['/api/v1/me', '/api/v1/regions']);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.add('/'))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== SHELL && key !== API) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

async function pageLoad(request) {
  const cache = await caches.open(SHELL);
  try {
    const res = await fetch(request);
    if (res.ok && (res.headers.get('content-type') || '').includes('text/html')) await cache.put('/', res.clone());
    return res;
  } catch (e) {
    const hit = await cache.match('/');
    if (hit) return hit;
    throw e;
  }
}

async function asset(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

async function api(request) {
  const cache = await caches.open(API);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(request, res.clone());
    else if (res.status === 401) await cache.delete(request);
    return res;
  } catch (e) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    if (url.pathname === '/api/v1/auth/logout' || url.pathname === '/api/v1/auth/login') event.waitUntil(caches.delete(API));
    return;
  }
  if (request.mode === 'navigate') {
    if (url.pathname.startsWith('/api/')) return;
    event.respondWith(pageLoad(request));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
    return;
  }
  if (API_CACHED.has(url.pathname) && !url.search) event.respondWith(api(request));
});
