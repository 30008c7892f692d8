/**
 * Is there a connection to the server? navigator.onLine alone is not enough: a phone on a Wi-Fi
 * without internet, or a dead zone with one bar, says "online" while every request fails. So a
 * failed request marks the connection as down, and while it is down a tiny request
 * (GET /api/health) checks every few seconds whether it came back; any request that succeeds, or
 * the browser's 'online' event followed by a successful check, marks it up again.
 */
type Listener = (online: boolean) => void;

let down = false;
let probeTimer: ReturnType<typeof setTimeout> | undefined;
let probes = 0;
const listeners = new Set<Listener>();

function emit() {
  const now = isOnline();
  for (const l of listeners) l(now);
}

export function isOnline(): boolean {
  return !down && (typeof navigator === 'undefined' || navigator.onLine !== false);
}

export function onConnectionChange(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** A request got through: the server is reachable. */
export function markOnline(): void {
  clearTimeout(probeTimer);
  probes = 0;
  if (!down) return;
  down = false;
  emit();
}

/** A request failed for want of a connection: watch for its return. */
export function markOffline(): void {
  if (!down) {
    down = true;
    emit();
  }
  scheduleProbe();
}

function scheduleProbe() {
  clearTimeout(probeTimer);
  // Every 5 s for the first minute, then every 20 s.
  probeTimer = setTimeout(() => void probe(), probes < 12 ? 5_000 : 20_000);
}

/** Check the connection now; true when the server answered. */
export async function probe(): Promise<boolean> {
  probes++;
  try {
    const res = await fetch('/api/health', { cache: 'no-store', credentials: 'same-origin' });
    // Any answer from the server (even 503: database down) means the network is there.
    void res.body?.cancel();
    markOnline();
    return true;
  } catch {
    markOffline();
    return false;
  }
}

let started = false;

/** Follow the browser's online/offline events (once per page). */
export function watchConnection(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  window.addEventListener('offline', () => {
    markOffline();
    emit();
  });
  window.addEventListener('online', () => {
    emit();
    void probe();
  });
}
