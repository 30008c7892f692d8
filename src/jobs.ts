import type { Db } from './db/db.js';
import { runOverdueSweep } from './hazards/overdue.sweep.js';
import { todayInChina } from './registry/registry.routes.js';
import type { Clock } from './shared/clock.js';

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Background sweeps of every instance. Each sweep takes its own advisory lock inside, so with
 * several instances behind a load balancer exactly one does the work each round.
 */
export function platformJobs(db: Db, clock: Clock): Job[] {
  return [{ name: 'hazard overdue sweep', everyMs: 60_000, run: () => runOverdueSweep(db, todayInChina(clock.now())) }];
}

export function startJobs(jobs: Job[], log: (m: string) => void): () => Promise<void> {
  const running = new Set<Promise<unknown>>();
  const timers = jobs.map((job) =>
    setInterval(() => {
      const p = job.run().catch((e: unknown) => log(`${job.name} failed: ${e instanceof Error ? e.message : String(e)}`));
      running.add(p);
      void p.finally(() => running.delete(p));
    }, job.everyMs),
  );
  for (const t of timers) t.unref();
  return async () => {
    for (const t of timers) clearInterval(t);
    await Promise.allSettled([...running]);
  };
}
