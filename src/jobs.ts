import { loadConfig, type Config } from './config.js';
import type { Db } from './db/db.js';
import { runOverdueSweep } from './hazards/overdue.sweep.js';
import { planFollowUps } from './plans/plans.service.js';
import { loadMonitoringConfig } from './monitoring/monitoring.config.js';
import { runDeviceSweep } from './monitoring/offline.sweep.js';
import { RuleCache } from './monitoring/rules.repository.js';
import { runDeadlineSweep } from './notifications/deadline.sweep.js';
import { runOutboxSender } from './notifications/outbox.sender.js';
import { fetchRobotSender, type RobotSender } from './notifications/robot.sender.js';
import { todayInChina } from './registry/registry.routes.js';
import type { Clock } from './shared/clock.js';
import { runAnomalyScan } from './cylinders/anomalies.service.js';
import { refreshSummaries } from './dashboard/summary.refresh.js';
import { runReportCalendar } from './campaigns/progress.service.js';
import { runGradingJob } from './grading/grading.service.js';
import { purgeChallenges } from './reports/public.service.js';
import { purgeRateLimits } from './shared/rate-limit.js';
import { fieldCrypto, loadDataKey } from './shared/field-crypto.js';
import { runSupervisionSweep } from './supervision/supervision.sweep.js';

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Background sweeps of every instance. Each sweep takes its own advisory lock inside, so with
 * several instances behind a load balancer exactly one does the work each round.
 */
export function platformJobs(
  db: Db,
  clock: Clock,
  // The settings the notification jobs need; read from the environment when the caller passes none.
  config: Pick<Config, 'publicUrl' | 'reminderDays' | 'dataKeyHex' | 'dataDir'> = loadConfig(),
  robots: RobotSender = fetchRobotSender(),
): Job[] {
  // The same data key the app uses (GASGUARD_DATA_KEY or the data folder's key file): robot URLs and secrets are encrypted with it.
  const crypto = fieldCrypto(loadDataKey({ dataKeyHex: config.dataKeyHex, dataDir: config.dataDir }));
  const today = () => todayInChina(clock.now());
  const deviceRules = new RuleCache(db);
  return [
    { name: 'hazard overdue sweep', everyMs: 60_000, run: () => runOverdueSweep(db, today()) },
    // Hourly; each hazard and deadline is announced once (notification_marks), so in effect daily.
    { name: 'deadline approaching sweep', everyMs: 60 * 60_000, run: () => runDeadlineSweep(db, today(), config.reminderDays) },
    // R3.6: more frequent visits while a subject has an open hazard (idempotent by unique task key).
    { name: 'plan follow-up visits', everyMs: 60 * 60_000, run: () => planFollowUps(db, today()) },
    { name: 'supervision overdue sweep', everyMs: 10 * 60_000, run: () => runSupervisionSweep(db, today()) },
    { name: 'robot outbox sender', everyMs: 5_000, run: () => runOutboxSender({ db, clock, sender: robots, crypto, publicUrl: config.publicUrl }) },
    // Devices silent past their offline timeout; recovered device-health alarms (R7.3).
    { name: 'device offline sweep', everyMs: loadMonitoringConfig().sweepSeconds * 1000, run: () => runDeviceSweep(db, clock, deviceRules) },
    // Oversight: dashboard summaries (never staler than a minute), reporting calendar (R5.2),
    // enterprise grading review (R9.1, daily), and clean-up of the public channel's guards.
    { name: 'dashboard summary refresh', everyMs: 30_000, run: () => refreshSummaries(db) },
    { name: 'progress report calendar', everyMs: 10 * 60_000, run: () => runReportCalendar(db, clock.now()) },
    { name: 'enterprise grading review', everyMs: 60 * 60_000, run: () => runGradingJob(db, clock.now(), today()) },
    // Cylinder anomalies (R6.4): incremental from the last processed event, under its own advisory lock.
    { name: 'cylinder anomaly scan', everyMs: 60_000, run: () => runAnomalyScan(db, clock.now()) },
    { name: 'public channel clean-up', everyMs: 10 * 60_000, run: async () => [await purgeRateLimits(db, clock.now()), await purgeChallenges(db, clock.now())] },
  ];
}

export function startJobs(jobs: Job[], log: (m: string) => void): () => Promise<void> {
  const running = new Set<Promise<unknown>>();
  const runOnce = (job: Job) => {
    const p = job.run().catch((e: unknown) => log(`${job.name} failed: ${e instanceof Error ? e.message : String(e)}`));
    running.add(p);
    void p.finally(() => running.delete(p));
  };
  // First round shortly after start (not a whole interval later), then every interval.
  const timers = jobs.flatMap((job) => [setTimeout(() => runOnce(job), 5_000 + Math.random() * 5_000), setInterval(() => runOnce(job), job.everyMs)]);
  for (const t of timers) t.unref();
  return async () => {
    for (const t of timers) clearInterval(t);
    await Promise.allSettled([...running]);
  };
}
