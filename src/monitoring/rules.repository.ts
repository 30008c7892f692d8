import type { Executor } from '../db/db.js';
import { monitoringRules } from '../db/schema/index.js';
import { mergeRules, type RuleSet } from './rules.config.js';

/** The rules in force: defaults with the deployment's stored settings on top. */
export async function loadRules(db: Executor): Promise<RuleSet> {
  const rows = await db.select({ deviceType: monitoringRules.deviceType, config: monitoringRules.config }).from(monitoringRules);
  return mergeRules(rows);
}

/**
 * The rules as the pipeline and the sweep read them: reloaded at most every `ttlMs`, so an edit on
 * one instance is in force on every instance within seconds without any messaging between them.
 */
export class RuleCache {
  private value: RuleSet | null = null;
  private loadedAt = 0;

  constructor(
    private readonly db: Executor,
    private readonly ttlMs = 5000,
  ) {}

  async get(): Promise<RuleSet> {
    if (!this.value || Date.now() - this.loadedAt > this.ttlMs) {
      this.value = await loadRules(this.db);
      this.loadedAt = Date.now();
    }
    return this.value;
  }

  invalidate(): void {
    this.value = null;
  }
}
