/**
 * The live alarm stream (GET /api/v1/alarms/stream, Server-Sent Events, session cookie): `ready`
 * once the server listens (then load the list: nothing after it is missed), `alarm` for every
 * change in the caller's scope, `resync` when changes may have been lost. The browser reconnects
 * by itself after a dropped connection (the server asks for 3 s); when the server refuses the
 * stream (an expired session, a restart in progress) the hook reconnects with a back-off and asks
 * /me once, so an expired session goes to the login page.
 */
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.js';
import type { Alarm } from './types.js';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

export interface StreamHandlers {
  onAlarm(alarm: Alarm): void;
  /** (Re)connected or told to resync: load the list again. */
  onSync(): void;
}

export function useAlarmStream(handlers: StreamHandlers, enabled = true): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (!enabled) return;
    let es: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let failures = 0;

    const open = () => {
      if (stopped) return;
      es = new EventSource('/api/v1/alarms/stream', { withCredentials: true });
      es.addEventListener('ready', () => {
        failures = 0;
        setState('live');
        latest.current.onSync();
      });
      es.addEventListener('resync', () => latest.current.onSync());
      es.addEventListener('alarm', (e) => {
        try {
          latest.current.onAlarm(JSON.parse((e as MessageEvent<string>).data) as Alarm);
        } catch {
          // A malformed event: the next resync repairs the list.
        }
      });
      es.onerror = () => {
        if (stopped || !es) return;
        setState('reconnecting');
        if (es.readyState === EventSource.CLOSED) {
          // Refused (not a dropped connection): the browser will not retry, so we do.
          es.close();
          failures++;
          if (failures === 1) api.get('/api/v1/me').catch(() => undefined);
          timer = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
        }
      };
    };
    setState('connecting');
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      es?.close();
    };
  }, [enabled]);

  return state;
}

const STATE_RANK: Record<string, number> = { raised: 0, notified: 1, acknowledged: 2, dispatched: 3, on_site: 4, handled: 5, closed: 6 };

/** A change's recency: the latest time on the alarm (every step and every repeat moves one). */
function latestTime(a: Alarm): number {
  const times = [a.raisedAt, a.lastAt, a.clearedAt, a.notifiedAt, a.acknowledgedAt, a.dispatchedAt, a.arrivedAt, a.handledAt, a.closedAt];
  let max = 0;
  for (const t of times) if (t) max = Math.max(max, Date.parse(t));
  return max;
}

/** Should `incoming` replace `known`? By its latest time, then its state, then its repeat count; a tie goes to `incoming`. */
export function supersedes(incoming: Alarm, known: Alarm | undefined): boolean {
  if (!known) return true;
  const d = latestTime(incoming) - latestTime(known);
  if (d !== 0) return d > 0;
  const s = (STATE_RANK[incoming.state] ?? 0) - (STATE_RANK[known.state] ?? 0);
  if (s !== 0) return s > 0;
  return incoming.count >= known.count;
}
