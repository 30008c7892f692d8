import type { Executor } from '../db/db.js';
import { loadCampaignVisible } from '../campaigns/campaigns.service.js';
import type { PhaseKey } from '../campaigns/calendar.rules.js';
import { AppError } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';

/** The period figures are counted over (ISO dates, inclusive, China time). */
export interface Period {
  from: string;
  to: string;
  campaign: { id: string; name: string } | null;
  phase: { key: PhaseKey; name: string } | null;
}

export interface PeriodQuery {
  from?: string | undefined;
  to?: string | undefined;
  campaignId?: string | undefined;
  phase?: PhaseKey | undefined;
}

const MAX_DAYS = 3660;

const bad = (path: string, key: string, params: Record<string, unknown> = {}) => new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path, key, params }]);

/**
 * The period of a dashboard request: explicit from/to; else a campaign's phase (R5.4: the
 * dashboard read per phase), or the whole campaign; else the current year to today. An
 * open-ended phase or campaign runs to today.
 */
export async function resolvePeriod(db: Executor, p: Principal, q: PeriodQuery, today: string): Promise<Period> {
  let from = `${today.slice(0, 4)}-01-01`;
  let to = today;
  let campaign: Period['campaign'] = null;
  let phase: Period['phase'] = null;
  if (q.phase && !q.campaignId) throw bad('campaignId', 'field.required');
  if (q.campaignId) {
    const c = await loadCampaignVisible(db, p, q.campaignId);
    campaign = { id: c.id, name: c.name };
    if (q.phase) {
      const ph = c.phases.find((x) => x.key === q.phase);
      if (!ph) throw bad('phase', 'campaign.phaseMissing', { phase: q.phase });
      phase = { key: ph.key, name: ph.name };
      from = ph.start;
      to = ph.end ?? (today > ph.start ? today : ph.start);
    } else {
      from = c.startDate;
      to = c.endDate ?? (today > c.startDate ? today : c.startDate);
    }
  }
  if (q.from) from = q.from;
  if (q.to) to = q.to;
  if (from > to) throw bad('from', 'dashboard.periodOrder');
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS) throw bad('to', 'dashboard.periodTooLong', { days: MAX_DAYS });
  return { from, to, campaign, phase };
}
