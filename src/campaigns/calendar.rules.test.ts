import { describe, expect, it } from 'vitest';
import { dueDates, findCalendarPreset, findCampaignPreset, isLate, phaseAt, phaseProblems, reportPeriod, type CalendarPreset, type CampaignPreset } from './calendar.rules.js';

const preset = (key: string): [CalendarPreset, CampaignPreset & { startDate: string; endDate: string | null }] => {
  const cal = findCalendarPreset(key)!;
  const c = findCampaignPreset(key)!;
  return [cal, { ...c, startDate: c.phases[0]!.start, endDate: c.phases[c.phases.length - 1]!.end }];
};

describe('R5.2 reporting calendars of the seeds', () => {
  it('000 大足: the 10th and 24th monthly during 集中攻坚 (Aug–Nov 2023), then the 21st', () => {
    const [cal, campaign] = preset('dazu_000');
    const dates = dueDates(cal, campaign, '2023-08-01', '2024-02-29');
    expect(dates.map((d) => d.date)).toEqual([
      '2023-08-24',
      '2023-09-10',
      '2023-09-24',
      '2023-10-10',
      '2023-10-24',
      '2023-11-10',
      '2023-11-24',
      '2023-12-21',
      '2024-01-21',
      '2024-02-21',
    ]);
    expect(dates[0]!.phase).toBe('focused');
    expect(dates[7]!.phase).toBe('consolidation');
    // 长效机制 runs to the end of 2025; nothing after it.
    const late = dueDates(cal, campaign, '2025-11-01', '2026-03-31');
    expect(late).toEqual([
      { date: '2025-11-21', phase: 'long_term' },
      { date: '2025-12-21', phase: 'long_term' },
    ]);
    expect(dueDates(cal, campaign, '2024-06-01', '2024-07-31')).toEqual([
      { date: '2024-06-21', phase: 'consolidation' },
      { date: '2024-07-21', phase: 'long_term' },
    ]);
  });

  it('001 江苏: the 22nd monthly from September 2023, open-ended 长效机制', () => {
    const [cal, campaign] = preset('jiangsu_001');
    expect(dueDates(cal, campaign, '2023-08-01', '2023-12-31').map((d) => d.date)).toEqual(['2023-09-22', '2023-10-22', '2023-11-22', '2023-12-22']);
    expect(campaign.endDate).toBeNull();
    expect(dueDates(cal, campaign, '2027-01-01', '2027-02-28')).toEqual([
      { date: '2027-01-22', phase: 'long_term' },
      { date: '2027-02-22', phase: 'long_term' },
    ]);
  });

  it('002 南昌: the 18th monthly from the plan (24 Aug 2023), so the first is 18 Sep', () => {
    const [cal, campaign] = preset('nanchang_002');
    expect(dueDates(cal, campaign, '2023-08-01', '2024-01-31').map((d) => d.date)).toEqual(['2023-09-18', '2023-10-18', '2023-11-18', '2023-12-18', '2024-01-18']);
  });

  it('a day past the month end falls on its last day; duplicates are merged', () => {
    const cal = { rules: [{ phases: ['focused' as const], days: [31, 30] }], startsOn: null };
    const c = { startDate: '2024-01-01', endDate: '2024-03-31', phases: [{ key: 'focused' as const, name: 'x', start: '2024-01-01', end: '2024-03-31' }] };
    expect(dueDates(cal, c, '2024-01-01', '2024-03-31').map((d) => d.date)).toEqual(['2024-01-30', '2024-01-31', '2024-02-29', '2024-03-30', '2024-03-31']);
  });

  it('a report covers the days since the previous due date, up to the day before its own', () => {
    const [cal, campaign] = preset('dazu_000');
    expect(reportPeriod(cal, campaign, '2023-09-10')).toEqual({ from: '2023-08-24', to: '2023-09-09' });
    expect(reportPeriod(cal, campaign, '2023-08-24')).toEqual({ from: '2023-08-23', to: '2023-08-23' });
    expect(reportPeriod(cal, campaign, '2023-12-21')).toEqual({ from: '2023-11-24', to: '2023-12-20' });
  });

  it('late: submitted after the due day, or still missing once it passed', () => {
    expect(isLate('2024-01-21', '2024-01-21', '2024-02-01')).toBe(false);
    expect(isLate('2024-01-21', '2024-01-22', '2024-02-01')).toBe(true);
    expect(isLate('2024-01-21', null, '2024-01-21')).toBe(false);
    expect(isLate('2024-01-21', null, '2024-01-22')).toBe(true);
  });
});

describe('R5.4 campaign phases', () => {
  it('finds the phase of a day and checks order and overlap', () => {
    const c = findCampaignPreset('dazu_000')!;
    expect(phaseAt(c.phases, '2023-11-30')?.key).toBe('focused');
    expect(phaseAt(c.phases, '2023-12-01')?.key).toBe('consolidation');
    expect(phaseAt(c.phases, '2026-01-01')).toBeNull();
    expect(phaseProblems(c.phases)).toEqual([]);
    expect(
      phaseProblems([
        { key: 'focused', name: 'a', start: '2024-01-01', end: '2024-03-01' },
        { key: 'consolidation', name: 'b', start: '2024-02-01', end: '2024-01-01' },
      ]),
    ).toEqual(['phases.1.start', 'phases.1.end']);
  });
});
